//! `examples/services` from C: the example program compiles strictly against the generated
//! header, runs, and releases everything (checked under valgrind).

use std::path::Path;
use std::process::Command;

use integration_tests::{build_package, require_tool, run, scratch, workspace_root};

#[test]
fn services_example_runs_from_c_without_leaks() {
    require_tool("gcc", "apt-get install -y gcc");
    let valgrind = require_tool("valgrind", "apt-get install -y valgrind");
    let built = build_package("services", None);
    let lib_dir = built.cdylib.parent().unwrap_or(Path::new("."));
    let dir = scratch("services-example");
    let exe = dir.join("services_c");
    run(
        Command::new("gcc")
            .args([
                "-std=c99",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-g",
                "-I",
            ])
            .arg(&built.bindings)
            .arg(workspace_root().join("examples/services/c/main.c"))
            .arg("-L")
            .arg(lib_dir)
            .arg("-lservices")
            .arg("-o")
            .arg(&exe),
        "gcc services example",
    );
    let output = run(
        Command::new(&exe).env("LD_LIBRARY_PATH", lib_dir),
        "services example",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("C: moon: 2 bodies after 3.00s"), "{stdout}");
    assert!(
        stdout.contains("C: 2 landings, fastest 3.60 m/s, listener released 1 time(s)"),
        "{stdout}"
    );
    let checked = Command::new(valgrind)
        .args(["--error-exitcode=1", "--leak-check=full"])
        .arg(&exe)
        .env("LD_LIBRARY_PATH", lib_dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot start valgrind: {e}"));
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    assert!(stderr.contains("ERROR SUMMARY: 0 errors"), "{stderr}");
}
