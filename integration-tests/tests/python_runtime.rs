//! The reference crate's generated Python module (`reference.py`, cffi ABI mode), run with pytest
//! from the test venv against the real cdylib (`integration-tests/python/test_reference.py`:
//! every function called, every value checked, every type's `ffi.sizeof`/`ffi.offsetof`
//! compared with the layout model and `reference.json`), and `mypy --strict` over a small typed
//! program using it (`integration-tests/python/typed_reference.py`), which is then run too.
//!
//! The venv is `$INTEROPTOPUS_VENV` (set by `cargo xtask test`) or `target/py-venv`; a missing
//! venv or package is a failure naming `cargo xtask setup`, never a skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use integration_tests::{build_package, build_package_with, run, scratch, workspace_root, Built};

const SETUP: &str = "cargo xtask setup";
const PACKAGES: &[&str] = &["cffi", "pytest", "mypy", "numpy"];
const TEST_FILE: &str = "test_reference.py";
const TYPED_FILE: &str = "typed_reference.py";

fn python_dir() -> PathBuf {
    workspace_root().join("integration-tests/python")
}

/// The venv's interpreter, with cffi, pytest and mypy importable.
fn venv_python() -> PathBuf {
    let venv = std::env::var_os("INTEROPTOPUS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/py-venv"));
    let python = venv.join("bin/python");
    assert!(
        python.is_file(),
        "the Python test venv is missing ({} does not exist); create it with: {SETUP}",
        python.display()
    );
    for package in PACKAGES {
        let ok = Command::new(&python)
            .args(["-c", &format!("import {package}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(
            ok,
            "`{package}` is not installed in the venv {}; install it with: {SETUP}",
            venv.display()
        );
    }
    python
}

/// The reference crate with its `patterns` feature (every pattern and the service), built
/// into the target folder the C pattern tests use too.
fn build_reference() -> Built {
    let dir = workspace_root().join("target").join("it-patterns");
    build_package_with("reference", None, &["patterns"], &dir)
}

/// The built reference crate, and a scratch folder holding copies of the test programs.
fn prepare(label: &str) -> (Built, PathBuf) {
    let built = build_reference();
    for file in ["reference.py", "reference.json"] {
        let path = built.bindings.join(file);
        assert!(path.is_file(), "the build did not write {}", path.display());
    }
    let dir = scratch(label);
    for file in [TEST_FILE, TYPED_FILE] {
        let from = python_dir().join(file);
        std::fs::copy(&from, dir.join(file))
            .unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
    (built, dir)
}

/// A command running the venv's Python in `dir` with the module importable and the library
/// found through the variable its loader reads.
fn python(interpreter: &Path, built: &Built, dir: &Path) -> Command {
    let mut cmd = Command::new(interpreter);
    cmd.current_dir(dir)
        .env("PYTHONPATH", &built.bindings)
        .env("REFERENCE_LIBRARY", &built.cdylib)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("MYPYPATH", &built.bindings);
    cmd
}

/// The numbers of pytest's closing summary (`85 passed, 1 warning in 0.4s`) by outcome.
fn pytest_summary(output: &Output) -> Vec<(String, u32)> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.contains(" passed") || l.contains(" failed") || l.contains("no tests ran"))
        .unwrap_or_else(|| panic!("pytest printed no summary:\n{stdout}"));
    let line = line.split(" in ").next().unwrap_or(line);
    line.split(',')
        .filter_map(|part| {
            let mut words = part.split_whitespace();
            let n = words.next()?.trim_matches('=').parse().ok()?;
            Some((words.next()?.to_string(), n))
        })
        .collect()
}

