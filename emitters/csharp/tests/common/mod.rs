//! Shared helpers for the C# emitter's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::{EmitInput, Emitter, Layouts, Model, TargetInfo};
use interoptopus_csharp::{CSharpEmitter, Config};

/// Emits `model` for `target`, panicking with every error on failure (test code).
pub fn emit(model: &Model, target: TargetInfo, config: Config) -> String {
    let layouts = Layouts::compute(model, &target).unwrap_or_else(|e| panic!("layout: {e}"));
    let files = CSharpEmitter::new(config)
        .emit(EmitInput {
            model,
            layouts: &layouts,
        })
        .unwrap_or_else(|errs| {
            let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            panic!("emit failed:\n{}", msgs.join("\n"))
        });
    assert_eq!(files.len(), 1);
    files
        .into_iter()
        .next()
        .map(|f| f.contents)
        .unwrap_or_default()
}

pub fn kitchen_sink_cs() -> String {
    emit(
        &kitchen_sink(),
        TargetInfo::x86_64_linux(),
        Config::default(),
    )
}

/// Fails (never skips) when a Mono tool is missing, naming the install command.
pub fn require_tool(tool: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`{tool}` is not installed or does not run; the C# tests need Mono: \
         apt-get install -y mono-mcs mono-runtime"
    );
}

/// Runs `mcs` with the language level and warning policy the bindings promise.
pub fn mcs(dir: &Path, args: &[&str]) {
    require_tool("mcs");
    let out = Command::new("mcs")
        .current_dir(dir)
        .args(["-langversion:7.2", "-warnaserror", "-unsafe", "-nologo"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running mcs: {e}"));
    assert!(
        out.status.success(),
        "mcs {:?} failed:\n{}{}",
        args,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
