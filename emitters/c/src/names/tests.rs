use interoptopus_core::model::*;

use super::*;
use crate::config::TypeCase;

fn def(name: &str, path: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        guard: Default::default(),
        name: name.into(),
        rust_path: path.into(),
        docs: Docs::default(),
        span: Span::default(),
        kind,
        deprecated: None,
    }
}

fn field(name: &str) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::default(),
        ty: TypeRef::primitive(Primitive::U8),
    }
}

fn plain_struct(fields: Vec<Field>) -> TypeKind {
    TypeKind::Struct {
        fields,
        repr: StructRepr::default(),
        tuple: false,
    }
}

fn messages(model: &Model, config: &Config) -> Vec<String> {
    Names::build(model, config)
        .1
        .into_iter()
        .map(|e| e.message)
        .collect()
}

#[test]
fn keywords_are_escaped_everywhere() {
    let mut m = Model::new("t", "t");
    m.types.push(def(
        "int",
        "crate::int",
        plain_struct(vec![field("class"), field("x")]),
    ));
    m.types
        .push(def("size_t", "crate::size_t", TypeKind::Opaque));
    m.constants.push(Constant {
        guard: Default::default(),
        name: "INT32_MAX".into(),
        rust_path: "crate::INT32_MAX".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::I32,
        value: ConstValue::Int(1),
        deprecated: None,
    });
    let (names, errors) = Names::build(&m, &Config::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(names.types, vec!["int_", "size_t_"]);
    assert_eq!(names.constants, vec!["INT32_MAX_"]);
    assert_eq!(member("class"), "class_");
    assert_eq!(member("restrict"), "restrict_");
    assert_eq!(member("this"), "this_");
    assert_eq!(member("ok"), "ok");
}

#[test]
fn prefix_applies_to_c_only_names() {
    let mut m = Model::new("t", "t");
    m.types.push(def(
        "Color",
        "crate::Color",
        TypeKind::Enum {
            int: IntKind::I32,
            repr_c: true,
            variants: vec![EnumVariant {
                name: "DarkRed".into(),
                value: 0,
                docs: Docs::default(),
                deprecated: None,
            }],
        },
    ));
    m.functions.push(Function {
        guard: Default::default(),
        name: "int".into(),
        rust_path: "crate::int".into(),
        docs: Docs::default(),
        span: Span::default(),
        sig: FnSig {
            params: vec![],
            ret: TypeRef::Void,
        },
        deprecated: None,
    });
    let (names, errors) = Names::build(&m, &Config::default().prefix("kl_"));
    assert_eq!(names.types, vec!["kl_Color"]);
    assert_eq!(names.enumerators[0], vec!["kl_COLOR_DARK_RED"]);
    assert_eq!(names.functions, vec!["int"]);
    // A function symbol cannot be escaped without breaking the link.
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("symbol `int` is reserved"),
        "{errors:?}"
    );
}

#[test]
fn two_rust_items_with_one_c_name_are_an_error_naming_both() {
    let mut m = Model::new("t", "t");
    m.types
        .push(def("Foo", "crate::a::Foo", plain_struct(vec![field("x")])));
    m.types
        .push(def("Foo", "crate::b::Foo", plain_struct(vec![field("x")])));
    let errors = messages(&m, &Config::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("`crate::a::Foo`"), "{}", errors[0]);
    assert!(errors[0].contains("`crate::b::Foo`"), "{}", errors[0]);
}

#[test]
fn derived_names_collide_too() {
    let mut m = Model::new("t", "t");
    let unit = |name: &str, value| EnumVariant {
        name: name.into(),
        value,
        docs: Docs::default(),
        deprecated: None,
    };
    // `Mode::FooBar` and `Mode::Foo_Bar` are both `MODE_FOO_BAR`.
    m.types.push(def(
        "Mode",
        "crate::Mode",
        TypeKind::Enum {
            int: IntKind::U8,
            repr_c: false,
            variants: vec![unit("FooBar", 0), unit("Foo_Bar", 1)],
        },
    ));
    // `Shape_Tag` is also the tag type generated for `Shape`.
    m.types.push(def(
        "Shape_Tag",
        "crate::Shape_Tag",
        plain_struct(vec![field("x")]),
    ));
    m.types.push(def(
        "Shape",
        "crate::Shape",
        TypeKind::TaggedUnion {
            tag: IntKind::U8,
            style: TagStyle::Separate,
            variants: vec![DataVariant {
                name: "A".into(),
                value: 0,
                docs: Docs::default(),
                fields: vec![],
                tuple: false,
            }],
        },
    ));
    // Fields `int` (escaped to `int_`) and `int_` collide inside one struct.
    m.types.push(def(
        "S",
        "crate::S",
        plain_struct(vec![field("int"), field("int_")]),
    ));
    let errors = messages(&m, &Config::default());
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors
        .iter()
        .any(|e| e.contains("`crate::Mode::FooBar`") && e.contains("`crate::Mode::Foo_Bar`")));
    assert!(errors
        .iter()
        .any(|e| e.contains("`crate::Shape_Tag`") && e.contains("`crate::Shape` (tag type)")));
    assert!(errors
        .iter()
        .any(|e| e.contains("`crate::S::int`") && e.contains("`crate::S::int_`")));
}

