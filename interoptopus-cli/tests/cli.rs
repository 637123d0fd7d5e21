//! The `interoptopus` command on a crate that knows nothing of interoptopus (no attributes,
//! no build script): configuration file, renames, includes, features, `--check`, exit codes.
//! The header it writes is compiled into a C program that is linked to the crate and run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use integration_tests::{require_tool, run, scratch, test_target_dir};

const LIB_RS: &str = r#"
//! A library in the style of a hand-written C API.
use std::os::raw::c_int;

mod flags {
    /// Match without regard to case.
    pub(crate) const CASE_INSENSITIVE: u32 = 1 << 0;
    pub(crate) const MULTI_LINE: u32 = 1 << 1;
}

pub mod engine {
    /// Opaque to C.
    pub struct Engine {
        pub(crate) flags: u32,
        pub(crate) hits: Vec<u32>,
    }
}

#[repr(C)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
}

#[no_mangle]
pub extern "C" fn eng_new(flags: u32) -> *mut engine::Engine {
    Box::into_raw(Box::new(engine::Engine { flags, hits: Vec::new() }))
}

#[no_mangle]
pub unsafe extern "C" fn eng_flags(e: *const engine::Engine) -> u32 {
    (*e).flags
}

#[no_mangle]
pub unsafe extern "C" fn eng_hit(e: *mut engine::Engine, at: usize, out: *mut Hit) -> c_int {
    (*e).hits.push(at as u32);
    *out = Hit { start: at, end: at + (*e).hits.len() };
    (*e).hits.len() as c_int
}

#[no_mangle]
pub unsafe extern "C" fn eng_free(e: *mut engine::Engine) {
    drop(Box::from_raw(e));
}

#[cfg(feature = "extra")]
#[no_mangle]
pub extern "C" fn eng_extra() -> c_int {
    42
}
"#;

const CONFIG: &str = r#"
include = ["crate::flags::CASE_INSENSITIVE", "crate::flags::MULTI_LINE"]

[rename]
"crate::engine::Engine" = "eng_engine"
"crate::Hit" = "eng_hit_t"
"crate::flags::CASE_INSENSITIVE" = "ENG_FLAG_CASEI"
"crate::flags::MULTI_LINE" = "ENG_FLAG_MULTI"

[c]
include_guard = "ENG_H"
"#;

const MAIN_C: &str = r#"
#include <stdio.h>
#include "eng.h"

int main(void) {
    eng_engine *e = eng_new(ENG_FLAG_CASEI | ENG_FLAG_MULTI);
    eng_hit_t hit;
    int n;
    if (eng_flags(e) != 3u) { printf("FAIL flags %u\n", eng_flags(e)); return 1; }
    eng_hit(e, 5, &hit);
    n = eng_hit(e, 7, &hit);
    if (n != 2 || hit.start != 7 || hit.end != 9) { printf("FAIL hit %d %zu %zu\n", n, hit.start, hit.end); return 1; }
#ifdef WITH_EXTRA
    if (eng_extra() != 42) { printf("FAIL extra\n"); return 1; }
#endif
    eng_free(e);
    printf("ok\n");
    return 0;
}
"#;

fn interoptopus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_interoptopus"))
}

/// `interoptopus --manifest-path <dir>/Cargo.toml` plus what `args` adds, run to completion.
fn cli(dir: &Path, args: impl FnOnce(&mut Command) -> &mut Command) -> Output {
    let mut cmd = interoptopus();
    cmd.arg("--manifest-path").arg(dir.join("Cargo.toml"));
    args(&mut cmd)
        .output()
        .unwrap_or_else(|e| panic!("cannot run interoptopus: {e}"))
}

