//! Feature guards: one header, compiled under every combination of its guard macros, shows
//! exactly the items each combination enables, and the layout harness checks them.

mod common;

use interoptopus_c::{Config, DocStyle};
use interoptopus_core::fixtures::guarded;
use interoptopus_core::TargetInfo;

const STRICT: &[&str] = &["-Wall", "-Wextra", "-Werror", "-pedantic"];

/// Every subset of the fixture's macros, as `-D` flags.
fn combinations() -> Vec<Vec<&'static str>> {
    vec![vec![], vec!["-DA"], vec!["-DB"], vec!["-DA", "-DB"]]
}

fn header(config: &Config) -> String {
    let model = guarded();
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    common::header_for(&model, &layouts, config)
}

#[test]
fn guarded_items_sit_in_their_regions() {
    let h = header(&Config::default().file("guarded.h"));
    let expect_in_order = [
        "//   A: cfg(feature = \"a\")",
        "//   B: cfg(feature = \"b\")",
        "#if defined(A)\n#define LIMIT_A UINT32_C(7)\n#endif /* defined(A) */",
        "#define LIMIT_PLAIN UINT32_C(3)",
        "#if defined(B)\n// Only with feature `b`.\ntypedef struct HandleB HandleB;",
        "#if defined(A)\n",
        "typedef struct OnlyA {",
        "typedef struct HoldsA {",
        "#endif /* defined(A) */\n",
        "#if !defined(B)\n",
        "typedef uint8_t Mode;",
        "#if defined(A) && !defined(B)\n",
        "OnlyA a_without_b(Mode m);",
        "#if !defined(A)\n",
        "uint16_t version(void);",
        "#if defined(B)\n",
        "extern uint32_t COUNTER_B;",
    ];
    let mut from = 0;
    for e in expect_in_order {
        match h[from..].find(e) {
            Some(at) => from += at + e.len(),
            None => panic!("`{e}` not found after byte {from} in:\n{h}"),
        }
    }
    // Unguarded items stay outside every region.
    let plain = h.find("int32_t plain(Plain p);").unwrap_or(0);
    let before = &h[..plain];
    assert_eq!(
        before.matches("\n#if ").count(),
        before.matches("\n#endif /* ").count()
    );
}

/// Includes the header twice and compiles it with every macro combination.
fn compile_everywhere(header: &str, file: &str, runs: &[(&str, &str)]) {
    let include = format!("#include \"{file}\"\n#include \"{file}\"\n");
    let dir = common::dir_with(&[(file, header), ("tu.c", &include), ("tu.cpp", &include)]);
    for (compiler, std) in runs {
        let source = if compiler.ends_with("++") {
            "tu.cpp"
        } else {
            "tu.c"
        };
        for defines in combinations() {
            let mut args = vec![*std];
            args.extend_from_slice(STRICT);
            args.extend_from_slice(&defines);
            args.extend_from_slice(&["-c", source, "-o", "tu.o"]);
            common::must_compile(dir.path(), compiler, &args);
        }
    }
}

#[test]
fn every_combination_compiles_strictly() {
    compile_everywhere(
        &header(&Config::default().file("guarded.h")),
        "guarded.h",
        &[
            ("gcc", "-std=c99"),
            ("clang", "-std=c99"),
            ("g++", "-std=c++17"),
            ("clang++", "-std=c++17"),
        ],
    );
}

#[test]
fn every_combination_compiles_as_c89_with_block_comments() {
    let h = header(&Config::default().file("g89.h").doc_style(DocStyle::Block));
    assert!(!h.contains("//"), "block style must not use line comments");
    compile_everywhere(&h, "g89.h", &[("gcc", "-std=c89")]);
}

/// A program using a guarded declaration compiles only when its macro is defined.
#[test]
fn guarded_declarations_are_absent_without_their_macro() {
    let h = header(&Config::default().file("guarded.h"));
    let uses = [
        ("only_a.c", "OnlyA v(void) { return only_a(1); }\n", "-DA"),
        ("make_b.c", "HandleB *v(void) { return make_b(); }\n", "-DB"),
        ("limit.c", "unsigned v(void) { return LIMIT_A; }\n", "-DA"),
    ];
    let mut files = vec![("guarded.h", h.as_str())];
    let sources: Vec<String> = uses
        .iter()
        .map(|(_, body, _)| format!("#include \"guarded.h\"\n{body}"))
        .collect();
    for ((name, _, _), src) in uses.iter().zip(&sources) {
        files.push((name, src.as_str()));
    }
    let dir = common::dir_with(&files);
    for (name, _, define) in uses {
        let base = ["-std=c99", "-Wall", "-Werror", "-c", name, "-o", "u.o"];
        let mut with = vec![define];
        with.extend_from_slice(&base);
        common::must_compile(dir.path(), "gcc", &with);
        let without = common::run(dir.path(), "gcc", &base);
        assert!(!without.ok, "{name} compiled without {define}");
    }
    // `!defined(B)` items disappear when B is defined.
    let dir = common::dir_with(&[
        ("guarded.h", &h),
        (
            "mode.c",
            "#include \"guarded.h\"\nMode v(void) { return without_b(); }\n",
        ),
    ]);
    common::must_compile(
        dir.path(),
        "gcc",
        &["-std=c99", "-c", "mode.c", "-o", "m.o"],
    );
    let r = common::run(
        dir.path(),
        "gcc",
        &["-std=c99", "-DB", "-c", "mode.c", "-o", "m.o"],
    );
    assert!(!r.ok, "mode.c compiled with B defined");
}

