//! Callback classes: a callable whose arguments and result cffi already converts is handed to
//! `ffi.callback` as it is (no trampoline frame per call); the others, and every `void` one,
//! go through a trampoline. Checked in the text and by calling the callbacks from Python (a
//! cffi callback is callable without any library, so no cdylib is needed).

use std::path::PathBuf;
use std::process::Command;

use interoptopus_core::model::*;
use interoptopus_core::{EmitInput, Emitter, Layouts, TargetInfo};
use interoptopus_python::{Config, PythonEmitter};

fn fn_ptr(name: &str, params: Vec<TypeRef>, ret: TypeRef) -> TypeDef {
    TypeDef {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        kind: TypeKind::FnPtr {
            sig: FnSig {
                params: params
                    .into_iter()
                    .enumerate()
                    .map(|(i, ty)| Param {
                        name: format!("a{i}"),
                        ty,
                    })
                    .collect(),
                ret,
            },
        },
        deprecated: None,
    }
}

fn model() -> Model {
    let prim = TypeRef::primitive;
    let mut m = Model::new("callbacks", "callbacks");
    m.types = vec![
        fn_ptr(
            "Direct",
            vec![prim(Primitive::U32), prim(Primitive::F64)],
            prim(Primitive::U32),
        ),
        fn_ptr("Unit", vec![prim(Primitive::U32)], TypeRef::Void),
        fn_ptr(
            "Converted",
            vec![prim(Primitive::Char32)],
            prim(Primitive::Char32),
        ),
    ];
    m
}

fn emit() -> String {
    let model = model();
    let layouts = match Layouts::compute(&model, &TargetInfo::x86_64_linux()) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    match PythonEmitter::new(Config::default()).emit(EmitInput {
        model: &model,
        layouts: &layouts,
    }) {
        Ok(files) => files.into_iter().map(|f| f.contents).collect(),
        Err(e) => panic!("emit failed: {e:#?}"),
    }
}

/// The text of one class, up to the next top-level definition.
fn class_body<'a>(text: &'a str, class: &str) -> &'a str {
    let start = text
        .find(&format!("\nclass {class}("))
        .unwrap_or_else(|| panic!("no class {class}"));
    let rest = &text[start + 1..];
    let end = rest[1..]
        .find("\nclass ")
        .or_else(|| rest[1..].find("\ndef "))
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn conversion_free_callbacks_have_no_trampoline() {
    let text = emit();
    let direct = class_body(&text, "Direct");
    assert!(
        direct.contains("self._cdata = ffi.callback(self._TYPE, fn)"),
        "{direct}"
    );
    assert!(!direct.contains("def trampoline"), "{direct}");
    for class in ["Unit", "Converted"] {
        let body = class_body(&text, class);
        assert!(body.contains("def trampoline("), "{body}");
        assert!(
            body.contains("self._cdata = ffi.callback(self._TYPE, trampoline)"),
            "{body}"
        );
    }
}

#[test]
fn callbacks_work_when_called_through_cffi() {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/py-venv/bin/python");
    assert!(
        python.is_file(),
        "{} is missing: create the test venv (`cargo xtask setup`)",
        python.display()
    );
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    if let Err(e) = std::fs::write(dir.path().join("callbacks.py"), emit()) {
        panic!("write: {e}");
    }
    // Any exception inside a callback ends up in `sys.unraisablehook`: fail on it.
    let program = r#"
import sys
def unraisable(u):
    print("UNRAISABLE", u.exc_value, file=sys.stderr)
    sys.exit(3)
sys.unraisablehook = unraisable
import callbacks as m
assert m.Direct(lambda a, b: a + int(b))(40, 2.5) == 42
seen = []
assert m.Unit(lambda a: seen.append(a) or "ignored")(7) is None  # result discarded
assert seen == [7]
assert m.Converted(lambda c: chr(ord(c) + 1))("a") == "b"
print("ok")
"#;
    let out = match Command::new(&python)
        .args(["-c", program])
        .current_dir(dir.path())
        .env("PYTHONPATH", dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run python: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.trim() == "ok",
        "python failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
