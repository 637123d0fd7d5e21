//! The generated headers compile warning-free with every compiler and standard we promise:
//! C99 (and C11), C89 in its own mode, C++17 and C++20 — on x86_64 and with `-m32`. Every
//! value macro is expanded, since a macro's spelling is only checked where it is used.

mod common;

use interoptopus_c::{C89Bool, CStandard, Config, DocStyle};
use interoptopus_core::fixtures::{deprecations, kitchen_sink};
use interoptopus_core::{Model, TargetInfo};

const WARN: &[&str] = &["-Wall", "-Wextra", "-Werror", "-pedantic"];

/// Every C++ run: the header must stay valid C++ whatever C standard it was written for.
const CPP: &[(&str, &str, &[&str])] = &[
    ("g++", "-std=c++17", &[]),
    ("clang++", "-std=c++17", &[]),
    ("g++", "-std=c++20", &[]),
    ("clang++", "-std=c++20", &[]),
];

/// Compiles a TU that includes `file` and uses every macro, with each `(compiler, std, extra)`.
fn compile_all(header: &str, file: &str, runs: &[(&str, &str, &[&str])]) {
    let tu = common::use_every_macro(header, file);
    let dir = common::dir_with(&[(file, header), ("tu.c", &tu), ("tu.cpp", &tu)]);
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

/// The header of `model` laid out for `target`.
fn header(model: &Model, target: &TargetInfo, config: &Config) -> String {
    let layouts = common::layouts(model, target);
    common::header_for(model, &layouts, config)
}

#[test]
fn kitchen_sink_compiles_as_c99_and_cpp() {
    let (model, layouts) = common::kitchen();
    let header = common::header_for(&model, &layouts, &Config::default());
    let mut runs: Vec<(&str, &str, &[&str])> = vec![
        ("gcc", "-std=c99", &[]),
        ("clang", "-std=c99", &[]),
        ("gcc", "-std=c11", &[]),
        ("gcc", "-std=c99", &["-m32"]),
        ("g++", "-std=c++11", &[]),
    ];
    runs.extend_from_slice(CPP);
    compile_all(&header, "kitchen_sink.h", &runs);
}

#[test]
fn kitchen_sink_for_i686_compiles_with_m32() {
    let header = header(
        &kitchen_sink(),
        &TargetInfo::i686_linux(),
        &Config::default(),
    );
    compile_all(
        &header,
        "kitchen_sink.h",
        &[
            ("gcc", "-std=c99", &["-m32"]),
            ("clang", "-std=c99", &["-m32"]),
        ],
    );
}

/// C89 mode: GCC and Clang, `-std=c89 -pedantic`, for the x86_64 and the i686 layout (where
/// `int64_t` is `long long` and `UINT64_C` would be rejected), and as C++.
#[test]
fn kitchen_sink_compiles_as_c89_on_both_targets() {
    for (target, extra) in [
        (TargetInfo::x86_64_linux(), &[][..]),
        (TargetInfo::i686_linux(), &["-m32"][..]),
    ] {
        for config in [
            Config::default().standard(CStandard::C89),
            Config::default().standard(CStandard::C89).prefix("ks_"),
        ] {
            let header = header(&kitchen_sink(), &target, &config);
            assert!(
                !header.contains("//"),
                "C89 has no line comments:\n{header}"
            );
            assert!(!header.contains("stdbool"), "{header}");
            assert!(!header.contains("INT64_C"), "{header}");
            let mut runs: Vec<(&str, &str, &[&str])> =
                vec![("gcc", "-std=c89", extra), ("clang", "-std=c89", extra)];
            runs.extend_from_slice(CPP);
            compile_all(&header, "kitchen_sink.h", &runs);
        }
    }
}

/// `C89Bool::Stdbool` keeps `<stdbool.h>`: GCC accepts it in C89 mode (Clang's `-pedantic`
/// reports `_Bool` as a C99 extension, which is why it is not the default).
#[test]
fn c89_with_stdbool_compiles_with_gcc() {
    let config = Config::default()
        .standard(CStandard::C89)
        .c89_bool(C89Bool::Stdbool);
    let header = header(&kitchen_sink(), &TargetInfo::x86_64_linux(), &config);
    assert!(header.contains("#include <stdbool.h>"));
    assert!(header.contains("bool echo_everything("));
    compile_all(&header, "kitchen_sink.h", &[("gcc", "-std=c89", &[])]);
    let tu = common::use_every_macro(&header, "kitchen_sink.h");
    let dir = common::dir_with(&[("kitchen_sink.h", &header), ("tu.c", &tu)]);
    let r = common::run(
        dir.path(),
        "clang",
        &[
            "-std=c89",
            "-pedantic",
            "-Werror",
            "-c",
            "tu.c",
            "-o",
            "tu.o",
        ],
    );
    assert!(!r.ok && r.output.contains("_Bool"), "{}", r.output);
}

/// Block docs with a prefix are still valid C89 comments in C99 mode (the old way to ask).
#[test]
fn block_docs_with_prefix_have_no_line_comments() {
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
        &[("gcc", "-std=c99", &[]), ("g++", "-std=c++17", &[])],
    );
}

