//! Pattern types, services and the API fingerprint in the header: the ownership and null rules
//! are written as comments, services get a comment block, the fingerprint a `#define`, and
//! the header still compiles warning-free as C99 and C++17.

mod common;

use interoptopus_c::{Config, DocStyle};
use interoptopus_core::model::*;
use interoptopus_core::TargetInfo;

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.into(),
        rust_path: format!("interoptopus::{name}"),
        docs: Docs::from_lines([format!("The {name} type.")]),
        span: Span::default(),
        kind,
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

fn fields(f: Vec<Field>) -> TypeKind {
    TypeKind::Struct {
        fields: f,
        repr: StructRepr::default(),
        tuple: false,
    }
}

fn raw(t: TypeRef, mutable: bool) -> TypeRef {
    TypeRef::pointer(t, mutable, true, PointerKind::Raw)
}

fn function(name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef) -> Function {
    Function {
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::from_lines([format!("Does {name}.")]),
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

/// A model using every pattern, in dependency order.
fn pattern_model() -> Model {
    let mut m = Model::new("pat", "pat");
    let usize_ = TypeRef::primitive(Primitive::Usize);
    let f32_ = TypeRef::primitive(Primitive::F32);
    let u8_ = TypeRef::primitive(Primitive::U8);
    let push = |m: &mut Model, d: TypeDef, p: Option<Pattern>| {
        let id = TypeId(m.types.len() as u32);
        m.types.push(d);
        if let Some(pattern) = p {
            m.patterns.push(TypePattern { ty: id, pattern });
        }
        id
    };
    let engine = push(&mut m, def("Engine", TypeKind::Opaque), None);
    let e = push(
        &mut m,
        def(
            "PatError",
            TypeKind::Enum {
                int: IntKind::I32,
                repr_c: true,
                variants: ["Ok", "Bad", "Panic"]
                    .iter()
                    .enumerate()
                    .map(|(i, n)| EnumVariant {
                        name: (*n).into(),
                        value: i as i128,
                        docs: Docs::default(),
                    })
                    .collect(),
            },
        ),
        Some(Pattern::ErrorEnum),
    );
    let slice = push(
        &mut m,
        def(
            "Slice_f32",
            fields(vec![
                field("ptr", raw(f32_.clone(), false)),
                field("len", usize_.clone()),
            ]),
        ),
        Some(Pattern::Slice {
            element: f32_.clone(),
            mutable: false,
        }),
    );
    let view = push(
        &mut m,
        def(
            "StrView",
            fields(vec![
                field("ptr", raw(u8_.clone(), false)),
                field("len", usize_.clone()),
            ]),
        ),
        Some(Pattern::Utf8View),
    );
    let cstr = push(
        &mut m,
        def(
            "CStrPtr",
            TypeKind::Transparent {
                field: field("ptr", raw(TypeRef::primitive(Primitive::CChar), false)),
            },
        ),
        Some(Pattern::CStr),
    );
    let owned = push(
        &mut m,
        def(
            "OwnedString",
            fields(vec![
                field("ptr", raw(u8_.clone(), true)),
                field("len", usize_.clone()),
                field("capacity", usize_.clone()),
            ]),
        ),
        Some(Pattern::OwnedString {
            free: "pat_free_OwnedString".into(),
        }),
    );
    let vec = push(
        &mut m,
        def(
            "OwnedVec_f32",
            fields(vec![
                field("ptr", raw(f32_.clone(), true)),
                field("len", usize_.clone()),
                field("capacity", usize_.clone()),
            ]),
        ),
        Some(Pattern::OwnedVec {
            element: f32_.clone(),
            free: "pat_free_OwnedVec_f32".into(),
        }),
    );
    let flag = push(
        &mut m,
        def(
            "Bool",
            TypeKind::Transparent {
                field: field("_0", u8_.clone()),
            },
        ),
        Some(Pattern::Bool),
    );
    let option = push(
        &mut m,
        def(
            "FfiOption_f32",
            fields(vec![
                field("value", f32_.clone()),
                field("is_some", TypeRef::named(flag)),
            ]),
        ),
        Some(Pattern::Option {
            inner: f32_.clone(),
        }),
    );
    let result = push(
        &mut m,
        def(
            "FfiResult_f32_PatError",
            fields(vec![
                field("value", f32_.clone()),
                field("error", TypeRef::named(e)),
            ]),
        ),
        Some(Pattern::Result {
            value: f32_.clone(),
            error: e,
        }),
    );
    let on_value = push(
        &mut m,
        def(
            "OnValue",
            TypeKind::FnPtr {
                sig: FnSig {
                    params: vec![
                        Param {
                            name: "value".into(),
                            ty: f32_.clone(),
                        },
                        Param {
                            name: "data".into(),
                            ty: raw(TypeRef::Void, true),
                        },
                    ],
                    ret: TypeRef::Void,
                },
            },
        ),
        None,
    );
    let drop = push(
        &mut m,
        def(
            "DropFn",
            TypeKind::FnPtr {
                sig: FnSig {
                    params: vec![Param {
                        name: "data".into(),
                        ty: raw(TypeRef::Void, true),
                    }],
                    ret: TypeRef::Void,
                },
            },
        ),
        None,
    );
    let callback = push(
        &mut m,
        def(
            "Callback_OnValue",
            fields(vec![
                field(
                    "call",
                    TypeRef::Named {
                        id: on_value,
                        nullable: true,
                    },
                ),
                field("data", raw(TypeRef::Void, true)),
                field(
                    "drop",
                    TypeRef::Named {
                        id: drop,
                        nullable: true,
                    },
                ),
            ]),
        ),
        Some(Pattern::Callback { function: on_value }),
    );
    let n = TypeRef::named;
    m.functions = vec![
        function("sum", vec![("values", n(slice))], n(result)),
        function("count", vec![("text", n(view)), ("c", n(cstr))], n(option)),
        function("greet", vec![], n(owned)),
        function(
            "pat_free_OwnedString",
            vec![("value", n(owned))],
            TypeRef::Void,
        ),
        function("values", vec![], n(vec)),
        function(
            "pat_free_OwnedVec_f32",
            vec![("value", n(vec))],
            TypeRef::Void,
        ),
        function("each", vec![("cb", n(callback))], n(e)),
        function(
            "engine_new",
            vec![("out", raw(raw(n(engine), true), true))],
            n(e),
        ),
        function(
            "engine_get",
            vec![("this", raw(n(engine), false))],
            f32_.clone(),
        ),
        function(
            "engine_destroy",
            vec![("this", raw(n(engine), true))],
            TypeRef::Void,
        ),
    ];
    m.services.push(Service {
        name: "Engine".into(),
        rust_path: "crate::Engine".into(),
        docs: Docs::default(),
        span: Span::default(),
        handle: engine,
        constructors: vec!["engine_new".into()],
        methods: vec!["engine_get".into()],
        destructor: "engine_destroy".into(),
    });
    m.fingerprint = Some(Fingerprint {
        function: "pat_api_fingerprint".into(),
        value: 0x0123_4567_89ab_cdef,
    });
    m
}

fn header(config: &Config) -> String {
    let model = pattern_model();
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    common::header_for(&model, &layouts, config)
}

#[test]
fn ownership_and_null_rules_are_documented() {
    let h = header(&Config::default());
    let expect = [
        "#define PAT_API_FINGERPRINT UINT64_C(0x0123456789abcdef)",
        "`pat_api_fingerprint()` once after loading it",
        "uint64_t pat_api_fingerprint(void);",
        "// The Slice_f32 type.\n//\n// Null rules: `ptr = NULL, len = 0` is an empty slice",
        "must pass it to `pat_free_OwnedString` exactly once",
        "must pass it to `pat_free_OwnedVec_f32` exactly once",
        "`ptr` can be printed as a C string",
        "// Does greet.\n//\n// The caller owns the returned value: release it with `pat_free_OwnedString` exactly once.\nOwnedString greet(void);",
        "`PAT_ERROR_OK` (0) means success; every other value is an error.",
        "Check `error` first: `value` is meaningful only when it is `PAT_ERROR_OK` (0).",
        "Rust calls `drop(data)` exactly once",
        "Set `is_some` to 1 and fill `value`",
        "// Service `Engine`: an opaque handle (`Engine *`) and its functions.\n//   Constructors: engine_new",
        "//   Methods: engine_get\n//   Destructor: engine_destroy",
        "Constructor of `Engine`: on `PAT_ERROR_OK` (0) `*out` is a new handle to release with `engine_destroy`",
    ];
    for e in expect {
        assert!(h.contains(e), "missing {e:?} in\n{h}");
    }
    // The block comes right before the service's first function.
    let block = h.find("// Service `Engine`").unwrap_or(0);
    let first = h.find("PatError engine_new(").unwrap_or(0);
    let each = h.find("PatError each(").unwrap_or(usize::MAX);
    assert!(each < block && block < first, "{h}");
}

#[test]
fn pattern_header_compiles_strictly() {
    for (config, file) in [
        (Config::default(), "pat.h"),
        (
            Config::default().prefix("p_").doc_style(DocStyle::Block),
            "pat_block.h",
        ),
    ] {
        let h = header(&config.clone().file(file));
        let include = format!(
            "#include \"{file}\"\n#include \"{file}\"\nint check(void);\nint check(void) {{ return pat_api_fingerprint() == {}; }}\n",
            if file == "pat.h" {
                "PAT_API_FINGERPRINT"
            } else {
                "p_PAT_API_FINGERPRINT"
            }
        );
        let dir = common::dir_with(&[(file, &h), ("tu.c", &include), ("tu.cpp", &include)]);
        for (compiler, std, source) in [
            ("gcc", "-std=c99", "tu.c"),
            ("clang", "-std=c99", "tu.c"),
            ("g++", "-std=c++17", "tu.cpp"),
        ] {
            common::must_compile(
                dir.path(),
                compiler,
                &[
                    std,
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-pedantic",
                    "-c",
                    source,
                    "-o",
                    "tu.o",
                ],
            );
        }
    }
}

#[test]
fn models_without_patterns_are_unchanged() {
    let mut model = pattern_model();
    model.patterns.clear();
    model.services.clear();
    model.fingerprint = None;
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    let h = common::header_for(&model, &layouts, &Config::default());
    assert!(!h.contains("Ownership"), "{h}");
    assert!(!h.contains("Service"), "{h}");
    assert!(!h.contains("FINGERPRINT"), "{h}");
}
