//! The reference crate's C header, compiled strictly with gcc, clang and g++, and a C program
//! linked against the real cdylib calling every function — on x86_64 and on i686.

use std::path::Path;
use std::process::Command;

use integration_tests::{
    assert_all_passed, build_package, compile_and_run_c, require_tool, run, scratch,
};

const STRICT: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];
const INSTALL: &str = "apt-get install -y gcc g++ clang gcc-multilib g++-multilib";

fn compile_and_run(compiler: &str, extra: &[&str], target: Option<&str>, label: &str) {
    require_tool(compiler, INSTALL);
    let built = build_package("reference", target);
    let flags = [STRICT, extra].concat();
    let output = compile_and_run_c(
        &built,
        compiler,
        &flags,
        "reference_test.c",
        &format!("c-{label}"),
    );
    assert_all_passed(&output, &format!("C runtime, {label}"));
}

#[test]
fn gcc_x86_64() {
    compile_and_run("gcc", &[], None, "gcc-x86_64");
}

#[test]
fn clang_x86_64() {
    compile_and_run("clang", &[], None, "clang-x86_64");
}

#[test]
fn gcc_i686() {
    compile_and_run("gcc", &["-m32"], Some("i686-unknown-linux-gnu"), "gcc-i686");
}

#[test]
fn clang_i686() {
    compile_and_run(
        "clang",
        &["-m32"],
        Some("i686-unknown-linux-gnu"),
        "clang-i686",
    );
}

/// The header is also valid C++17 (g++ and clang++), pedantic and warning-free.
#[test]
fn header_compiles_as_cpp17() {
    let built = build_package("reference", None);
    let dir = scratch("cpp17");
    let source = dir.join("include.cpp");
    std::fs::write(&source, "#include \"reference.h\"\nint main() { Vec3 v = my_game_function(nullptr); return v.y == 1.0f ? 0 : 1; }\n")
        .unwrap_or_else(|e| panic!("{e}"));
    for compiler in ["g++", "clang++"] {
        require_tool(compiler, INSTALL);
        run(
            Command::new(compiler)
                .args([
                    "-std=c++17",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-pedantic",
                    "-fsyntax-only",
                    "-I",
                ])
                .arg(&built.bindings)
                .arg(&source),
            &format!("{compiler} -std=c++17"),
        );
    }
}

/// `c/deprecated_test.c` uses the deprecated items: GCC and Clang warn for each use with the
/// note from `#[deprecated]` (and `-Werror` turns that into a failure), and the program still
/// links and runs. (`reference_test.c` includes the same header under `-Werror`: a program that
/// does not use them compiles cleanly.)
#[test]
fn deprecated_items_warn_with_the_note_and_still_run() {
    let built = build_package("reference", None);
    let lib_dir = built.cdylib.parent().unwrap_or(Path::new("."));
    let source = integration_tests::workspace_root().join("integration-tests/c/deprecated_test.c");
    let dir = scratch("c-deprecated");
    for compiler in ["gcc", "clang"] {
        require_tool(compiler, INSTALL);
        let exe = dir.join(format!("deprecated_test_{compiler}"));
        let compile = |werror: bool| {
            let mut cmd = Command::new(compiler);
            cmd.args(["-std=c99", "-Wall", "-Wextra", "-pedantic"]);
            if werror {
                cmd.arg("-Werror");
            }
            cmd.arg("-I")
                .arg(&built.bindings)
                .arg(&source)
                .arg("-L")
                .arg(lib_dir)
                .arg("-lreference")
                .arg("-o")
                .arg(&exe)
                .output()
                .unwrap_or_else(|e| panic!("{compiler}: {e}"))
        };
        let strict = compile(true);
        assert!(
            !strict.status.success(),
            "{compiler} -Werror accepted uses of deprecated items"
        );
        let output = compile(false);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{compiler}:\n{stderr}");
        for note in [
            "use legacy_sum instead (deprecated since 0.9.0)",
            "use Vec3",
        ] {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains("deprecated") && l.contains(note)),
                "{compiler}: no deprecation warning with `{note}`:\n{stderr}"
            );
        }
        let ran = run(
            Command::new(&exe).env("LD_LIBRARY_PATH", lib_dir),
            &format!("deprecated_test ({compiler})"),
        );
        assert_all_passed(&ran, &format!("deprecated C program ({compiler})"));
    }
}

/// The layout numbers differ between the targets where the ABI says they must.
#[test]
fn i686_layout_differs_from_x86_64() {
    let x64 = build_package("reference", None);
    let x86 = build_package("reference", Some("i686-unknown-linux-gnu"));
    let wide = |b: &integration_tests::Built| {
        let id = b
            .model
            .types
            .iter()
            .position(|t| t.name == "Wide")
            .unwrap_or_else(|| panic!("no Wide"));
        let l = b.layouts.types[id]
            .clone()
            .unwrap_or_else(|| panic!("no layout"));
        (l.size, l.align, l.fields[1].offset)
    };
    assert_eq!(wide(&x64), (32, 8, 8));
    assert_eq!(wide(&x86), (24, 4, 4));
}