#[test]
fn macros_must_not_shadow_members() {
    let mut m = Model::new("t", "t");
    m.types
        .push(def("S", "crate::S", plain_struct(vec![field("LIMIT")])));
    m.constants.push(Constant {
        guard: Default::default(),
        name: "LIMIT".into(),
        rust_path: "crate::LIMIT".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::U8,
        value: ConstValue::Int(1),
        deprecated: None,
    });
    let errors = messages(&m, &Config::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("replaced by the macro `LIMIT`"));
    // With a prefix the macro is `P_LIMIT` and nothing clashes.
    assert!(messages(&m, &Config::default().prefix("P_")).is_empty());
}

#[test]
fn invalid_identifiers_are_reported() {
    let mut m = Model::new("t", "t");
    m.types.push(def(
        "Pair<f32>",
        "crate::Pair<f32>",
        plain_struct(vec![field("x")]),
    ));
    let errors = messages(&m, &Config::default());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("not a valid C identifier"));
    assert!(!messages(
        &Model::new("t", "t"),
        &Config::default().include_guard("1 bad")
    )
    .is_empty());
}

#[test]
fn a_member_named_like_a_type_it_uses_is_an_error() {
    let mut m = Model::new("t", "t");
    m.types
        .push(def("Vec3", "crate::Vec3", plain_struct(vec![field("x")])));
    let mut uses = field("Vec3");
    uses.ty = TypeRef::named(TypeId(0));
    m.types.push(def("A", "crate::A", plain_struct(vec![uses])));
    // Same field name, but the type is not used in `B`: fine in C and C++.
    m.types
        .push(def("B", "crate::B", plain_struct(vec![field("Vec3")])));
    let errors = messages(&m, &Config::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("member `Vec3` has the name of a type it uses"));
}

#[test]
fn enumerator_styles() {
    let mut m = Model::new("t", "t");
    let variant = |name: &str, value| EnumVariant {
        name: name.into(),
        value,
        docs: Docs::default(),
        deprecated: None,
    };
    m.types.push(def(
        "BrotliMode",
        "crate::BrotliMode",
        TypeKind::Enum {
            int: IntKind::I32,
            repr_c: true,
            variants: vec![variant("DarkRed", 0), variant("BROTLI_MODE_TEXT", 1)],
        },
    ));
    let names = |style| {
        let config = Config::default().prefix("p_").enumerator_style(style);
        let (names, errors) = Names::build(&m, &config);
        assert!(errors.is_empty(), "{errors:?}");
        names.enumerators[0].clone()
    };
    assert_eq!(
        names(EnumeratorStyle::Prefixed),
        vec!["p_BROTLI_MODE_DARK_RED", "p_BROTLI_MODE_BROTLI_MODE_TEXT"]
    );
    assert_eq!(
        names(EnumeratorStyle::Variant),
        vec!["p_DARK_RED", "p_BROTLI_MODE_TEXT"]
    );
    assert_eq!(
        names(EnumeratorStyle::AsWritten),
        vec!["p_DarkRed", "p_BROTLI_MODE_TEXT"]
    );
}

#[test]
fn type_case_applies_before_the_prefix() {
    let mut m = Model::new("t", "t");
    m.types
        .push(def("RegexSet", "crate::RegexSet", TypeKind::Opaque));
    m.types.push(def(
        "Pair_f32",
        "crate::Pair<f32>",
        plain_struct(vec![field("a")]),
    ));
    let names = |case| {
        let (names, errors) = Names::build(&m, &Config::default().prefix("rure_").type_case(case));
        assert!(errors.is_empty(), "{errors:?}");
        names.types
    };
    assert_eq!(
        names(TypeCase::AsWritten),
        vec!["rure_RegexSet", "rure_Pair_f32"]
    );
    assert_eq!(
        names(TypeCase::Snake),
        vec!["rure_regex_set", "rure_pair_f32"]
    );
    assert_eq!(
        names(TypeCase::Pascal),
        vec!["rure_RegexSet", "rure_PairF32"]
    );
}
