//! Unit tests of emitter decisions and error paths, on small hand-built models. Whole-file
//! behaviour (compiling, running on Mono) is in `tests/`.

use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::model::*;
use interoptopus_core::{EmitError, EmitInput, Emitter, Layouts, TargetInfo};

use crate::{CSharpEmitter, Config};

fn emit(model: &Model, config: Config) -> Result<String, Vec<EmitError>> {
    let layouts = match Layouts::compute(model, &TargetInfo::x86_64_linux()) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    CSharpEmitter::new(config)
        .emit(EmitInput {
            model,
            layouts: &layouts,
        })
        .map(|files| files.into_iter().map(|f| f.contents).collect())
}

fn ok(model: &Model, config: Config) -> String {
    match emit(model, config) {
        Ok(s) => s,
        Err(e) => panic!("unexpected errors: {e:?}"),
    }
}

fn errors(model: &Model, config: Config) -> Vec<EmitError> {
    match emit(model, config) {
        Ok(s) => panic!("expected errors, got:\n{s}"),
        Err(e) => e,
    }
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

fn field(name: &str, ty: TypeRef) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::default(),
        ty,
    }
}

fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
    TypeDef {
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::Struct {
            fields,
            repr: StructRepr::default(),
            tuple: false,
        },
    }
}

fn function(name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef) -> Function {
    Function {
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        sig: FnSig {
            params: params
                .into_iter()
                .map(|(n, ty)| Param { name: n.into(), ty })
                .collect(),
            ret,
        },
    }
}

fn model() -> Model {
    Model::new("t", "t")
}

#[test]
fn emitter_identity_and_file_name() {
    let e = CSharpEmitter::new(Config::default());
    assert_eq!(e.name(), "csharp");
    assert_eq!(
        Config::default().file_name(&kitchen_sink()),
        "KitchenSink.cs"
    );
}

#[test]
fn output_is_deterministic() {
    let a = ok(&kitchen_sink(), Config::default());
    let b = ok(&kitchen_sink(), Config::default());
    assert_eq!(a, b);
}

#[test]
fn functions_colliding_after_casing_are_errors() {
    let mut m = model();
    m.functions.push(function("foo_bar", vec![], TypeRef::Void));
    m.functions.push(function("FooBar", vec![], TypeRef::Void));
    let errs = errors(&m, Config::default());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("`FooBar`"), "{}", errs[0].message);
    assert!(errs[0].message.contains("foo_bar"));
    assert_eq!(errs[0].rust_path, "crate::FooBar");
    // Rust names keep them apart.
    ok(&m, Config::default().rust_names(true));
}

#[test]
fn types_colliding_after_casing_are_errors() {
    let mut m = model();
    m.types
        .push(strukt("my_type", vec![field("a", prim(Primitive::U8))]));
    m.types
        .push(strukt("MyType", vec![field("a", prim(Primitive::U8))]));
    let errs = errors(&m, Config::default());
    assert!(
        errs.iter().any(|e| e.message.contains("`MyType`")),
        "{errs:?}"
    );
}

#[test]
fn generated_names_collide_too() {
    // `Shape` would declare `ShapeTag`, which the user already has.
    let mut m = kitchen_sink();
    m.types
        .push(strukt("ShapeTag", vec![field("a", prim(Primitive::U8))]));
    let errs = errors(&m, Config::default());
    assert!(
        errs.iter().any(|e| e.message.contains("`ShapeTag`")),
        "{errs:?}"
    );
}

#[test]
fn framework_names_are_reserved() {
    let mut m = model();
    m.functions.push(function("marshal", vec![], TypeRef::Void));
    let errs = errors(&m, Config::default());
    assert!(errs[0].message.contains("`Marshal`"), "{errs:?}");
}

