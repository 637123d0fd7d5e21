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
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::Struct {
            fields,
            repr: StructRepr::default(),
            tuple: false,
        },
        deprecated: None,
    }
}

fn function(name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef) -> Function {
    Function {
        guard: Default::default(),
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
        deprecated: None,
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
        guard: Default::default(),
        name: "BIG".into(),
        rust_path: "crate::BIG".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::U8,
        value: ConstValue::Int(300),
        deprecated: None,
    });
    m.types.push(TypeDef {
        guard: Default::default(),
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
                deprecated: None,
            }],
        },
        deprecated: None,
    });
    let errs = errors(&m, Config::default());
    assert_eq!(errs.len(), 2, "{errs:?}");
}

#[test]
fn pointer_sized_constants_are_static_readonly() {
    let mut m = model();
    m.constants.push(Constant {
        guard: Default::default(),
        name: "N".into(),
        rust_path: "crate::N".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::Usize,
        value: ConstValue::Int(5),
        deprecated: None,
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

/// `Packed { a: u8, b: u32, c: u16 }` (7 bytes, `b` misaligned) and `Plain { a: u8, b: u32 }`,
/// as types 0 and 1.
fn packed_model() -> Model {
    let mut m = model();
    let mut packed = strukt(
        "Packed",
        vec![
            field("a", prim(Primitive::U8)),
            field("b", prim(Primitive::U32)),
            field("c", prim(Primitive::U16)),
        ],
    );
    if let TypeKind::Struct { repr, .. } = &mut packed.kind {
        repr.packed = Some(1);
    }
    m.types.push(packed);
    m.types.push(strukt(
        "Plain",
        vec![
            field("a", prim(Primitive::U8)),
            field("b", prim(Primitive::U32)),
        ],
    ));
    m
}

fn packed() -> TypeRef {
    TypeRef::named(TypeId(0))
}

fn emit_for(model: &Model, target: &TargetInfo) -> Result<String, Vec<EmitError>> {
    let layouts = Layouts::compute(model, target).unwrap_or_else(|e| panic!("layout: {e}"));
    CSharpEmitter::new(Config::default())
        .emit(EmitInput {
            model,
            layouts: &layouts,
        })
        .map(|files| files.into_iter().map(|f| f.contents).collect())
}

/// System V x86-64 returns a struct with a misaligned field through a hidden pointer; Mono
/// would expect it in registers (and crash), so the import takes the pointer explicitly.
#[test]
fn packed_returns_use_an_explicit_out_pointer_on_sysv_x86_64() {
    let mut m = packed_model();
    m.functions.push(function(
        "packed_make",
        vec![("a", prim(Primitive::U8)), ("result", prim(Primitive::U32))],
        packed(),
    ));
    m.functions
        .push(function("plain_make", vec![], TypeRef::named(TypeId(1))));
    let cs = ok(&m, Config::default());
    assert!(
        cs.contains(
            "private static extern void __PackedMake(out Packed result1, byte a, uint result);"
        ),
        "{cs}"
    );
    assert!(cs.contains(
        "public static Packed PackedMake(byte a, uint result)\n        {\n            Packed result1;\n            __PackedMake(out result1, a, result);\n            return result1;\n        }"
    ));
    // An aligned struct keeps the plain import.
    assert!(cs.contains("public static extern Plain PlainMake();"));
    // i686 and Windows x64 classify by size, as the runtimes do: plain imports there.
    for target in [TargetInfo::i686_linux(), windows_x64()] {
        let cs = emit_for(&m, &target).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(cs.contains("public static extern Packed PackedMake(byte a, uint result);"));
    }
}

fn windows_x64() -> TargetInfo {
    TargetInfo {
        os: "windows".into(),
        ..TargetInfo::x86_64_linux()
    }
}

/// A by-value argument with a misaligned field travels on the stack; a 24-byte wrapper puts it
/// there, which is sound when nothing follows it on the stack.
#[test]
fn packed_arguments_travel_in_a_stack_wrapper() {
    let mut m = packed_model();
    m.functions.push(function(
        "packed_sum",
        vec![("p", packed())],
        prim(Primitive::U64),
    ));
    m.functions.push(function(
        "packed_scaled",
        vec![
            ("p", packed()),
            ("factor", prim(Primitive::F64)),
            ("n", prim(Primitive::I32)),
        ],
        prim(Primitive::Bool),
    ));
    let cs = ok(&m, Config::default());
    assert!(
        cs.contains("private static extern ulong __PackedSum(__PackedOnStack p);"),
        "{cs}"
    );
    assert!(cs.contains(
        "public static ulong PackedSum(Packed p) => __PackedSum(new __PackedOnStack { Value = p });"
    ));
    // Followed only by arguments that travel in registers: still sound, bool still marshalled.
    assert!(cs.contains(
        "[return: MarshalAs(UnmanagedType.U1)]\n        private static extern bool __PackedScaled(__PackedOnStack p, double factor, int n);"
    ));
    assert_eq!(cs.matches("private struct __PackedOnStack").count(), 1);
    assert!(cs.contains(
        "[StructLayout(LayoutKind.Explicit, Size = 24)]\n        private struct __PackedOnStack\n        {\n            [FieldOffset(0)]\n            public Packed Value;\n        }"
    ));
    let cs = emit_for(&m, &TargetInfo::i686_linux()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!cs.contains("OnStack"));
}

#[test]
fn unsound_packed_arguments_are_errors() {
    let mut m = packed_model();
    // Two in-memory arguments: the first wrapper's padding would cover the second.
    m.functions.push(function(
        "two",
        vec![("a", packed()), ("b", packed())],
        TypeRef::Void,
    ));
    // Followed by a struct, which may travel on the stack after it.
    m.functions.push(function(
        "then_struct",
        vec![("a", packed()), ("b", TypeRef::named(TypeId(1)))],
        TypeRef::Void,
    ));
    let errs = errors(&m, Config::default());
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(errs[0].rust_path, "crate::two");
    assert!(errs[0].message.contains("System V"), "{}", errs[0].message);
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("by reference"));
    assert_eq!(errs[1].rust_path, "crate::then_struct");
    // By reference is fine everywhere.
    let mut m = packed_model();
    m.functions.push(function(
        "by_ref",
        vec![
            (
                "a",
                TypeRef::pointer(packed(), false, false, PointerKind::Reference),
            ),
            ("b", TypeRef::named(TypeId(1))),
        ],
        TypeRef::Void,
    ));
    ok(&m, Config::default());
}

#[test]
fn nested_misalignment_counts_and_callbacks_with_it_are_errors() {
    let mut m = packed_model();
    // Outer { x: u8, inner: Packed }: `inner.b` sits at offset 2.
    m.types.push(strukt(
        "Outer",
        vec![field("x", prim(Primitive::U8)), field("inner", packed())],
    ));
    m.functions
        .push(function("outer_make", vec![], TypeRef::named(TypeId(2))));
    let cs = ok(&m, Config::default());
    assert!(
        cs.contains("private static extern void __OuterMake(out Outer result);"),
        "{cs}"
    );

    m.types.push(TypeDef {
        guard: Default::default(),
        name: "PackedCallback".into(),
        rust_path: "crate::PackedCallback".into(),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::FnPtr {
            sig: FnSig {
                params: vec![Param {
                    name: "p".into(),
                    ty: packed(),
                }],
                ret: TypeRef::Void,
            },
        },
        deprecated: None,
    });
    let errs = errors(&m, Config::default());
    assert!(
        errs.iter()
            .any(|e| e.rust_path == "crate::PackedCallback" && e.message.contains("delegates")),
        "{errs:?}"
    );
}

/// A model with a slice, a string view, an error enum, a result and a service over `Engine`.
fn patterns_model() -> Model {
    let mut m = model();
    let raw = |t: TypeRef| TypeRef::pointer(t, false, true, PointerKind::Raw);
    let usize_t = prim(Primitive::Usize);
    m.types.push(strukt(
        "Slice_f32",
        vec![
            field("ptr", raw(prim(Primitive::F32))),
            field("len", usize_t.clone()),
        ],
    ));
    m.types.push(strukt(
        "StrView",
        vec![
            field("ptr", raw(prim(Primitive::U8))),
            field("len", usize_t),
        ],
    ));
    m.types.push(TypeDef {
        guard: Default::default(),
        name: "Err".into(),
        rust_path: "crate::Err".into(),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::Enum {
            int: IntKind::I32,
            repr_c: true,
            variants: vec![
                EnumVariant {
                    name: "Ok".into(),
                    value: 0,
                    docs: Docs::default(),
                    deprecated: None,
                },
                EnumVariant {
                    name: "Bad".into(),
                    value: 1,
                    docs: Docs::default(),
                    deprecated: None,
                },
            ],
        },
        deprecated: None,
    });
    m.types.push(strukt(
        "FfiResult_f32_Err",
        vec![
            field("value", prim(Primitive::F32)),
            field("error", TypeRef::named(TypeId(2))),
        ],
    ));
    m.types.push(TypeDef {
        guard: Default::default(),
        name: "Engine".into(),
        rust_path: "crate::Engine".into(),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::Opaque,
        deprecated: None,
    });
    let engine = || TypeRef::pointer(TypeRef::named(TypeId(4)), true, true, PointerKind::Raw);
    m.patterns = vec![
        TypePattern {
            ty: TypeId(0),
            pattern: Pattern::Slice {
                element: prim(Primitive::F32),
                mutable: false,
            },
        },
        TypePattern {
            ty: TypeId(1),
            pattern: Pattern::Utf8View,
        },
        TypePattern {
            ty: TypeId(2),
            pattern: Pattern::ErrorEnum,
        },
        TypePattern {
            ty: TypeId(3),
            pattern: Pattern::Result {
                value: prim(Primitive::F32),
                error: TypeId(2),
            },
        },
    ];
    m.functions = vec![
        function(
            "sum",
            vec![("values", TypeRef::named(TypeId(0)))],
            TypeRef::named(TypeId(3)),
        ),
        function(
            "engine_new",
            vec![
                (
                    "out",
                    TypeRef::pointer(engine(), true, true, PointerKind::Raw),
                ),
                ("name", TypeRef::named(TypeId(1))),
            ],
            TypeRef::named(TypeId(2)),
        ),
        function(
            "engine_push",
            vec![("this", engine()), ("value", prim(Primitive::F32))],
            TypeRef::named(TypeId(2)),
        ),
        function("engine_destroy", vec![("this", engine())], TypeRef::Void),
        function("t_fingerprint", vec![], prim(Primitive::U64)),
    ];
    m.services = vec![Service {
        name: "Engine".into(),
        rust_path: "crate::Engine".into(),
        docs: Docs::default(),
        span: Span::default(),
        handle: TypeId(4),
        constructors: vec!["engine_new".into()],
        methods: vec!["engine_push".into()],
        destructor: "engine_destroy".into(),
    }];
    m.fingerprint = Some(Fingerprint {
        function: "t_fingerprint".into(),
        value: 0xABCD,
    });
    m
}

#[test]
fn slices_take_spans_and_arrays_and_pin_without_copying() {
    let out = ok(&patterns_model(), Config::default());
    assert!(
        out.contains("public static unsafe float Sum(ReadOnlySpan<float> values)"),
        "{out}"
    );
    assert!(out.contains(
        "public static float Sum(float[] values) => Sum(new ReadOnlySpan<float>(values));"
    ));
    assert!(out.contains("fixed (float* __valuesPtr = &MemoryMarshal.GetReference(values))"));
    let sum = out
        .split("Sum(ReadOnlySpan<float> values)")
        .nth(1)
        .unwrap_or_default();
    let body = sum.split("\n        }\n").next().unwrap_or_default();
    assert!(
        !body.contains("ToArray") && !body.contains("new float["),
        "no copies on the way in: {body}"
    );
}

#[test]
fn results_and_error_enums_throw_and_raw_forms_stay() {
    let out = ok(&patterns_model(), Config::default());
    assert!(out.contains("public sealed class ErrException : Exception"));
    assert!(out.contains("if (__r.Error != 0) throw new ErrException(__r.Error);"));
    assert!(out.contains("public static class Raw"));
    assert!(out.contains("public static extern FfiResultF32Err Sum(SliceF32 values);"));
}

#[test]
fn services_become_disposable_classes() {
    let out = ok(&patterns_model(), Config::default());
    assert!(
        out.contains("public sealed class Engine : IDisposable"),
        "{out}"
    );
    assert!(out.contains("public partial struct EngineHandle"));
    assert!(out.contains("public static unsafe Engine New(string name)"));
    assert!(out.contains("public unsafe void Push(float value)"));
    assert!(out.contains("throw new ObjectDisposedException(\"Engine\")"));
    assert!(out.contains("Interop.Raw.EngineDestroy(handle);"));
}

#[test]
fn the_fingerprint_is_checked_by_the_static_constructors() {
    let out = ok(&patterns_model(), Config::default());
    assert!(out.contains("internal const ulong ExpectedFingerprint = 0x000000000000ABCDUL;"));
    assert!(out.contains("static Interop() { InteropSupport.CheckFingerprint(); }"));
    assert!(out.contains("static Raw() { InteropSupport.CheckFingerprint(); }"));
    assert!(out.contains("EntryPoint = \"t_fingerprint\""));
}

#[test]
fn a_service_class_clashing_with_a_type_is_an_error() {
    let mut m = patterns_model();
    m.types
        .push(strukt("Engine", vec![field("x", prim(Primitive::U8))]));
    let errs = errors(&m, Config::default());
    assert!(
        errs.iter().any(|e| e.message.contains("Engine")),
        "{errs:?}"
    );
}
