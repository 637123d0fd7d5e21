//! Runs the generated module for real: builds the test cdylib in `tests/fixture-cdylib`,
//! generates the module for the kitchen-sink model (plus extras that pass unions, packed and
//! over-aligned types by value), then runs pytest and `mypy --strict` from the venv at
//! `<workspace>/target/py-venv`. A missing venv is a failure naming the setup command.

use std::path::{Path, PathBuf};
use std::process::Command;

use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::model::*;
use interoptopus_core::{EmitInput, Emitter, Layouts, TargetInfo};
use interoptopus_python::{Config, PythonEmitter};

const SETUP: &str =
    "python3 -m venv target/py-venv && target/py-venv/bin/pip install cffi pytest mypy";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn venv_bin(tool: &str) -> PathBuf {
    let bin = workspace().join("target/py-venv/bin");
    let path = bin.join(tool);
    if !path.exists() {
        panic!(
            "{} is missing: create the test venv from the workspace root with\n    {SETUP}",
            path.display()
        );
    }
    path
}

fn host_target() -> TargetInfo {
    TargetInfo {
        arch: std::env::consts::ARCH.into(),
        os: std::env::consts::OS.into(),
        pointer_width: usize::BITS,
        little_endian: cfg!(target_endian = "little"),
    }
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

fn named(id: u32) -> TypeRef {
    TypeRef::named(TypeId(id))
}

fn sig(params: Vec<(&str, TypeRef)>, ret: TypeRef) -> FnSig {
    FnSig {
        params: params
            .into_iter()
            .map(|(n, ty)| Param { name: n.into(), ty })
            .collect(),
        ret,
    }
}

fn function(name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef) -> Function {
    Function {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        sig: sig(params, ret),
        deprecated: None,
    }
}

/// The kitchen sink plus the extra functions of the fixture cdylib.
fn extended() -> Model {
    let mut m = kitchen_sink();
    // Ids 0..=13 are the kitchen sink's (see its table): 0 Vec3, 1 Color, 2 Flags, 3 Meters,
    // 4 Packed, 5 Aligned, 6 Pair_f32, 7 Grid, 8 Number, 9 Shape, 10 Event, 11 Engine.
    m.types.push(TypeDef {
        guard: Default::default(),
        name: "ShapeMap".into(),
        rust_path: "crate::ShapeMap".into(),
        docs: Docs::from_lines([" Maps a shape, given an event."]),
        span: Span::default(),
        kind: TypeKind::FnPtr {
            sig: sig(vec![("shape", named(9)), ("event", named(10))], named(9)),
        },
        deprecated: None,
    });
    // Fields named after what a class body uses itself (`int`, `property`, …): escaped, so
    // the class still imports and `mypy --strict` still accepts it.
    let shadow_field = |name: &str, ty: TypeRef| Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::default(),
        ty,
    };
    m.types.push(TypeDef {
        guard: Default::default(),
        name: "Shadows".into(),
        rust_path: "crate::Shadows".into(),
        docs: Docs::from_lines([" Field names that are builtins."]),
        span: Span::default(),
        kind: TypeKind::Struct {
            fields: vec![
                shadow_field("int", prim(Primitive::I32)),
                shadow_field("property", prim(Primitive::U8)),
                shadow_field("str", prim(Primitive::Bool)),
                shadow_field("float", prim(Primitive::F32)),
                shadow_field(
                    "bytes",
                    TypeRef::Array {
                        element: Box::new(prim(Primitive::U8)),
                        len: 2,
                    },
                ),
                shadow_field("id", prim(Primitive::U32)),
            ],
            repr: StructRepr::default(),
            tuple: false,
        },
        deprecated: None,
    });
    let ptr = |id: u32, nullable: bool| {
        TypeRef::pointer(named(id), false, nullable, PointerKind::Reference)
    };
    m.functions.extend([
        function("echo_shape", vec![("s", named(9))], named(9)),
        function("echo_event", vec![("e", named(10))], named(10)),
        function("echo_number", vec![("n", named(8))], named(8)),
        function(
            "echo_aligned",
            vec![
                ("a", prim(Primitive::U8)),
                ("x", named(5)),
                ("b", prim(Primitive::U8)),
            ],
            named(5),
        ),
        function(
            "packed_sum",
            vec![("p", ptr(4, false))],
            prim(Primitive::U32),
        ),
        function("echo_grid", vec![("g", named(7))], named(7)),
        function("echo_pair", vec![("p", named(6))], named(6)),
        function("next_color", vec![("c", named(1))], named(1)),
        function("echo_flags", vec![("f", named(2))], named(2)),
        function("double_meters", vec![("m", named(3))], named(3)),
        function(
            "next_char",
            vec![("c", prim(Primitive::Char32))],
            prim(Primitive::Char32),
        ),
        function("origin_ref", vec![], ptr(0, false)),
        function("null_vec3", vec![], ptr(0, true)),
        function(
            "engine_value",
            vec![("e", ptr(11, false))],
            prim(Primitive::U32),
        ),
        function(
            "map_shape",
            vec![("f", named(14)), ("s", named(9)), ("e", named(10))],
            named(9),
        ),
        function(
            "shape_area",
            vec![("s", ptr(9, true))],
            prim(Primitive::F64),
        ),
        function(
            "sum_everything",
            vec![("e", ptr(13, false))],
            prim(Primitive::F64),
        ),
    ]);
    m
}