#[test]
fn member_named_like_its_type_is_an_error_with_a_hint() {
    let mut m = model();
    m.types
        .push(strukt("Value", vec![field("value", prim(Primitive::U32))]));
    let errs = errors(&m, Config::default());
    assert!(errs[0].message.contains("`Value`"), "{errs:?}");
    assert!(errs[0].hint.as_deref().unwrap_or("").contains("rust_names"));
    ok(&m, Config::default().rust_names(true));
}

#[test]
fn keywords_get_at_signs() {
    let mut m = model();
    m.types
        .push(strukt("Keyed", vec![field("int", prim(Primitive::U32))]));
    m.functions.push(function(
        "class",
        vec![("out", prim(Primitive::U32))],
        TypeRef::Void,
    ));
    let cs = ok(&m, Config::default().rust_names(true));
    assert!(cs.contains("public uint @int;"), "{cs}");
    assert!(
        cs.contains("public static extern void @class(uint @out);"),
        "{cs}"
    );
    assert!(cs.contains("<param name=\"out\">"), "{cs}");
}

#[test]
fn docs_are_xml_escaped() {
    let mut m = model();
    let mut f = function("f", vec![], TypeRef::Void);
    f.docs = Docs::from_lines([" Returns `a < b` & more <b>bold</b>."]);
    m.functions.push(f);
    let cs = ok(&m, Config::default());
    assert!(
        cs.contains(
            "/// <summary>Returns <c>a &lt; b</c> &amp; more &lt;b&gt;bold&lt;/b&gt;.</summary>"
        ),
        "{cs}"
    );
}

#[test]
fn arrays_by_value_in_signatures_are_errors() {
    let mut m = model();
    let arr = TypeRef::Array {
        element: Box::new(prim(Primitive::U8)),
        len: 4,
    };
    m.functions
        .push(function("takes", vec![("a", arr.clone())], TypeRef::Void));
    m.functions.push(function("gives", vec![], arr));
    let errs = errors(&m, Config::default());
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs.iter().all(|e| e.message.contains("array")));
    assert!(errs[0].hint.is_some());
}

#[test]
fn zero_length_arrays_are_errors() {
    let mut m = model();
    m.types.push(strukt(
        "Z",
        vec![
            field("a", prim(Primitive::U8)),
            field(
                "b",
                TypeRef::Array {
                    element: Box::new(prim(Primitive::U8)),
                    len: 0,
                },
            ),
        ],
    ));
    let errs = errors(&m, Config::default());
    assert!(errs[0].message.contains("zero-length"), "{errs:?}");
    assert_eq!(errs[0].rust_path, "crate::Z::b");
}

#[test]
fn void_parameters_and_unknown_ids_are_errors_not_panics() {
    let mut m = model();
    m.functions
        .push(function("v", vec![("x", TypeRef::Void)], TypeRef::Void));
    m.functions.push(function(
        "u",
        vec![],
        TypeRef::pointer(TypeRef::named(TypeId(99)), false, true, PointerKind::Raw),
    ));
    // An unknown id behind a pointer is just a pointer; by value it is an error.
    m.functions
        .push(function("w", vec![], TypeRef::named(TypeId(99))));
    let errs = errors(&m, Config::default());
    assert_eq!(errs.len(), 2, "{errs:?}");
}

#[test]
fn invalid_config_names_are_errors() {
    let errs = errors(&model(), Config::default().namespace("My..Ns").class("1x"));
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs.iter().all(|e| e.rust_path == "csharp::Config"));
}

#[test]
fn keyword_namespace_segments_are_escaped() {
    let cs = ok(&model(), Config::default().namespace("My.class"));
    assert!(cs.contains("namespace My.@class"), "{cs}");
}

#[test]
fn out_of_range_values_are_errors() {
    let mut m = model();
    m.constants.push(Constant {
        name: "BIG".into(),
        rust_path: "crate::BIG".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::U8,
        value: ConstValue::Int(300),
    });
    m.types.push(TypeDef {
        name: "E".into(),
        rust_path: "crate::E".into(),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::Enum {
            int: IntKind::U8,
            repr_c: false,
            variants: vec![EnumVariant {
                name: "A".into(),
                value: -1,
                docs: Docs::default(),
            }],
        },
    });
    let errs = errors(&m, Config::default());
    assert_eq!(errs.len(), 2, "{errs:?}");
}

