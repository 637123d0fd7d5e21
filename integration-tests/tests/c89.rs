//! Strict and old C against the reference crate: its C89 header (`reference_c89.h`, written by
//! a second C emitter in the crate's build script) compiled by GCC and Clang with
//! `-std=c89 -pedantic -Wall -Wextra -Werror` for x86_64 and i686, linked with the real cdylib
//! and run (`c/c89_test.c`); and both headers compiled as C++17 and C++20.

use std::process::Command;

use integration_tests::{
    assert_all_passed, build_package, compile_and_run_c, require_tool, run, scratch,
};

const C89: &[&str] = &["-std=c89", "-pedantic", "-Wall", "-Wextra", "-Werror"];
const INSTALL: &str = "apt-get install -y gcc g++ clang gcc-multilib";

fn compile_and_run(compiler: &str, extra: &[&str], target: Option<&str>, label: &str) {
    require_tool(compiler, INSTALL);
    let built = build_package("reference", target);
    let header = std::fs::read_to_string(built.bindings.join("reference_c89.h"))
        .unwrap_or_else(|e| panic!("reference_c89.h: {e}"));
    assert!(!header.contains("//"), "a C89 header has no line comments");
    assert!(header.contains("typedef unsigned char reference_bool;"));
    let flags = [C89, extra].concat();
    let output = compile_and_run_c(
        &built,
        compiler,
        &flags,
        "c89_test.c",
        &format!("c89-{label}"),
    );
    assert_all_passed(&output, &format!("C89 program, {label}"));
}

#[test]
fn gcc_c89_x86_64() {
    compile_and_run("gcc", &[], None, "gcc-x86_64");
}

#[test]
fn clang_c89_x86_64() {
    compile_and_run("clang", &[], None, "clang-x86_64");
}

#[test]
fn gcc_c89_i686() {
    compile_and_run("gcc", &["-m32"], Some("i686-unknown-linux-gnu"), "gcc-i686");
}

#[test]
fn clang_c89_i686() {
    compile_and_run(
        "clang",
        &["-m32"],
        Some("i686-unknown-linux-gnu"),
        "clang-i686",
    );
}

/// Both headers are valid C++17 and C++20 (g++ and clang++), pedantic and warning-free.
#[test]
fn both_headers_compile_as_cpp17_and_cpp20() {
    let built = build_package("reference", None);
    let dir = scratch("cpp-headers");
    for header in ["reference.h", "reference_c89.h"] {
        let source = dir.join(format!("{header}.cpp"));
        std::fs::write(
            &source,
            format!("#include \"{header}\"\n#include \"{header}\"\nint main() {{ Vec3 v = my_game_function(nullptr); return v.y == 1.0f && legacy_sum(1, 2) == 3 ? 0 : 1; }}\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for compiler in ["g++", "clang++"] {
            require_tool(compiler, INSTALL);
            for std in ["-std=c++17", "-std=c++20"] {
                run(
                    Command::new(compiler)
                        .args([
                            std,
                            "-Wall",
                            "-Wextra",
                            "-Werror",
                            "-pedantic",
                            "-fsyntax-only",
                            "-I",
                        ])
                        .arg(&built.bindings)
                        .arg(&source),
                    &format!("{compiler} {std} {header}"),
                );
            }
        }
    }
}
