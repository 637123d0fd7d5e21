use interoptopus_core::model::*;

use super::*;

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        kind,
        deprecated: None,
    }
}

fn ptr_struct(to: u32) -> TypeKind {
    TypeKind::Struct {
        fields: vec![Field {
            name: "p".into(),
            rust_name: "p".into(),
            docs: Docs::default(),
            ty: TypeRef::pointer(TypeRef::named(TypeId(to)), false, true, PointerKind::Raw),
        }],
        repr: StructRepr::default(),
        tuple: false,
    }
}

fn enum_kind() -> TypeKind {
    TypeKind::Enum {
        int: IntKind::U8,
        repr_c: false,
        variants: vec![],
    }
}

#[test]
fn model_order_is_kept_and_pointer_targets_are_forward_declared() {
    let mut m = Model::new("t", "t");
    m.types.push(def("A", ptr_struct(1))); // A points at B, defined later
    m.types.push(def("B", ptr_struct(1))); // B points at itself
    m.types.push(def("C", TypeKind::Opaque));
    let plan = plan(&m).unwrap_or_default();
    assert_eq!(plan.order, vec![TypeId(0), TypeId(1), TypeId(2)]);
    assert_eq!(plan.forward, vec![false, true, true]);
}

#[test]
fn an_enum_behind_a_pointer_moves_up_and_nothing_else_moves() {
    let mut m = Model::new("t", "t");
    m.types.push(def("A", ptr_struct(2)));
    m.types.push(def("B", ptr_struct(0)));
    m.types.push(def("E", enum_kind()));
    let plan = plan(&m).unwrap_or_default();
    assert_eq!(plan.order, vec![TypeId(2), TypeId(0), TypeId(1)]);
    assert_eq!(plan.forward, vec![false, false, false]);
}

#[test]
fn an_alias_of_a_pointer_to_itself_is_an_error() {
    let mut m = Model::new("t", "t");
    m.types.push(def(
        "T",
        TypeKind::Transparent {
            field: Field {
                name: "_0".into(),
                rust_name: "0".into(),
                docs: Docs::default(),
                ty: TypeRef::pointer(TypeRef::named(TypeId(0)), false, true, PointerKind::Raw),
            },
        },
    ));
    let errors = plan(&m).err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("crate::T -> crate::T"),
        "{}",
        errors[0].message
    );
}