/// The harness puts each guarded type's checks in its `#if`: with the macros defined they
/// run (a wrong number fails), without they are skipped.
#[test]
fn the_layout_harness_checks_guarded_types_when_their_macros_are_defined() {
    let model = guarded();
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    let config = Config::default().file("guarded.h");
    let h = common::header_for(&model, &layouts, &config);
    let input = interoptopus_core::EmitInput {
        model: &model,
        layouts: &layouts,
    };
    let harness = interoptopus_c::layout_harness(input, &config, "guarded.h");
    assert!(harness.source.contains("#if defined(A)\n"));
    let dir = common::dir_with(&[("guarded.h", &h), ("check.c", &harness.source)]);
    for defines in combinations() {
        let mut args = vec!["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"];
        args.extend_from_slice(&defines);
        args.push("check.c");
        common::must_compile(dir.path(), "gcc", &args);
    }

    // A wrong size for `OnlyA` is caught only where `OnlyA` exists.
    let mut wrong = layouts.clone();
    if let Some(Some(l)) = wrong.types.get_mut(1) {
        l.size += 8;
    }
    let input = interoptopus_core::EmitInput {
        model: &model,
        layouts: &wrong,
    };
    let harness = interoptopus_c::layout_harness(input, &config, "guarded.h");
    let dir = common::dir_with(&[("guarded.h", &h), ("check.c", &harness.source)]);
    let base = ["-std=c11", "-Wall", "-Werror", "-fsyntax-only", "check.c"];
    assert!(
        common::run(dir.path(), "gcc", &base).ok,
        "OnlyA is not declared without A"
    );
    let mut args = vec!["-DA"];
    args.extend_from_slice(&base);
    let with_a = common::run(dir.path(), "gcc", &args);
    assert!(!with_a.ok);
    let mismatches = harness.mismatches("check.c", &with_a.output);
    assert!(
        mismatches
            .iter()
            .any(|m| m.check.type_name == "OnlyA" && m.actual == Some(16)),
        "{mismatches:?}\n{}",
        with_a.output
    );
}

/// Split into assertion units at every type, each unit reopens the guard its types sit in:
/// every unit compiles under every macro combination, and a wrong number under `A` fails.
#[test]
fn assertion_units_split_inside_guards_compile_and_check() {
    let model = guarded();
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    let config = Config::default().file("guarded.h");
    let h = common::header_for(&model, &layouts, &config);
    let input = interoptopus_core::EmitInput {
        model: &model,
        layouts: &layouts,
    };
    let units = interoptopus_c::layout_assertion_units(input, &config, "guarded.h", 1000);
    assert!(units.len() > 2, "{}", units.len());
    assert!(units.iter().skip(1).any(|u| u.contains("#if defined(A)")));
    for unit in &units {
        let dir = common::dir_with(&[("guarded.h", &h), ("check.c", unit)]);
        for defines in combinations() {
            let mut args = vec!["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"];
            args.extend_from_slice(&defines);
            args.push("check.c");
            common::must_compile(dir.path(), "gcc", &args);
        }
    }
    let mut wrong = layouts.clone();
    if let Some(Some(l)) = wrong.types.get_mut(1) {
        l.size += 8;
    }
    let input = interoptopus_core::EmitInput {
        model: &model,
        layouts: &wrong,
    };
    let units = interoptopus_c::layout_assertion_units(input, &config, "guarded.h", 1000);
    let fails = |defines: &[&str]| {
        units.iter().any(|unit| {
            let dir = common::dir_with(&[("guarded.h", &h), ("check.c", unit)]);
            let mut args = defines.to_vec();
            args.extend_from_slice(&["-std=c11", "-Wall", "-Werror", "-fsyntax-only", "check.c"]);
            !common::run(dir.path(), "gcc", &args).ok
        })
    };
    assert!(!fails(&[]), "OnlyA is not declared without A");
    assert!(fails(&["-DA"]), "OnlyA's wrong size passed with A");
}

/// Sharing a name is only fine for items that never meet: `A` and `B` can both be defined.
#[test]
fn a_name_shared_by_items_that_can_meet_is_still_an_error() {
    use interoptopus_core::model::{Guard, GuardCondition};
    let mut model = guarded();
    let last = model.functions.len() - 1;
    model.functions[last].guard = Guard::new([GuardCondition::new("B", false)]);
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    let input = interoptopus_core::EmitInput {
        model: &model,
        layouts: &layouts,
    };
    let errors = interoptopus_c::header(input, &Config::default())
        .err()
        .unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("C name `version` would be used by")),
        "{errors:#?}"
    );
}
