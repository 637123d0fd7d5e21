//! Helpers shared by the integration tests: the kitchen-sink input, and running real compilers.
//!
//! A missing compiler fails the test with the command that installs it: these tests prove the
//! header compiles, and a skip would prove nothing.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use interoptopus_c::Config;
use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::{EmitInput, Layouts, Model, TargetInfo};

pub const INSTALL: &str = "apt-get install -y clang gcc-multilib";

pub fn layouts(model: &Model, target: &TargetInfo) -> Layouts {
    match Layouts::compute(model, target) {
        Ok(l) => l,
        Err(e) => panic!("layout failed: {e}"),
    }
}

pub fn kitchen() -> (Model, Layouts) {
    let model = kitchen_sink();
    let l = layouts(&model, &TargetInfo::x86_64_linux());
    (model, l)
}

pub fn header_for(model: &Model, layouts: &Layouts, config: &Config) -> String {
    match interoptopus_c::header(EmitInput { model, layouts }, config) {
        Ok(h) => h,
        Err(errors) => panic!("header failed: {errors:#?}"),
    }
}

/// Writes `files` into a fresh temporary directory.
pub fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    for (name, text) in files {
        if let Err(e) = std::fs::write(dir.path().join(name), text) {
            panic!("writing {name}: {e}");
        }
    }
    dir
}

/// Output of one compiler run.
pub struct Run {
    pub ok: bool,
    pub output: String,
}

/// Runs `compiler args…` in `dir`. A compiler that cannot be started fails the test.
pub fn run(dir: &Path, compiler: &str, args: &[&str]) -> Run {
    let out = match Command::new(compiler).args(args).current_dir(dir).output() {
        Ok(o) => o,
        Err(e) => {
            panic!("cannot run `{compiler}` ({e}); install the C toolchains with `{INSTALL}`")
        }
    };
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    Run {
        ok: out.status.success(),
        output,
    }
}

/// Like [`run`], failing the test when the compiler reports an error. `-m32` without the
/// multilib headers fails on a missing `gnu/stubs-32.h`; the message then names the install.
pub fn must_compile(dir: &Path, compiler: &str, args: &[&str]) {
    let r = run(dir, compiler, args);
    let hint = if r.output.contains("stubs-32.h") || r.output.contains("No such file") {
        format!("\n(a system header is missing: install the toolchains with `{INSTALL}`)")
    } else {
        String::new()
    };
    assert!(
        r.ok,
        "`{compiler} {}` failed:\n{}{hint}",
        args.join(" "),
        r.output
    );
}

pub fn path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// The object-like macros a header defines with a value (constants, enumerators written as
/// `#define`, the fingerprint), in order.
pub fn value_macros(header: &str) -> Vec<String> {
    header
        .lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = &rest[name.len()..];
            // `NAME value`, not `NAME(args)` nor a bare `NAME` (the include guard).
            after.starts_with(' ').then_some(name)
        })
        .collect()
}

/// A translation unit that includes `file` twice and expands every value macro of `header`,
/// so a macro whose expansion the standard rejects fails to compile (defining a macro proves
/// nothing until it is used).
pub fn use_every_macro(header: &str, file: &str) -> String {
    let mut tu = format!("#include \"{file}\"\n#include \"{file}\"\n\nvoid use_every_macro(void);\nvoid use_every_macro(void) {{\n");
    for name in value_macros(header) {
        tu.push_str(&format!("    (void)({name});\n"));
    }
    tu.push_str("}\n");
    tu
}