#[test]
fn pytest_against_the_reference_cdylib() {
    let interpreter = venv_python();
    let (built, dir) = prepare("python-pytest");
    let output = run(
        python(&interpreter, &built, &dir).args([
            "-m",
            "pytest",
            "-q",
            "-rfEsx",
            "-p",
            "no:cacheprovider",
            // A warning (an exception raised in a callback and swallowed, say) is a failure.
            "-W",
            "error",
            TEST_FILE,
        ]),
        "pytest test_reference.py",
    );
    // `run` already failed on any non-zero exit, including 5 (no tests collected).
    let summary = pytest_summary(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let passed = summary
        .iter()
        .find(|(what, _)| what == "passed")
        .map_or(0, |(_, n)| *n);
    let others: Vec<_> = summary
        .iter()
        .filter(|(what, _)| what != "passed")
        .collect();
    assert!(
        others.is_empty(),
        "pytest reported more than passes: {others:?}\n{stdout}"
    );
    // Every test function ran (parametrized ones count several times).
    let source = std::fs::read_to_string(python_dir().join(TEST_FILE))
        .unwrap_or_else(|e| panic!("{TEST_FILE}: {e}"));
    let functions = source.matches("\ndef test_").count();
    assert!(
        functions > 0 && passed as usize >= functions,
        "{passed} passed, but {TEST_FILE} has {functions} test functions:\n{stdout}"
    );
    println!("Python runtime (pytest): {passed} passed");
}

/// Items of the reference crate the pytest file does not cover yet, by Rust path prefix, each
/// with the reason. The only way out of `every_exported_item_is_exercised`: keep it short.
const NOT_COVERED_YET: &[(&str, &str)] = &[];

/// Every function, constant and static of the model that the module exports is used by the
/// pytest file, so a new item in the reference crate cannot go untested in Python.
#[test]
fn every_exported_item_is_exercised() {
    let built = build_reference();
    let module = std::fs::read_to_string(built.bindings.join("reference.py"))
        .unwrap_or_else(|e| panic!("reference.py: {e}"));
    let tests = std::fs::read_to_string(python_dir().join(TEST_FILE))
        .unwrap_or_else(|e| panic!("{TEST_FILE}: {e}"));
    let mut missing = Vec::new();
    let mut pending = Vec::new();
    let mut checked = 0;
    // Service functions are methods of their class (`engine_push` → `.push(`), constructors
    // also `Engine(`; `free` functions of owned types are called by the wrappers only.
    let mut via_class = std::collections::BTreeMap::new();
    for s in &built.model.services {
        for m in s.constructors.iter().chain(&s.methods) {
            let method = m.strip_prefix("engine_").unwrap_or(m);
            via_class.insert(m.clone(), format!(".{method}("));
        }
        if let Some(c) = s.constructors.first() {
            via_class.insert(c.clone(), format!("r.{}(", s.name));
        }
        via_class.insert(s.destructor.clone(), ".close()".to_string());
    }
    for p in &built.model.patterns {
        use interoptopus_core::model::Pattern;
        if let Pattern::OwnedString { free } | Pattern::OwnedVec { free, .. } = &p.pattern {
            via_class.insert(free.clone(), String::new());
        }
    }
    for f in &built.model.functions {
        if let Some(needle) = via_class.get(&f.name) {
            checked += 1;
            if !tests.contains(needle.as_str()) {
                missing.push(format!("function {} (as `{needle}`)", f.name));
            }
            continue;
        }
        if !module.contains(&format!("\ndef {}(", f.name)) {
            continue; // excluded from Python by the build script (packed_make, packed_sum)
        }
        if let Some((_, why)) = NOT_COVERED_YET
            .iter()
            .find(|(prefix, _)| f.rust_path.starts_with(prefix))
        {
            pending.push(format!("{}: {why}", f.name));
            continue;
        }
        checked += 1;
        if !tests.contains(&format!("r.{}(", f.name)) {
            missing.push(format!("function {}", f.name));
        }
    }
    for c in &built.model.constants {
        checked += 1;
        if !tests.contains(&format!("r.{}", c.name)) {
            missing.push(format!("constant {}", c.name));
        }
    }
    for s in &built.model.statics {
        checked += 1;
        if !tests.contains(&format!("r.statics.{}", s.name)) {
            missing.push(format!("static {}", s.name));
        }
    }
    assert!(
        missing.is_empty(),
        "{TEST_FILE} never uses: {}",
        missing.join(", ")
    );
    assert!(checked > 60, "only {checked} items in the model?");
    if !pending.is_empty() {
        println!(
            "{} functions not covered by {TEST_FILE} yet (NOT_COVERED_YET), e.g. {}",
            pending.len(),
            pending[0]
        );
    }
    for excluded in ["packed_make", "packed_sum"] {
        assert!(
            built.model.functions.iter().any(|f| f.name == excluded)
                && !module.contains(&format!("def {excluded}(")),
            "{excluded} should be in the model but excluded from Python"
        );
    }
}

#[test]
fn mypy_strict_accepts_a_typed_program_and_it_runs() {
    let interpreter = venv_python();
    let (built, dir) = prepare("python-mypy");
    let cache = dir.join(".mypy_cache");
    let output = python(&interpreter, &built, &dir)
        .args(["-m", "mypy", "--strict", "--cache-dir"])
        .arg(&cache)
        .arg(TYPED_FILE)
        .output()
        .unwrap_or_else(|e| panic!("cannot run mypy: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.starts_with("Success: no issues found"),
        "mypy --strict {TYPED_FILE} (and the reference module it imports) failed ({}):\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // The module itself, checked on its own as well.
    run(
        python(&interpreter, &built, &dir)
            .args(["-m", "mypy", "--strict", "--cache-dir"])
            .arg(&cache)
            .arg(built.bindings.join("reference.py")),
        "mypy --strict reference.py",
    );
    let output = run(
        python(&interpreter, &built, &dir).arg(TYPED_FILE),
        "python typed_reference.py",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("['circle 1.5', 'rect 9.0', 'empty', 'rect 2.0']"),
        "typed_reference.py printed something unexpected:\n{stdout}"
    );
}

/// The module refuses a library built from another API (the reference crate without its
/// `patterns` feature exports a different fingerprint), on import-time and explicit loads,
/// naming the stale side by comparing file times; the right library still loads afterwards.
#[test]
fn a_library_built_from_another_api_is_refused() {
    let interpreter = venv_python();
    let (built, dir) = prepare("python-fingerprint");
    let other = build_package("reference", None);
    let (Some(ours), Some(theirs)) = (&built.model.fingerprint, &other.model.fingerprint) else {
        panic!("the reference crate has no fingerprint function");
    };
    assert_ne!(ours.value, theirs.value, "two APIs with one fingerprint");
    let copy = dir.join("libreference_other.so");
    std::fs::copy(&other.cdylib, &copy).unwrap_or_else(|e| panic!("copy cdylib: {e}"));
    let script = r#"
import os, sys
import reference as r
other, good = sys.argv[1], sys.argv[2]
# The import-time load (through REFERENCE_LIBRARY = the other library) was refused quietly;
# the first call reports it.
try:
    r.pattern_range(1)
except r.ApiMismatchError as e:
    print("first use refused:", e)
else:
    sys.exit("a mismatched library was used")
module_time = os.path.getmtime(r.__file__)
os.utime(other, (module_time + 100, module_time + 100))
try:
    r.load(other)
except r.ApiMismatchError as e:
    assert "bindings" in str(e) and "are stale" in str(e), e
    print("newer library:", e)
os.utime(other, (module_time - 100, module_time - 100))
try:
    r.load(other)
except r.ApiMismatchError as e:
    assert "the library" in str(e) and "is stale" in str(e), e
    print("older library:", e)
r.load(good)
assert r.pattern_range(3) == [0, 1, 2]
print("the matching library loads")
"#;
    let output = run(
        python(&interpreter, &built, &dir)
            .env("REFERENCE_LIBRARY", &copy)
            .args(["-c", script])
            .arg(&copy)
            .arg(&built.cdylib),
        "python fingerprint refusal",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "first use refused: API mismatch",
        "newer library:",
        "older library:",
        "the matching library loads",
    ] {
        assert!(
            stdout.contains(expected),
            "missing `{expected}` in:\n{stdout}"
        );
    }
    println!("{stdout}");
}