#[test]
fn pointer_sized_constants_are_static_readonly() {
    let mut m = model();
    m.constants.push(Constant {
        name: "N".into(),
        rust_path: "crate::N".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::Usize,
        value: ConstValue::Int(5),
    });
    let cs = ok(&m, Config::default());
    assert!(
        cs.contains("public static readonly UIntPtr N = new UIntPtr(5UL);"),
        "{cs}"
    );
}

#[test]
fn only_nullable_references_get_a_null_overload() {
    let cs = ok(&kitchen_sink(), Config::default());
    assert_eq!(cs.matches("EntryPoint = \"my_game_function\"").count(), 2);
    assert_eq!(cs.matches("EntryPoint = \"echo_everything\"").count(), 1);
    assert!(cs.contains("public static extern Vec3 MyGameFunction(IntPtr input);"));
    assert!(cs.contains("EchoEverything(Everything value, ref Everything @out);"));
}

#[test]
fn handle_returns_go_through_a_wrapper() {
    let cs = ok(&kitchen_sink(), Config::default());
    assert!(cs.contains("private static extern IntPtr __EngineNew();"));
    assert!(cs.contains("public static Engine EngineNew() => new Engine(__EngineNew());"));
}

#[test]
fn sequential_unless_the_clr_would_disagree() {
    let cs = ok(&kitchen_sink(), Config::default());
    let attr = |ty: &str| {
        let decl = format!("\n    public partial struct {ty}\n");
        let at = cs.find(&decl).unwrap_or_else(|| panic!("no struct {ty}"));
        let line_start = cs[..at].rfind('\n').map_or(0, |i| i + 1);
        cs[line_start..at].trim().to_string()
    };
    assert_eq!(attr("Vec3"), "[StructLayout(LayoutKind.Sequential)]");
    assert_eq!(
        attr("Packed"),
        "[StructLayout(LayoutKind.Sequential, Pack = 1)]"
    );
    // align(16) cannot be expressed sequentially, nor can anything containing it.
    assert_eq!(
        attr("Aligned"),
        "[StructLayout(LayoutKind.Explicit, Size = 16)]"
    );
    assert_eq!(
        attr("Everything"),
        "[StructLayout(LayoutKind.Explicit, Size = 240)]"
    );
    assert_eq!(
        attr("Shape"),
        "[StructLayout(LayoutKind.Explicit, Size = 24)]"
    );
}

#[test]
fn i686_packs_eight_byte_scalars_to_four() {
    let m = kitchen_sink();
    let layouts = match Layouts::compute(&m, &TargetInfo::i686_linux()) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    let files = CSharpEmitter::new(Config::default())
        .emit(EmitInput {
            model: &m,
            layouts: &layouts,
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
    let cs = &files[0].contents;
    assert!(cs.contains(
        "[StructLayout(LayoutKind.Explicit, Size = 8, Pack = 4)]\n    public partial struct Number"
    ));
}

#[test]
fn bools_are_bytes_behind_properties() {
    let cs = ok(&kitchen_sink(), Config::default());
    assert!(cs.contains("private byte _pBool;"));
    assert!(cs.contains(
        "public bool PBool { get => _pBool != 0; set => _pBool = value ? (byte)1 : (byte)0; }"
    ));
    assert!(cs.contains(
        "[return: MarshalAs(UnmanagedType.U1)]\n        public static extern bool EchoEverything"
    ));
}

#[test]
fn no_statics_no_loader_no_arrays_no_unsafe() {
    let mut m = model();
    m.functions.push(function("f", vec![], TypeRef::Void));
    let cs = ok(&m, Config::default());
    assert!(!cs.contains("StaticSymbols"));
    assert!(!cs.contains("unsafe"));
    assert!(!cs.contains("-unsafe"));
}
