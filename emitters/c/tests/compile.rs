//! The generated headers compile warning-free with every compiler and standard we promise.

mod common;

use interoptopus_c::{Config, DocStyle};
use interoptopus_core::TargetInfo;

const WARN: &[&str] = &["-Wall", "-Wextra", "-Werror", "-pedantic"];

/// Compiles `#include "<file>"` with each `(compiler, std, extra)` combination.
fn compile_all(header: &str, file: &str, runs: &[(&str, &str, &[&str])]) {
    let include = format!("#include \"{file}\"\n#include \"{file}\"\n");
    let dir = common::dir_with(&[(file, header), ("tu.c", &include), ("tu.cpp", &include)]);
    for (compiler, std, extra) in runs {
        let source = if compiler.ends_with("++") {
            "tu.cpp"
        } else {
            "tu.c"
        };
        let mut args = vec![*std];
        args.extend_from_slice(WARN);
        args.extend_from_slice(extra);
        args.extend_from_slice(&["-c", source, "-o", "tu.o"]);
        common::must_compile(dir.path(), compiler, &args);
    }
}

#[test]
fn kitchen_sink_compiles_as_c99_and_cpp17() {
    let (model, layouts) = common::kitchen();
    let header = common::header_for(&model, &layouts, &Config::default());
    compile_all(
        &header,
        "kitchen_sink.h",
        &[
            ("gcc", "-std=c99", &[]),
            ("clang", "-std=c99", &[]),
            ("gcc", "-std=c11", &[]),
            ("gcc", "-std=c99", &["-m32"]),
            ("g++", "-std=c++17", &[]),
            ("clang++", "-std=c++17", &[]),
            ("g++", "-std=c++11", &[]),
        ],
    );
}

#[test]
fn kitchen_sink_for_i686_compiles_with_m32() {
    let model = interoptopus_core::fixtures::kitchen_sink();
    let layouts = common::layouts(&model, &TargetInfo::i686_linux());
    let header = common::header_for(&model, &layouts, &Config::default());
    compile_all(&header, "kitchen_sink.h", &[("gcc", "-std=c99", &["-m32"])]);
}

/// C89 support is not promised yet: GCC accepts the header, but Clang reports `bool` (`_Bool`)
/// as a C99 extension, and on 32-bit targets `UINT64_C` expands to a C99 `ull` literal.
#[test]
fn block_docs_with_prefix_compile_as_c89() {
    let (model, layouts) = common::kitchen();
    let config = Config::default()
        .doc_style(DocStyle::Block)
        .prefix("ks_")
        .file("ks.h");
    let header = common::header_for(&model, &layouts, &config);
    assert!(
        !header.contains("//"),
        "block style must not use line comments"
    );
    compile_all(
        &header,
        "ks.h",
        &[
            ("gcc", "-std=c89", &[]),
            ("gcc", "-std=c99", &[]),
            ("g++", "-std=c++17", &[]),
        ],
    );
}