/// The 64-bit constants spelled from 32-bit halves have the same values as Rust's, printed by
/// a C89 program on both targets.
#[test]
fn c89_constants_have_their_values_on_both_targets() {
    let model = kitchen_sink();
    let program = r#"#include <stdio.h>
#include "kitchen_sink.h"
static void hex(const char *name, uint64_t v) {
    printf("%s=%08lx%08lx\n", name, (unsigned long)(v >> 16 >> 16), (unsigned long)(v & 0xFFFFFFFFUL));
}
int main(void) {
    hex("MAX_U32", MAX_U32);
    hex("MIN_I64", (uint64_t)MIN_I64);
    hex("MAX_U64", MAX_U64);
    hex("NEG", (uint64_t)(int64_t)NEG);
    hex("BYTE", BYTE);
    hex("ENABLED", ENABLED);
    printf("sizes=%d,%d,%d\n", (int)sizeof(MIN_I64), (int)sizeof(MAX_U64), (int)sizeof(ENABLED));
    printf("HALF=%g\n", (double)HALF);
    return 0;
}
"#;
    let expected = [
        "MAX_U32=00000000ffffffff",
        "MIN_I64=8000000000000000",
        "MAX_U64=ffffffffffffffff",
        "NEG=fffffffffffffff9",
        "BYTE=00000000000000c8",
        "ENABLED=0000000000000001",
        "sizes=8,8,1",
        "HALF=0.5",
    ];
    for (target, extra) in [
        (TargetInfo::x86_64_linux(), None),
        (TargetInfo::i686_linux(), Some("-m32")),
    ] {
        let config = Config::default().standard(CStandard::C89);
        let header = header(&model, &target, &config);
        let dir = common::dir_with(&[("kitchen_sink.h", &header), ("main.c", program)]);
        for compiler in ["gcc", "clang"] {
            let mut args = vec!["-std=c89"];
            args.extend_from_slice(WARN);
            args.extend(extra);
            args.extend_from_slice(&["main.c", "-o", "main"]);
            common::must_compile(dir.path(), compiler, &args);
            let r = common::run(
                dir.path(),
                &common::path(&dir, "main").to_string_lossy(),
                &[],
            );
            assert!(r.ok, "{compiler} {extra:?}: {}", r.output);
            let lines: Vec<&str> = r.output.lines().collect();
            assert_eq!(lines, expected, "{compiler} {extra:?}");
        }
    }
}

/// A header with deprecated types, functions, enumerators and statics compiles cleanly in
/// every mode: its own uses of deprecated types do not warn.
#[test]
fn deprecated_items_compile_cleanly_everywhere() {
    for config in [
        Config::default(),
        Config::default().standard(CStandard::C89),
    ] {
        let header = header(&deprecations(), &TargetInfo::x86_64_linux(), &config);
        let mut runs: Vec<(&str, &str, &[&str])> = vec![
            ("gcc", "-std=c89", &[]),
            ("clang", "-std=c89", &[]),
            ("gcc", "-std=c89", &["-m32"]),
        ];
        if config == Config::default() {
            runs = vec![("gcc", "-std=c99", &[]), ("clang", "-std=c99", &[])];
        }
        runs.extend_from_slice(CPP);
        compile_all(&header, "kitchen_sink.h", &runs);
    }
}
