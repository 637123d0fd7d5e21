//! What the emitter refuses (with a hint), and names it must escape rather than refuse.

use std::path::Path;
use std::process::Command;

use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::model::*;
use interoptopus_core::{EmitError, EmitInput, Emitter, Layouts, TargetInfo};
use interoptopus_python::{Config, PythonEmitter};

fn emit_with(model: &Model, target: TargetInfo, config: Config) -> Result<String, Vec<EmitError>> {
    let layouts = match Layouts::compute(model, &target) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    PythonEmitter::new(config)
        .emit(EmitInput {
            model,
            layouts: &layouts,
        })
        .map(|files| files.into_iter().map(|f| f.contents).collect())
}

fn emit(model: &Model) -> Result<String, Vec<EmitError>> {
    emit_with(model, TargetInfo::x86_64_linux(), Config::default())
}

fn errors(result: Result<String, Vec<EmitError>>) -> Vec<EmitError> {
    match result {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

fn ty(name: &str, kind: TypeKind) -> TypeDef {
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

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

#[test]
fn by_value_substitutes_exist_only_for_x86_64_sysv() {
    for target in [TargetInfo::i686_linux(), {
        let mut t = TargetInfo::x86_64_linux();
        t.os = "windows".into();
        t
    }] {
        let errs = errors(emit_with(&kitchen_sink(), target, Config::default()));
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].rust_path, "crate::echo_everything");
        assert!(
            errs[0]
                .message
                .contains("cannot pass `Everything` by value"),
            "{}",
            errs[0].message
        );
        assert!(errs[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("&Everything"));
    }
}

#[test]
fn small_packed_by_value_is_refused() {
    let mut m = Model::new("p", "p");
    m.types.push(ty(
        "Packed",
        TypeKind::Struct {
            fields: vec![
                field("a", prim(Primitive::U8)),
                field("b", prim(Primitive::U32)),
            ],
            repr: StructRepr {
                packed: Some(1),
                align: None,
            },
            tuple: false,
        },
    ));
    m.functions.push(function(
        "take",
        vec![("p", TypeRef::named(TypeId(0)))],
        TypeRef::Void,
    ));
    let errs = errors(emit(&m));
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].message.contains("misaligned field"),
        "{}",
        errs[0].message
    );
}

#[test]
fn collisions_name_both_items() {
    let mut m = Model::new("c", "c");
    m.functions.push(function("fooBar", vec![], TypeRef::Void));
    m.functions.push(function("foo_bar", vec![], TypeRef::Void));
    let errs = errors(emit(&m));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].rust_path, "crate::foo_bar");
    assert!(
        errs[0].message.contains("crate::fooBar"),
        "{}",
        errs[0].message
    );
    // With Rust names they are distinct.
    assert!(emit_with(
        &m,
        TargetInfo::x86_64_linux(),
        Config::default().rust_names(true)
    )
    .is_ok());
}

#[test]
fn c_keyword_symbols_and_opaque_values_are_refused() {
    let mut m = Model::new("k", "k");
    m.types.push(ty("Handle", TypeKind::Opaque));
    m.functions.push(function("default", vec![], TypeRef::Void));
    m.functions.push(function(
        "take",
        vec![("h", TypeRef::named(TypeId(0)))],
        TypeRef::Void,
    ));
    let errs = errors(emit(&m));
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 2, "{messages:#?}");
    assert!(messages[0].contains("`default` is a C keyword"));
    assert!(messages[1].contains("opaque type `Handle` by value"));
}

/// Keywords, builtins and C keywords everywhere: the module must still import (cffi parses the
/// cdef) and pass `mypy --strict`.
#[test]
fn awkward_names_are_escaped() {
    let mut m = Model::new("awkward", "awkward");
    m.types.push(ty(
        "int",
        TypeKind::Struct {
            fields: vec![
                field("class", prim(Primitive::U32)),
                field("copy", prim(Primitive::U32)),
                field("self", prim(Primitive::U32)),
                field("long", prim(Primitive::U32)),
            ],
            repr: StructRepr::default(),
            tuple: false,
        },
    ));
    m.types.push(ty(
        "Kind",
        TypeKind::Enum {
            int: IntKind::I32,
            repr_c: true,
            variants: vec![
                EnumVariant {
                    name: "None".into(),
                    value: 0,
                    docs: Docs::default(),
                    deprecated: None,
                },
                EnumVariant {
                    name: "True".into(),
                    value: 1,
                    docs: Docs::from_lines(["Docs with \"quotes\" and \\ backslashes \"\"\""]),
                    deprecated: None,
                },
            ],
        },
    ));
    m.types.push(ty("Exception", TypeKind::Opaque));
    m.functions.push(function(
        "lambda",
        vec![
            ("print", prim(Primitive::I32)),
            ("int", TypeRef::named(TypeId(0))),
            ("self", TypeRef::named(TypeId(1))),
        ],
        TypeRef::named(TypeId(0)),
    ));
    m.functions.push(function("load", vec![], TypeRef::Void));
    m.constants.push(Constant {
        guard: Default::default(),
        name: "None".into(),
        rust_path: "crate::None".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: Primitive::I32,
        value: ConstValue::Int(1),
        deprecated: None,
    });
    for config in [Config::default(), Config::default().rust_names(true)] {
        let text = match emit_with(&m, TargetInfo::x86_64_linux(), config.clone()) {
            Ok(t) => t,
            Err(e) => panic!("{e:#?}"),
        };
        assert!(text.contains("def lambda_("), "{text}");
        assert!(text.contains("def load_("));
        assert!(text.contains("struct int_ {"));
        assert!(text.contains("    uint32_t long_;"));
        check_python(&text, config == Config::default());
    }
}

fn check_python(text: &str, pep8: bool) {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/py-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: create it from the workspace root with\n    python3 -m venv target/py-venv && target/py-venv/bin/pip install cffi pytest mypy",
        python.display()
    );
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    if let Err(e) = std::fs::write(dir.path().join("awkward.py"), text) {
        panic!("{e}");
    }
    let class = if pep8 { "Int" } else { "int_" };
    let script = format!(
        "import awkward as a\nv = a.{class}(class_=1, copy_=2, self_=3, long=4)\nassert (v.class_, v.copy_, v.self_, v.long) == (1, 2, 3, 4), v\nprint(repr(v), list(a.Kind))"
    );
    let out = Command::new(&python)
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PYTHONPATH", dir.path())
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("run python: {e}"),
    };
    assert!(
        out.status.success(),
        "import failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        text
    );
    let out = Command::new(&python)
        .args(["-m", "mypy", "--strict", "--no-error-summary", "awkward.py"])
        .current_dir(dir.path())
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("run mypy: {e}"),
    };
    assert!(
        out.status.success(),
        "mypy --strict failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