fn run(cmd: &mut Command, what: &str) -> (i32, String) {
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run {what}: {e}"),
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn build_cdylib() -> PathBuf {
    let ws = workspace();
    let target_dir = ws.join("target/py-fixture");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let (code, text) = run(
        Command::new(cargo)
            .arg("build")
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(ws.join("emitters/python/tests/fixture-cdylib/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target_dir)
            .env_remove("CARGO_TARGET_DIR"),
        "cargo build (fixture cdylib)",
    );
    assert_eq!(code, 0, "building the fixture cdylib failed:\n{text}");
    let file = match std::env::consts::OS {
        "windows" => "kitchen_sink.dll",
        "macos" => "libkitchen_sink.dylib",
        _ => "libkitchen_sink.so",
    };
    target_dir.join("debug").join(file)
}

fn generate(model: &Model, dir: &Path) {
    let layouts = match Layouts::compute(model, &host_target()) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    let files = match PythonEmitter::new(Config::default()).emit(EmitInput {
        model,
        layouts: &layouts,
    }) {
        Ok(f) => f,
        Err(errors) => panic!("emit failed: {errors:#?}"),
    };
    for f in files {
        if let Err(e) = std::fs::write(dir.join(&f.path), f.contents) {
            panic!("write {}: {e}", f.path.display());
        }
    }
}

fn copy(from: &Path, to: &Path) {
    if let Err(e) = std::fs::copy(from, to) {
        panic!("copy {} -> {}: {e}", from.display(), to.display());
    }
}

/// One test so the expensive setup (cdylib build, generation) happens once.
#[test]
fn pytest_and_mypy_against_the_fixture_cdylib() {
    let python = venv_bin("python");
    let temp = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    // Set INTEROPTOPUS_PYTHON_TEST_DIR to keep the generated files for debugging.
    let kept = std::env::var_os("INTEROPTOPUS_PYTHON_TEST_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    if let Err(e) = std::fs::create_dir_all(dir) {
        panic!("mkdir {}: {e}", dir.display());
    }
    let cdylib = build_cdylib();
    generate(&extended(), dir);
    let lib_name = cdylib.file_name().map(PathBuf::from).unwrap_or_default();
    copy(&cdylib, &dir.join(&lib_name));
    // A second copy elsewhere, for the explicit-path and environment-variable lookups.
    let elsewhere = dir.join("elsewhere");
    if let Err(e) = std::fs::create_dir_all(&elsewhere) {
        panic!("mkdir: {e}");
    }
    copy(&cdylib, &elsewhere.join(&lib_name));
    let py_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py");
    for f in [
        "test_kitchen_sink.py",
        "typed_program.py",
        "typed_errors.py",
    ] {
        copy(&py_dir.join(f), &dir.join(f));
    }

    let (code, text) = run(
        Command::new(&python)
            .args([
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "test_kitchen_sink.py",
            ])
            .current_dir(dir)
            .env("PYTHONPATH", dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env_remove("KITCHEN_SINK_LIBRARY"),
        "pytest",
    );
    // Exit code 5 ("no tests collected") is a failure like any other non-zero code.
    assert_eq!(code, 0, "pytest failed (exit {code}):\n{text}");
    assert!(text.contains(" passed"), "pytest ran nothing:\n{text}");
    println!("{text}");

    let mypy = |file: &str| {
        run(
            Command::new(&python)
                .args([
                    "-m",
                    "mypy",
                    "--strict",
                    "--no-error-summary",
                    "--cache-dir",
                ])
                .arg(dir.join(".mypy_cache"))
                .arg(file)
                .current_dir(dir)
                .env("MYPYPATH", dir),
            "mypy",
        )
    };
    let (code, text) = mypy("typed_program.py");
    assert_eq!(
        code, 0,
        "mypy --strict failed on a program using the module:\n{text}"
    );

    // The hints must be precise enough to catch misuse: every line marked `# error` in
    // typed_errors.py is reported, and nothing else.
    let (code, text) = mypy("typed_errors.py");
    assert_eq!(code, 1, "mypy should reject typed_errors.py:\n{text}");
    let source = match std::fs::read_to_string(dir.join("typed_errors.py")) {
        Ok(s) => s,
        Err(e) => panic!("read: {e}"),
    };
    let expected: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with("# error"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut reported: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with("typed_errors.py:") && l.contains(": error:"))
        .filter_map(|l| l.split(':').nth(1)?.parse().ok())
        .collect();
    reported.dedup();
    assert_eq!(
        reported, expected,
        "mypy errors differ from the `# error` marks:\n{text}"
    );
}

/// `#[deprecated]` from Python: calling a deprecated function or reading a deprecated static
/// raises a `DeprecationWarning` at the caller's line with the note (also after `load()`,
/// which must not rebind a deprecated function to the raw cffi one), current functions stay
/// silent, the docstrings say it, and the module still passes `mypy --strict`.
#[test]
fn deprecated_items_warn_from_python() {
    let python = venv_bin("python");
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = temp.path();
    let cdylib = build_cdylib();
    generate(&interoptopus_core::fixtures::deprecations(), dir);
    let lib_name = cdylib.file_name().map(PathBuf::from).unwrap_or_default();
    copy(&cdylib, &dir.join(&lib_name));
    let test = r#"import warnings

import pytest

import kitchen_sink as ks


def test_deprecated_function_warns_at_the_caller() -> None:
    with pytest.warns(DeprecationWarning, match=r"`noop` is deprecated: call `add` with zeros \"instead\" \(deprecated since 0\.2\)") as record:
        ks.noop()
    assert record[0].filename == __file__


def test_still_warns_after_load() -> None:
    ks.load()
    with pytest.warns(DeprecationWarning, match="call `add`"):
        ks.noop()


def test_deprecated_static_warns() -> None:
    with pytest.warns(DeprecationWarning, match=r"count yourself \(deprecated since 1\.0\)"):
        assert ks.statics.COUNTER >= 0


def test_current_api_is_silent() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ks.add(2, 3) == 5
        assert ks.statics.ORIGIN.x == 1.0


def test_docstrings_say_it() -> None:
    assert ks.noop.__doc__ is not None and "Deprecated: call `add`" in ks.noop.__doc__
    assert ks.Shape.__doc__ is not None and "Deprecated: use Vec3" in ks.Shape.__doc__
"#;
    std::fs::write(dir.join("test_deprecated.py"), test).unwrap_or_else(|e| panic!("{e}"));
    let (code, text) = run(
        Command::new(&python)
            .args([
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "test_deprecated.py",
            ])
            .current_dir(dir)
            .env("PYTHONPATH", dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env_remove("KITCHEN_SINK_LIBRARY"),
        "pytest",
    );
    assert_eq!(code, 0, "pytest failed (exit {code}):\n{text}");
    assert!(text.contains("5 passed"), "{text}");
    let (code, text) = run(
        Command::new(&python)
            .args([
                "-m",
                "mypy",
                "--strict",
                "--no-error-summary",
                "--cache-dir",
            ])
            .arg(dir.join(".mypy_cache"))
            .arg("kitchen_sink.py")
            .current_dir(dir),
        "mypy",
    );
    assert_eq!(code, 0, "mypy --strict on the module:\n{text}");
}
