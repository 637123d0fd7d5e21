//! The main job: build `examples/hello_world` (its build script writes the bindings), then
//! call it from C, C# and Python.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::toolchains::Toolchains;
use crate::{cargo, root, run};

pub fn run_demo(tools: &Toolchains) -> Result<(), String> {
    let example = root().join("examples").join("hello_world");
    run(cargo().args(["build", "--package", "hello_world"]))?;
    // Cargo builds into `$CARGO_TARGET_DIR` when it is set, else `<root>/target`.
    let target_root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"));
    let target_dir = target_root.join("debug");
    let bindings = find_bindings(&target_dir.join("build"), "hello_world")?;
    let scratch = target_root.join("demo");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    eprintln!("xtask: bindings in {}", bindings.display());

    eprintln!("\n== C ==");
    let exe = scratch.join("hello_c");
    run(Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I"])
        .arg(&bindings)
        .arg(example.join("c").join("main.c"))
        .arg("-L")
        .arg(&target_dir)
        .arg("-lhello_world")
        .arg("-o")
        .arg(&exe))?;
    run(Command::new(&exe).env("LD_LIBRARY_PATH", &target_dir))?;

    eprintln!("\n== C# (Mono) ==");
    let cs_exe = scratch.join("hello.exe");
    run(Command::new("mcs")
        .args(["-langversion:7.2", "-warnaserror", "-unsafe", "-nologo"])
        .arg(format!("-out:{}", cs_exe.display()))
        .arg(bindings.join("HelloWorld.cs"))
        .arg(example.join("csharp").join("Program.cs")))?;
    run(Command::new("mono")
        .arg(&cs_exe)
        .env("LD_LIBRARY_PATH", &target_dir))?;

    eprintln!("\n== Python (cffi) ==");
    run(Command::new(tools.venv.join("bin").join("python"))
        .arg(example.join("python").join("main.py"))
        .env("PYTHONPATH", &bindings)
        .env("HELLO_WORLD_LIBRARY", target_dir.join("libhello_world.so")))?;
    eprintln!("\nxtask: hello_world ran from C, C# and Python");

    run(cargo().args(["build", "--package", "services"]))?;
    let services = root().join("examples").join("services");
    let services_bindings = find_bindings(&target_dir.join("build"), "services")?;

    eprintln!("\n== services example (C#, Mono) ==");
    let services_exe = scratch.join("services.exe");
    run(Command::new("mcs")
        .args(["-langversion:7.2", "-warnaserror", "-unsafe", "-nologo"])
        .arg(format!("-out:{}", services_exe.display()))
        .arg(services_bindings.join("Services.cs"))
        .arg(services.join("csharp").join("Program.cs")))?;
    run(Command::new("mono")
        .arg(&services_exe)
        .env("LD_LIBRARY_PATH", &target_dir))?;

    eprintln!("\n== services example (Python) ==");
    run(Command::new(tools.venv.join("bin").join("python"))
        .arg(services.join("python").join("main.py"))
        .env("PYTHONPATH", &services_bindings)
        .env("SERVICES_LIBRARY", target_dir.join("libservices.so")))?;
    eprintln!("\nxtask: the services example ran from C# and Python");
    Ok(())
}

/// The newest `$OUT_DIR/bindings` of the build script of package `name`.
fn find_bindings(build_dir: &Path, name: &str) -> Result<PathBuf, String> {
    let entries =
        std::fs::read_dir(build_dir).map_err(|e| format!("{}: {e}", build_dir.display()))?;
    let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(&format!("{name}-"))
        {
            continue;
        }
        let header = entry
            .path()
            .join("out")
            .join("bindings")
            .join(format!("{name}.h"));
        if let Ok(time) = std::fs::metadata(&header).and_then(|m| m.modified()) {
            if best.as_ref().is_none_or(|(t, _)| time > *t) {
                best = Some((
                    time,
                    header.parent().map(Path::to_path_buf).unwrap_or_default(),
                ));
            }
        }
    }
    best.map(|(_, p)| p)
        .ok_or_else(|| format!("{name}'s bindings were not generated"))
}
