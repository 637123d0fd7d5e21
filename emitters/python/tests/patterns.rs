//! Pattern idioms in the generated module, for a hand-built model using every pattern: which
//! wrapper each function gets (checked on the text, and locked in a snapshot), and that a model
//! without patterns gets none of the pattern runtime. The runtime behaviour is exercised against
//! the reference cdylib by `integration-tests/tests/python_runtime.rs`.

use interoptopus_core::model::*;
use interoptopus_core::{EmitInput, Emitter, Layouts, TargetInfo};
use interoptopus_python::{Config, PythonEmitter};

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

fn emit(model: &Model) -> String {
    let layouts = match Layouts::compute(model, &TargetInfo::x86_64_linux()) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    match PythonEmitter::new(Config::default()).emit(EmitInput {
        model,
        layouts: &layouts,
    }) {
        Ok(files) => files[0].contents.clone(),
        Err(errors) => panic!("emit failed: {errors:#?}"),
    }
}

#[test]
fn every_pattern_gets_its_idiom() {
    let text = emit(&pattern_model());
    for expected in [
        // slices: lists, buffers and numpy arrays, zero-copy through the buffer protocol
        "def sum_(values_: _abc.Sequence[float] | _Buffer | _ArrayLike | None) -> float:",
        "_a0, _n0 = _slice_in(values_, \"float []\", \"f\", 4, None, False)",
        // results raise the error enum's exception
        "raise PatErrorException(_PatError_OF.get(_r.error, _r.error), \"sum\")",
        "class PatErrorException(FfiError):",
        // strings in, options out
        "def count(text: str | bytes | bytearray | memoryview, c: str | bytes | None) -> float | None:",
        // owned values out, freed through the model's free function
        "def greet() -> str:",
        "_owned_str(_r, _lib.pat_free_OwnedString)",
        "def values() -> list[float]:",
        "_owned_vec(_r, _lib.pat_free_OwnedVec_f32, None)",
        // callbacks with state take any callable
        "def each(cb: _abc.Callable[[float], object] | None) -> None:",
        "_CB_Callback_OnValue: CData = ffi.callback(\"OnValue\", _cb_call_Callback_OnValue)",
        // the service class
        "class Engine(_Service):",
        "def __init__(self) -> None:",
        "def new(cls) -> Engine:",
        "self._adopt(_out[0], _lib.engine_destroy)",
        "def get(self) -> float:",
        // the fingerprint
        "API_FINGERPRINT: _t.Final[int] = 0x0123456789abcdef",
        "ffi.cdef(\"uint64_t pat_api_fingerprint(void);\")",
        "_check_fingerprint(lib, file)",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    // Service functions and free functions have no module-level wrapper.
    for hidden in [
        "def engine_new(",
        "def engine_get(",
        "def pat_free_owned_string(",
    ] {
        assert!(!text.contains(hidden), "{hidden} should not be emitted");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn a_pattern_struct_without_its_documented_fields_stays_raw() {
    let mut m = pattern_model();
    // Rename the slice's `len` field: the wrapper must not guess.
    if let TypeKind::Struct { fields, .. } = &mut m.types[2].kind {
        fields[1].name = "length".into();
        fields[1].rust_name = "length".into();
    }
    let text = emit(&m);
    assert!(
        text.contains("def sum_(values_: SliceF32) -> float:"),
        "{text}"
    );
}

#[test]
fn models_without_patterns_get_no_pattern_runtime() {
    let text = emit(&interoptopus_core::fixtures::kitchen_sink());
    for absent in [
        "_Service",
        "FfiError",
        "_check_fingerprint",
        "import weakref",
    ] {
        assert!(
            !text.contains(absent),
            "{absent} in a model without patterns"
        );
    }
}
