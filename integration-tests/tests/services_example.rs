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

#[test]
fn services_example_runs_from_csharp() {
    let install = "apt-get install -y mono-mcs mono-runtime";
    let mcs = require_tool("mcs", install);
    let mono = require_tool("mono", install);
    let built = build_package("services", None);
    let lib_dir = built.cdylib.parent().unwrap_or(Path::new("."));
    let dir = scratch("services-example-csharp");
    let exe = dir.join("services.exe");
    run(
        Command::new(mcs)
            .args(["-langversion:7.2", "-warnaserror", "-unsafe", "-nologo"])
            .arg(format!("-out:{}", exe.display()))
            .arg(built.bindings.join("Services.cs"))
            .arg(workspace_root().join("examples/services/csharp/Program.cs")),
        "mcs services example",
    );
    let output = run(
        Command::new(mono).arg(&exe).env("LD_LIBRARY_PATH", lib_dir),
        "services example (C#)",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in [
        "C#: demo world: 3 bodies after 2.00s",
        "C#: positions [(1.43, 0.00), (5.00, 0.00), (6.00, 0.00)]",
        "C#: landings (body, speed) [(0, 14.03), (1, 4.41), (2, 6.28)]",
        "C#: Step(0) threw EngineErrorException: InvalidArgument",
        "C#: the engine is disposed after the using block",
        "C#: services example passed",
    ] {
        assert!(stdout.contains(line), "missing `{line}` in:\n{stdout}");
    }
}
