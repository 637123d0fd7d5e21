//! `#[deprecated]` reaches C programs as compiler warnings carrying the note: a program that
//! uses a deprecated function, type, enumerator or static is warned (GCC, Clang, as C and as
//! C++), a program that uses none compiles under `-Werror`, and defining the macro first
//! silences it.

mod common;

use interoptopus_c::{CStandard, Config};
use interoptopus_core::fixtures::deprecations;

const USES_DEPRECATED: &str = r#"#include "kitchen_sink.h"
int old_api(void);
int old_api(void) {
    Engine *engine = engine_new();
    noop();
    COUNTER = 2;
    return engine != NULL && COLOR_BLUE < 0;
}
"#;

const USES_CURRENT: &str = r#"#include "kitchen_sink.h"
int new_api(void);
int new_api(void) {
    Everything e;
    e.p_i32 = add(1, 2);
    e.p_u8 = FLAGS_NONE;
    return e.p_i32 + e.p_u8 + COLOR_RED + FLAGS_ALL + (int)ORIGIN.x;
}
"#;

fn header(config: &Config) -> String {
    let model = deprecations();
    let layouts = common::layouts(&model, &interoptopus_core::TargetInfo::x86_64_linux());
    common::header_for(&model, &layouts, config)
}

/// `(compiler, args)` for every way the header is compiled.
fn modes(standard: CStandard) -> Vec<(&'static str, Vec<&'static str>)> {
    let c = match standard {
        CStandard::C89 => "-std=c89",
        CStandard::C99 => "-std=c99",
    };
    vec![
        ("gcc", vec![c]),
        ("clang", vec![c]),
        ("g++", vec!["-std=c++20", "-x", "c++"]),
        ("clang++", vec!["-std=c++17", "-x", "c++"]),
    ]
}

fn compile(header: &str, source: &str, compiler: &str, args: &[&str]) -> common::Run {
    let dir = common::dir_with(&[("kitchen_sink.h", header), ("tu.c", source)]);
    let mut all = args.to_vec();
    all.extend_from_slice(&["-Wall", "-Wextra", "-pedantic", "-c", "tu.c", "-o", "tu.o"]);
    common::run(dir.path(), compiler, &all)
}

#[test]
fn using_deprecated_items_warns_with_the_note() {
    for standard in [CStandard::C99, CStandard::C89] {
        let header = header(&Config::default().standard(standard));
        for (compiler, args) in modes(standard) {
            let r = compile(&header, USES_DEPRECATED, compiler, &args);
            assert!(r.ok, "{compiler} {args:?}: warnings only:\n{}", r.output);
            for expected in [
                "call `add` with zeros \"instead\" (deprecated since 0.2)",
                "engines are going away",
                "count yourself (deprecated since 1.0)",
                "blue is gone",
            ] {
                assert!(
                    r.output.contains(expected),
                    "{compiler} {args:?} {standard:?}: no warning with `{expected}`:\n{}",
                    r.output
                );
            }
            assert!(
                r.output.contains("-Wdeprecated-declarations"),
                "{}",
                r.output
            );
        }
    }
}

#[test]
fn current_api_compiles_under_werror() {
    for standard in [CStandard::C99, CStandard::C89] {
        let header = header(&Config::default().standard(standard));
        for (compiler, mut args) in modes(standard) {
            args.push("-Werror");
            let r = compile(&header, USES_CURRENT, compiler, &args);
            assert!(r.ok, "{compiler} {args:?}:\n{}", r.output);
        }
    }
}

/// The macro is defined under `#ifndef`: a project can define it first, here as nothing.
#[test]
fn the_macro_can_be_predefined_and_renamed() {
    let header = header(
        &Config::default()
            .standard(CStandard::C89)
            .deprecated_macro("KS_OLD"),
    );
    assert!(header.contains("KS_OLD(\"engines are going away\") typedef struct Engine Engine;"));
    assert!(header.contains("COLOR_BLUE KS_OLD_ENUMERATOR(\"blue is gone\") = -3"));
    assert!(!header.contains("KITCHEN_SINK_DEPRECATED"));
    let silenced =
        format!("#define KS_OLD(note)\n#define KS_OLD_ENUMERATOR(note)\n{USES_DEPRECATED}");
    for (compiler, mut args) in modes(CStandard::C89) {
        args.push("-Werror");
        let r = compile(&header, &silenced, compiler, &args);
        assert!(r.ok, "{compiler} {args:?}:\n{}", r.output);
        let r = compile(&header, USES_DEPRECATED, compiler, &args);
        assert!(
            !r.ok,
            "{compiler} {args:?}: -Werror must reject deprecated uses"
        );
    }
}
