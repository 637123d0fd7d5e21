//! The Python ownership patterns under valgrind: the generated `reference.py` (reference crate
//! built with `--features patterns`) drives owned strings and vectors out, slices and strings
//! in, the error path and services created and released (by `close()`, `with` and the GC,
//! each with a callback that Rust must release) in a loop, under memcheck. Any invalid access
//! or uninitialised use is an error, and so is a definite leak; CPython's own long-lived
//! allocations show as "still reachable"/"possibly lost" and are not counted.
//!
//! No suppression file is needed: CPython 3.11 makes memcheck report uninitialised values when
//! importlib reads a `.pyc` header (`int.from_bytes` of a zero flags field: `MEDIUM_VALUE`
//! multiplies the never-written `ob_digit[0]` by a size of 0, a false positive in CPython
//! itself, repeated at every later `Py_INCREF` of the resulting small int). Pointing
//! `PYTHONPYCACHEPREFIX` at an empty folder (with `PYTHONDONTWRITEBYTECODE`) makes Python
//! compile from source instead, so those reports never happen and nothing has to be hidden.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::{build_package_with, require_tool, scratch, workspace_root, Built};

const ROUNDS: u32 = 20;

const SCRIPT: &str = r#""""The ownership patterns in a loop, for valgrind."""
import gc
import sys

import reference as r

ROUNDS = int(sys.argv[1])


def main() -> int:
    wrong = 0
    for i in range(ROUNDS):
        # Strings out (OwnedString, freed by the module).
        if r.pattern_greet(f"n{i}") != f"Hello, n{i}!":
            wrong += 1
        # Vectors out (OwnedVec<u32>, OwnedVec<Vec3>).
        if r.pattern_range(i % 7) != list(range(i % 7)):
            wrong += 1
        if len(r.pattern_points(i % 5)) != i % 5:
            wrong += 1
        # Slices and strings in.
        if r.pattern_sum_f32([1.0] * (i % 9)) != float(i % 9):
            wrong += 1
        if r.pattern_count_chars("\u00fcn\u00efcode") != 7:
            wrong += 1
        # The error path.
        try:
            r.pattern_divide(1, 0)
            wrong += 1
        except r.PatternErrorException:
            pass
        # A service closed explicitly, one closed by `with`, one released by the GC; each
        # holds a listener that Rust releases when it replaces or drops it.
        seen: list[float] = []
        e = r.Engine.new(f"engine {i}", 8)
        e.set_listener(seen.append)
        e.push(1.5)
        e.push_all([2.0, 3.0])
        if e.sum() != 6.5 or e.values() != [1.5, 2.0, 3.0] or e.name() != f"engine {i}":
            wrong += 1
        e.set_listener(lambda v: None)
        e.close()
        try:
            e.sum()
            wrong += 1
        except r.ServiceClosedError:
            pass
        with r.Engine(b"with", 2) as w:
            w.push_all(bytes(0))
            w.set_listener(print)
        g = r.Engine.new("gc", 1)
        g.set_listener(seen.append)
        del g
        gc.collect()
    print(f"valgrind patterns: {ROUNDS} rounds, {wrong} wrong")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
"#;

/// The venv's interpreter (`$INTEROPTOPUS_VENV` or `target/py-venv`).
fn venv_python() -> PathBuf {
    let venv = std::env::var_os("INTEROPTOPUS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/py-venv"));
    let python = venv.join("bin/python");
    assert!(
        python.is_file(),
        "the Python test venv is missing ({} does not exist); create it with: cargo xtask setup",
        python.display()
    );
    python
}

/// The reference crate with every pattern, in the folder the other pattern tests use.
fn build_reference() -> Built {
    let dir = workspace_root().join("target").join("it-patterns");
    build_package_with("reference", None, &["patterns"], &dir)
}

/// Runs the script under memcheck with `bindings` importable; returns (success, stdout, stderr).
fn run_under_valgrind(valgrind: &Path, bindings: &Path, cdylib: &Path) -> (bool, String, String) {
    let dir = scratch("python-valgrind");
    std::fs::write(dir.join("patterns_loop.py"), SCRIPT).unwrap_or_else(|e| panic!("{e}"));
    let pycache = dir.join("empty-pycache");
    std::fs::create_dir_all(&pycache).unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(valgrind)
        .args([
            "--error-exitcode=1",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite",
            "--num-callers=30",
        ])
        .arg(venv_python())
        .arg("patterns_loop.py")
        .arg(ROUNDS.to_string())
        .current_dir(&dir)
        .env("PYTHONMALLOC", "malloc")
        .env("PYTHONPYCACHEPREFIX", &pycache)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONPATH", bindings)
        .env("REFERENCE_LIBRARY", cdylib)
        .output()
        .unwrap_or_else(|e| panic!("cannot start valgrind: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn python_ownership_patterns_are_clean_under_valgrind() {
    let valgrind = require_tool("valgrind", "apt-get install -y valgrind");
    let built = build_reference();
    let (ok, stdout, stderr) = run_under_valgrind(&valgrind, &built.bindings, &built.cdylib);
    assert!(ok, "valgrind reported errors:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("valgrind patterns: {ROUNDS} rounds, 0 wrong")),
        "{stdout}"
    );
    assert!(stderr.contains("ERROR SUMMARY: 0 errors"), "{stderr}");
    assert!(
        stderr.contains("definitely lost: 0 bytes in 0 blocks"),
        "{stderr}"
    );
}
