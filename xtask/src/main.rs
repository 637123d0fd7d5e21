//! `cargo xtask demo | test | bench | realworld | setup`.
//!
//! Both main commands first make sure the language toolchains exist (installing them when
//! they can: apt as root, a Python venv under `target/`), so that a fresh machine needs
//! nothing but Rust.

mod bench;
mod demo;
mod realworld;
mod toolchains;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => toolchains::ensure().and_then(|t| demo::run_demo(&t)),
        Some("test") => toolchains::ensure().and_then(|t| test(&t, &args[1..])),
        Some("setup") => toolchains::ensure().map(|_| ()),
        Some("realworld") => toolchains::ensure().and_then(|_| realworld::run_realworld(&args[1..])),
        Some("bench") => toolchains::ensure().and_then(|t| bench::run(&t, &args[1..])),
        _ => Err("usage: cargo xtask <demo|test|bench|setup>\n  demo   build examples/hello_world and run its bindings from C, C# and Python\n  test   run the whole test suite (installs missing toolchains)\n  bench  run the benchmarks (`bench csharp`, `bench python`); results in benchmarks/*.md
  realworld  generate headers for public crates (rure, gitoid, sysinfo, libbz2-rs-sys-cdylib) with the CLI and run their own C programs
  setup  only install the toolchains".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs a command, echoing it, and fails with its exit status.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed with {status}", cmd.get_program()))
    }
}

fn test(tools: &toolchains::Toolchains, extra: &[String]) -> Result<(), String> {
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo()
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(extra)
        .env("INTEROPTOPUS_VENV", &tools.venv))
}