/// A crate with no interoptopus dependency at all, built as a cdylib.
fn plain_crate(name: &str) -> PathBuf {
    let dir = scratch(name);
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n\
         [lib]\nname = \"eng\"\ncrate-type = [\"cdylib\"]\n\n[features]\nextra = []\n"
    );
    std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("src/lib.rs"), LIB_RS).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("interoptopus.toml"), CONFIG).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn cargo_build(dir: &Path, features: &[&str]) -> PathBuf {
    let target = test_target_dir().join("cli");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir)
        .args(["build", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", &target);
    if !features.is_empty() {
        cmd.arg("--features").arg(features.join(","));
    }
    run(&mut cmd, "cargo build");
    target.join("debug")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn compile_and_run(dir: &Path, lib_dir: &Path, defines: &[&str]) -> String {
    let gcc = require_tool("gcc", "apt-get install -y gcc");
    std::fs::write(dir.join("main.c"), MAIN_C).unwrap_or_else(|e| panic!("{e}"));
    let exe = dir.join("main");
    run(
        Command::new(gcc)
            .args(["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"])
            .args(defines)
            .arg("-I")
            .arg(dir.join("include"))
            .arg(dir.join("main.c"))
            .arg("-o")
            .arg(&exe)
            .arg("-L")
            .arg(lib_dir)
            .arg("-leng")
            .arg(format!("-Wl,-rpath,{}", lib_dir.display())),
        "gcc main.c",
    );
    let out = run(&mut Command::new(&exe), "main");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn generates_a_header_from_config_that_a_c_program_compiles_and_runs_against() {
    let dir = plain_crate("cli_plain");
    let lib_dir = cargo_build(&dir, &[]);
    let header = dir.join("include/eng.h");
    let out = cli(&dir, |c| c.arg("--c").arg(&header));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&header).unwrap_or_else(|e| panic!("{e}"));
    for expected in [
        "ENG_H",
        "eng_engine",
        "eng_hit_t",
        "ENG_FLAG_CASEI",
        "ENG_FLAG_MULTI",
    ] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    assert!(!text.contains("eng_extra"), "feature `extra` is off");
    assert_eq!(compile_and_run(&dir, &lib_dir, &[]), "ok\n");

    // The same with the feature on: the gated function appears and links.
    let lib_dir = cargo_build(&dir, &["extra"]);
    let out = cli(&dir, |c| {
        c.args(["--features", "extra", "--c"]).arg(&header)
    });
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(compile_and_run(&dir, &lib_dir, &["-DWITH_EXTRA"]), "ok\n");
}

#[test]
fn check_mode_reports_stale_and_missing_files_and_writes_nothing() {
    let dir = plain_crate("cli_check");
    let header = dir.join("eng.h");
    let py = dir.join("eng.py");
    let check = || {
        cli(&dir, |c| {
            c.arg("--c")
                .arg(&header)
                .arg("--python")
                .arg(&py)
                .arg("--check")
        })
    };
    let out = check();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing:"), "{}", stderr(&out));
    assert!(!header.exists(), "--check wrote a file");

    let write = cli(&dir, |c| c.arg("--c").arg(&header).arg("--python").arg(&py));
    assert!(write.status.success(), "{}", stderr(&write));
    let out = check();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // An edit to the API makes the checked-in header stale.
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("src/lib.rs"),
        lib.replace("pub end: usize", "pub end: u64"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read_to_string(&header).unwrap_or_else(|e| panic!("{e}"));
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("stale: {}", header.display())),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(&format!("stale: {}", py.display())),
        "{}",
        stderr(&out)
    );
    let after = std::fs::read_to_string(&header).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before, after, "--check must not write");
}

#[test]
fn configuration_errors_point_into_the_file() {
    let dir = plain_crate("cli_bad_config");
    std::fs::write(
        dir.join("interoptopus.toml"),
        "[c]\ninclude_guard = \"X\"\nprefixx = \"p_\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = cli(&dir, |c| c.arg("--c").arg(dir.join("x.h")));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("prefixx"), "{err}");
    assert!(err.contains("interoptopus.toml:3:1"), "{err}");

    // A rename of something that does not exist is located at the rule.
    std::fs::write(
        dir.join("interoptopus.toml"),
        "[rename]\n\"crate::Nope\" = \"x\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = cli(&dir, |c| c.arg("--c").arg(dir.join("x.h")));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("crate::Nope"), "{err}");
    assert!(err.contains("interoptopus.toml:2:1"), "{err}");
}

#[test]
fn usage_errors_exit_with_two() {
    let dir = plain_crate("cli_usage");
    let out = cli(&dir, |c| {
        c.args(["--features", "no-such-feature", "--c", "x.h"])
    });
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-feature"), "{}", stderr(&out));
    let out = cli(&dir, |c| c);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing to write"),
        "{}",
        stderr(&out)
    );
}

/// Exports the scanner cannot see (here: written by the crate's build script and pulled in
/// with `include!`) are declared by hand in the configuration; the program links and runs.
#[test]
fn declared_items_reach_the_header_and_link() {
    let dir = scratch("cli_declared");
    let write = |path: &str, text: &str| {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(full, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write(
        "Cargo.toml",
        "[package]\nname = \"cli_declared\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[lib]\nname = \"gen\"\ncrate-type = [\"cdylib\"]\n",
    );
    write(
        "build.rs",
        r##"fn main() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("gen.rs"), "#[no_mangle] pub extern \"C\" fn gen_scale(v: Vec2, k: f32) -> Vec2 { Vec2 { x: v.x * k, y: v.y * k } }\n").unwrap();
}
"##,
    );
    write(
        "src/lib.rs",
        "#[repr(C)]\npub struct Vec2 { pub x: f32, pub y: f32 }\n\ninclude!(concat!(env!(\"OUT_DIR\"), \"/gen.rs\"));\n",
    );
    write(
        "interoptopus.toml",
        "[declare]\ncrate = '''\n#[no_mangle] pub extern \"C\" fn gen_scale(v: Vec2, k: f32) -> Vec2 { v }\n'''\n",
    );
    write(
        "main.c",
        "#include <stdio.h>\n#include \"gen.h\"\nint main(void) {\n    Vec2 v = { 1.5f, -2.0f };\n    Vec2 r = gen_scale(v, 2.0f);\n    if (r.x != 3.0f || r.y != -4.0f) { printf(\"FAIL\\n\"); return 1; }\n    printf(\"ok\\n\");\n    return 0;\n}\n",
    );
    let lib_dir = cargo_build(&dir, &[]);
    let out = cli(&dir, |c| c.arg("--c").arg(dir.join("gen.h")));
    assert!(out.status.success(), "{}", stderr(&out));
    let gcc = require_tool("gcc", "apt-get install -y gcc");
    let exe = dir.join("main");
    run(
        Command::new(gcc)
            .args(["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I"])
            .arg(&dir)
            .arg(dir.join("main.c"))
            .arg("-o")
            .arg(&exe)
            .arg(format!("-L{}", lib_dir.display()))
            .arg("-lgen")
            .arg(format!("-Wl,-rpath,{}", lib_dir.display())),
        "gcc main.c",
    );
    let out = run(&mut Command::new(&exe), "main");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n");
}
