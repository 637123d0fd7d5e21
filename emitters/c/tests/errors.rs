//! What C cannot express is an error naming the Rust item, never a silently wrong header.
//! All problems of one model come back from one call.

use interoptopus_c::{header, CEmitter, Config};
use interoptopus_core::model::*;
use interoptopus_core::{EmitError, EmitInput, Emitter, Layouts, TargetInfo};

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

fn field(name: &str, ty: TypeRef) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::default(),
        ty,
    }
}

fn record(fields: Vec<Field>, repr: StructRepr) -> TypeKind {
    TypeKind::Struct {
        fields,
        repr,
        tuple: false,
    }
}

fn u8_() -> TypeRef {
    TypeRef::primitive(Primitive::U8)
}

fn function(name: &str, params: Vec<Param>, ret: TypeRef) -> Function {
    Function {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        sig: FnSig { params, ret },
        deprecated: None,
    }
}

/// The header's errors; the layouts are not consulted beyond the target, so none are computed
/// (most of these models have no valid layout anyway).
fn errors(model: &Model) -> Vec<EmitError> {
    let layouts = Layouts {
        target: TargetInfo::x86_64_linux(),
        types: Vec::new(),
    };
    let input = EmitInput {
        model,
        layouts: &layouts,
    };
    match header(input, &Config::default()) {
        Ok(h) => panic!("expected errors, got a header:\n{h}"),
        Err(e) => {
            // The trait gives the same answer.
            assert_eq!(
                CEmitter::new(Config::default()).emit(input).err(),
                Some(e.clone())
            );
            e
        }
    }
}

fn has(errors: &[EmitError], rust_path: &str, text: &str) -> bool {
    errors
        .iter()
        .any(|e| e.language == "c" && e.rust_path == rust_path && e.message.contains(text))
}

#[test]
fn inexpressible_types_are_reported_together() {
    let mut m = Model::new("t", "t");
    let arr = |element: TypeRef, len| TypeRef::Array {
        element: Box::new(element),
        len,
    };
    m.types
        .push(def("Empty", record(vec![], StructRepr::default()))); // 0
    m.types.push(def(
        "Zero",
        record(vec![field("z", arr(u8_(), 0))], StructRepr::default()),
    )); // 1
    m.types.push(def("Handle", TypeKind::Opaque)); // 2
    m.types.push(def(
        "ByValue",
        record(
            vec![field("h", TypeRef::named(TypeId(2)))],
            StructRepr::default(),
        ),
    )); // 3
    m.types.push(def(
        "Both",
        record(
            vec![field("a", u8_())],
            StructRepr {
                packed: Some(1),
                align: Some(8),
            },
        ),
    )); // 4
    m.types.push(def(
        "Voidy",
        record(vec![field("v", TypeRef::Void)], StructRepr::default()),
    )); // 5
    m.types.push(def(
        "Row",
        TypeKind::Transparent {
            field: field("_0", arr(u8_(), 4)),
        },
    )); // 6
    m.types.push(def(
        "Discriminant",
        TypeKind::Enum {
            int: IntKind::U8,
            repr_c: false,
            variants: vec![EnumVariant {
                name: "Big".into(),
                value: 256,
                docs: Docs::default(),
                deprecated: None,
            }],
        },
    )); // 7
    m.functions.push(function(
        "takes_array",
        vec![Param {
            name: "a".into(),
            ty: arr(u8_(), 4),
        }],
        TypeRef::Void,
    ));
    m.functions
        .push(function("returns_row", vec![], TypeRef::named(TypeId(6))));
    m.functions.push(function("int", vec![], TypeRef::Void));
    m.constants.push(Constant {
        guard: Default::default(),
        name: "WRONG_KIND".into(),
        rust_path: "crate::WRONG_KIND".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::Bool,
        value: ConstValue::Int(1),
        deprecated: None,
    });
    m.constants.push(Constant {
        guard: Default::default(),
        name: "TOO_BIG".into(),
        rust_path: "crate::TOO_BIG".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::I8,
        value: ConstValue::Int(128),
        deprecated: None,
    });

    let e = errors(&m);
    assert!(
        has(&e, "crate::Empty", "C does not allow empty structs"),
        "{e:#?}"
    );
    assert!(has(&e, "crate::Zero::z", "zero-length arrays"), "{e:#?}");
    assert!(
        has(
            &e,
            "crate::ByValue::h",
            "opaque type `crate::Handle` used by value"
        ),
        "{e:#?}"
    );
    assert!(has(&e, "crate::Both", "`packed` and `align`"), "{e:#?}");
    assert!(
        has(&e, "crate::Voidy::v", "`void` used as a value"),
        "{e:#?}"
    );
    assert!(
        has(
            &e,
            "crate::Discriminant::Big",
            "value 256 does not fit `u8`"
        ),
        "{e:#?}"
    );
    assert!(
        has(&e, "crate::takes_array", "parameter `a` is an array"),
        "{e:#?}"
    );
    assert!(
        has(&e, "crate::returns_row", "cannot return arrays"),
        "{e:#?}"
    );
    assert!(has(&e, "crate::int", "symbol `int` is reserved"), "{e:#?}");
    assert!(
        has(&e, "crate::WRONG_KIND", "has a value of another kind"),
        "{e:#?}"
    );
    assert!(
        has(&e, "crate::TOO_BIG", "value 128 does not fit `i8`"),
        "{e:#?}"
    );
    assert_eq!(e.len(), 11, "{e:#?}");
    assert!(e.iter().filter(|e| e.hint.is_some()).count() >= 4);
}

#[test]
fn a_collision_names_both_rust_paths() {
    let mut m = Model::new("t", "t");
    let mut a = def(
        "Point",
        record(vec![field("x", u8_())], StructRepr::default()),
    );
    a.rust_path = "crate::geometry::Point".into();
    let mut b = def(
        "Point",
        record(vec![field("x", u8_())], StructRepr::default()),
    );
    b.rust_path = "crate::screen::Point".into();
    m.types.extend([a, b]);
    let e = errors(&m);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].message.contains("`crate::geometry::Point`"));
    assert!(e[0].message.contains("`crate::screen::Point`"));
    assert!(e[0].to_string().starts_with("crate::geometry::Point (c): "));
}

#[test]
fn an_alias_cycle_is_reported() {
    let mut m = Model::new("t", "t");
    m.types.push(def(
        "SelfPtr",
        TypeKind::Transparent {
            field: field(
                "_0",
                TypeRef::pointer(TypeRef::named(TypeId(0)), false, true, PointerKind::Raw),
            ),
        },
    ));
    let e = errors(&m);
    assert!(has(&e, "crate::SelfPtr", "refer to each other"), "{e:#?}");
}

#[test]
fn emitter_returns_one_file_named_by_config() {
    let model = interoptopus_core::fixtures::kitchen_sink();
    let layouts = match Layouts::compute(&model, &TargetInfo::x86_64_linux()) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let input = EmitInput {
        model: &model,
        layouts: &layouts,
    };
    let emitter = CEmitter::new(Config::default());
    assert_eq!(emitter.name(), "c");
    let files = emitter.emit(input).unwrap_or_default();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, std::path::PathBuf::from("kitchen_sink.h"));
    // Deterministic: the same input gives the same bytes.
    assert_eq!(
        Some(files[0].contents.clone()),
        header(input, &Config::default()).ok()
    );
    let named = CEmitter::new(Config::default().file("include/ks.h"))
        .emit(input)
        .unwrap_or_default();
    assert_eq!(named[0].path, std::path::PathBuf::from("include/ks.h"));
    assert!(named[0].contents.contains("#ifndef KS_H"));
}
