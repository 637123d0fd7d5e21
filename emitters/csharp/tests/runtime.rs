//! Runs the generated bindings for real: builds the fixture cdylib (tests/fixture-cdylib) with
//! cargo, compiles the kitchen-sink bindings plus tests/csharp/KitchenSinkTests.cs with
//! `mcs -langversion:7.2 -warnaserror`, and runs the program with Mono. The program calls every
//! function, round-trips every type through Rust, invokes callbacks from Rust, reads statics and
//! compares `Marshal.SizeOf`/`OffsetOf` with the layout model (and sizes with rustc).
//!
//! Missing Mono is a failure naming the install command, never a skip.

mod common;

use std::path::PathBuf;
use std::process::Command;

/// Builds the fixture library and returns the path of `libkitchen_sink.so`.
fn build_fixture() -> PathBuf {
    let manifest = common::manifest_dir().join("tests/fixture-cdylib/Cargo.toml");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::manifest_dir().join("../../target"))
        .join("csharp-fixture");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap_or_else(|e| panic!("running cargo: {e}"));
    assert!(
        out.status.success(),
        "building the fixture cdylib failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("debug/libkitchen_sink.so")
}

#[test]
fn kitchen_sink_runs_on_mono() {
    common::require_tool("mcs");
    common::require_tool("mono");
    let lib = build_fixture();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path();
    let write = |name: &str, text: &str| {
        std::fs::write(path.join(name), text).unwrap_or_else(|e| panic!("writing {name}: {e}"))
    };
    write("KitchenSink.cs", &common::kitchen_sink_cs());
    let tests = common::manifest_dir().join("tests/csharp/KitchenSinkTests.cs");
    let tests = std::fs::read_to_string(&tests).unwrap_or_else(|e| panic!("{tests:?}: {e}"));
    write("KitchenSinkTests.cs", &tests);
    std::fs::copy(&lib, path.join("libkitchen_sink.so"))
        .unwrap_or_else(|e| panic!("copying {lib:?}: {e}"));

    common::mcs(
        path,
        &["-out:tests.exe", "KitchenSink.cs", "KitchenSinkTests.cs"],
    );
    let out = Command::new("mono")
        .current_dir(path)
        .arg("tests.exe")
        .env("LD_LIBRARY_PATH", path)
        .output()
        .unwrap_or_else(|e| panic!("running mono: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stdout
        .lines()
        .rev()
        .find_map(|l| {
            let (p, f) = l.split_once(" passed, ")?;
            let f = f.strip_suffix(" failed")?;
            Some((p.parse::<u32>().ok()?, f.parse::<u32>().ok()?))
        })
        .unwrap_or_else(|| panic!("no summary line from mono:\n{stdout}\n{stderr}"));
    println!("{stdout}");
    assert!(
        out.status.success() && summary.1 == 0,
        "C# tests failed ({} passed, {} failed):\n{stdout}\n{stderr}",
        summary.0,
        summary.1
    );
    // A program that stopped early would also report no failures.
    assert!(summary.0 >= 150, "only {} checks ran:\n{stdout}", summary.0);
}
