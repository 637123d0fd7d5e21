//! The layout harness passes against the kitchen-sink header on x86_64 and i686, and a wrong
//! number fails with a message naming the type, the field and both numbers.

mod common;

use interoptopus_c::{layout_harness, CheckKind, Config, LayoutHarness};
use interoptopus_core::model::TypeId;
use interoptopus_core::{EmitInput, Layouts, Model, TargetInfo};

const FLAGS: &[&str] = &[
    "-std=c11",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-c",
    "harness.c",
    "-o",
    "harness.o",
];

fn harness(model: &Model, layouts: &Layouts) -> (String, LayoutHarness) {
    let config = Config::default();
    let header = common::header_for(model, layouts, &config);
    let h = layout_harness(EmitInput { model, layouts }, &config, "kitchen_sink.h");
    (header, h)
}

fn compile(header: &str, h: &LayoutHarness, compiler: &str, extra: &[&str]) -> common::Run {
    let dir = common::dir_with(&[("kitchen_sink.h", header), ("harness.c", &h.source)]);
    let mut args: Vec<&str> = extra.to_vec();
    args.extend_from_slice(FLAGS);
    common::run(dir.path(), compiler, &args)
}

#[test]
fn passes_on_x86_64_with_gcc_and_clang() {
    let (model, layouts) = common::kitchen();
    let (header, h) = harness(&model, &layouts);
    for compiler in ["gcc", "clang"] {
        let r = compile(&header, &h, compiler, &[]);
        assert!(r.ok, "{compiler}:\n{}", r.output);
        let r = compile(&header, &h, compiler, &["-pedantic"]);
        assert!(r.ok, "{compiler} -pedantic:\n{}", r.output);
    }
}

#[test]
fn passes_on_i686_with_gcc_m32() {
    let model = interoptopus_core::fixtures::kitchen_sink();
    let layouts = common::layouts(&model, &TargetInfo::i686_linux());
    let (header, h) = harness(&model, &layouts);
    let r = compile(&header, &h, "gcc", &["-m32"]);
    assert!(
        r.ok,
        "gcc -m32 (needs `{}`):\n{}",
        common::INSTALL,
        r.output
    );
    // The same checks fail for the host, where `double` and pointers are 8-aligned: the
    // harness really measures the target.
    let r = compile(&header, &h, "gcc", &[]);
    assert!(!r.ok, "i686 numbers must not pass on x86_64");
}

#[test]
fn every_sized_type_and_field_is_checked() {
    let (model, layouts) = common::kitchen();
    let (_, h) = harness(&model, &layouts);
    for (id, def) in model.types_with_ids() {
        let checks: Vec<_> = h
            .checks
            .iter()
            .filter(|c| c.type_name == def.name)
            .collect();
        if layouts.of(id).is_none() {
            assert!(checks.is_empty(), "{} is opaque", def.name);
            continue;
        }
        for kind in [CheckKind::Size, CheckKind::Align] {
            assert!(
                checks.iter().any(|c| c.what == kind && c.field.is_none()),
                "{} lacks a {kind:?} check",
                def.name
            );
        }
    }
    let shape: Vec<String> = h
        .checks
        .iter()
        .filter(|c| c.type_name == "Shape" && c.what == CheckKind::Offset)
        .map(|c| format!("{}={}", c.field.clone().unwrap_or_default(), c.expected))
        .collect();
    assert_eq!(
        shape,
        ["tag=0", "payload=8", "Circle._0=8", "Rect.w=8", "Rect.h=16"]
    );
    let event: Vec<String> = h
        .checks
        .iter()
        .filter(|c| c.type_name == "Event" && c.what == CheckKind::Offset)
        .map(|c| format!("{}={}", c.field.clone().unwrap_or_default(), c.expected))
        .collect();
    assert_eq!(event, ["tag=0", "Key._0=4"]);
    // Each check's recorded line holds its assertion.
    let lines: Vec<&str> = h.source.lines().collect();
    for c in &h.checks {
        let line = lines[c.line as usize - 1];
        assert!(
            line.contains(&format!(
                "interoptopus layout: {} == {}",
                c.subject(),
                c.expected
            )),
            "{line}"
        );
    }
}

#[test]
fn a_wrong_number_fails_naming_type_field_and_both_values() {
    let (model, mut layouts) = common::kitchen();
    // Vec3.y really is at 4; claim 5.
    let vec3 = TypeId(0);
    match layouts
        .types
        .get_mut(vec3.0 as usize)
        .and_then(Option::as_mut)
    {
        Some(l) => l.fields[1].offset = 5,
        None => panic!("Vec3 has no layout"),
    }
    let (header, h) = harness(&model, &layouts);
    for compiler in ["gcc", "clang"] {
        let r = compile(&header, &h, compiler, &[]);
        assert!(!r.ok, "{compiler} accepted a wrong offset");
        assert!(
            r.output.contains("Vec3.y offset == 5"),
            "{compiler}:\n{}",
            r.output
        );
        assert!(
            r.output.contains("(*)[5]") && r.output.contains("(*)[4]"),
            "{compiler}:\n{}",
            r.output
        );
        let mismatches = h.mismatches("harness.c", &r.output);
        assert_eq!(
            mismatches.len(),
            1,
            "{compiler}: {mismatches:?}\n{}",
            r.output
        );
        let m = &mismatches[0];
        assert_eq!(
            (
                m.check.type_name.as_str(),
                m.check.field.as_deref(),
                m.check.what
            ),
            ("Vec3", Some("y"), CheckKind::Offset)
        );
        assert_eq!((m.check.expected, m.actual), (5, Some(4)));
        assert_eq!(
            m.to_string(),
            "layout mismatch: Vec3.y offset: the model says 5, the C compiler says 4"
        );
    }
}

#[test]
fn a_wrong_header_fails_too() {
    let (model, layouts) = common::kitchen();
    let (header, h) = harness(&model, &layouts);
    // As if the header had declared `Packed` without its pragma.
    let header = header
        .replace("#pragma pack(push, 1)\n", "")
        .replace("#pragma pack(pop)\n", "");
    let r = compile(&header, &h, "gcc", &[]);
    assert!(!r.ok);
    let found: Vec<String> = h
        .mismatches("harness.c", &r.output)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        found.contains(
            &"layout mismatch: Packed size: the model says 5, the C compiler says 8".to_string()
        ),
        "{found:#?}"
    );
    assert!(
        found.contains(
            &"layout mismatch: Packed.b offset: the model says 1, the C compiler says 4"
                .to_string()
        ),
        "{found:#?}"
    );
}

#[test]
fn the_assertions_alone_pass_and_fail_on_the_same_lines() {
    let (model, layouts) = common::kitchen();
    let (header, h) = harness(&model, &layouts);
    let quick = LayoutHarness {
        source: h.assertions_only(),
        checks: h.checks.clone(),
    };
    assert_eq!(quick.source.lines().count(), h.source.lines().count());
    // Built directly, without the full harness, it is the same text.
    let direct = interoptopus_c::layout_assertions(
        EmitInput {
            model: &model,
            layouts: &layouts,
        },
        &Config::default(),
        "kitchen_sink.h",
    );
    assert_eq!(direct, quick.source);
    assert!(!quick.source.contains("__extension__"));
    for c in &h.checks {
        let line = quick.source.lines().nth(c.line as usize - 1).unwrap_or("");
        assert!(
            line.trim_start().starts_with("_Static_assert(") && line.ends_with(");"),
            "{line}"
        );
    }
    for compiler in ["gcc", "clang"] {
        let r = compile(&header, &quick, compiler, &["-pedantic"]);
        assert!(r.ok, "{compiler}:\n{}", r.output);
    }
    // A wrong header fails on the check's own line, without the actual number.
    let broken = header
        .replace("#pragma pack(push, 1)\n", "")
        .replace("#pragma pack(pop)\n", "");
    let r = compile(&broken, &quick, "gcc", &[]);
    assert!(!r.ok);
    let found: Vec<String> = quick
        .mismatches("harness.c", &r.output)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        found.contains(&"layout mismatch: Packed size: the model says 5".to_string()),
        "{found:#?}"
    );
}

/// The harness measures deprecated types without tripping `-Werror` on the deprecation.
#[test]
fn harness_of_deprecated_types_compiles_cleanly() {
    use interoptopus_c::CStandard;
    let model = interoptopus_core::fixtures::deprecations();
    for config in [
        Config::default(),
        Config::default().standard(CStandard::C89),
    ] {
        let layouts = common::layouts(&model, &interoptopus_core::TargetInfo::x86_64_linux());
        let header = common::header_for(&model, &layouts, &config);
        let input = interoptopus_core::EmitInput {
            model: &model,
            layouts: &layouts,
        };
        let h = interoptopus_c::layout_harness(input, &config, "kitchen_sink.h");
        let dir = common::dir_with(&[("kitchen_sink.h", &header), ("harness.c", &h.source)]);
        for compiler in ["gcc", "clang"] {
            common::must_compile(
                dir.path(),
                compiler,
                &[
                    "-std=c11",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-c",
                    "harness.c",
                    "-o",
                    "h.o",
                ],
            );
        }
    }
}

/// The `_Static_assert` lines of a harness text, trimmed.
fn assertion_lines(source: &str) -> Vec<String> {
    source
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("_Static_assert("))
        .map(str::to_string)
        .collect()
}

#[test]
fn assertion_units_keep_every_check_c_does_not_imply_and_compile_alone() {
    let (model, layouts) = common::kitchen();
    let (header, h) = harness(&model, &layouts);
    let input = EmitInput {
        model: &model,
        layouts: &layouts,
    };
    let config = Config::default();
    let all = assertion_lines(&h.assertions_only());
    let one = interoptopus_c::layout_assertion_units(input, &config, "kitchen_sink.h", 1);
    assert_eq!(one.len(), 1);
    let kept = assertion_lines(&one[0]);
    // What is left out: only field sizes, and only where the field's type is checked itself.
    let dropped: Vec<&String> = all.iter().filter(|l| !kept.contains(l)).collect();
    assert!(
        !dropped.is_empty(),
        "the kitchen sink has struct-typed fields"
    );
    for line in &dropped {
        assert!(line.starts_with("_Static_assert(sizeof(((") && line.contains(" size == "));
    }
    assert!(kept.iter().all(|l| all.contains(l)));
    for units in [2, 3, 1000] {
        let parts = interoptopus_c::layout_assertion_units(input, &config, "kitchen_sink.h", units);
        assert!(parts.len() > 1 && parts.len() <= units, "{}", parts.len());
        // Together the units check exactly what the single unit checks, in the same order.
        let joined: Vec<String> = parts.iter().flat_map(|p| assertion_lines(p)).collect();
        assert_eq!(joined, kept);
        for part in &parts {
            let unit = LayoutHarness {
                source: part.clone(),
                checks: Vec::new(),
            };
            for compiler in ["gcc", "clang"] {
                let r = compile(&header, &unit, compiler, &["-pedantic"]);
                assert!(r.ok, "{compiler}:\n{}\n{part}", r.output);
            }
        }
    }
}

#[test]
fn a_wrong_size_of_a_field_type_still_fails_the_units() {
    let (model, mut layouts) = common::kitchen();
    // Vec3 is 12 bytes and the type of other structs' fields; claim 16 for the type and for
    // every field of that type: those field size checks are left out as implied, so the
    // type's own check has to catch it.
    let vec3 = TypeId(0);
    if let Some(Some(l)) = layouts.types.get_mut(vec3.0 as usize) {
        l.size = 16;
    }
    let mut fields_of_vec3 = 0;
    for (id, def) in model.types_with_ids() {
        if let (interoptopus_core::model::TypeKind::Struct { fields, .. }, Some(Some(l))) =
            (&def.kind, layouts.types.get_mut(id.0 as usize))
        {
            for (f, fl) in fields.iter().zip(&mut l.fields) {
                use interoptopus_core::model::TypeRef;
                match &f.ty {
                    TypeRef::Named { id, .. } if *id == vec3 => fl.size = 16,
                    TypeRef::Array { element, len } => match **element {
                        TypeRef::Named { id, .. } if id == vec3 => fl.size = 16 * len,
                        _ => continue,
                    },
                    _ => continue,
                }
                fields_of_vec3 += 1;
            }
        }
    }
    assert!(fields_of_vec3 > 0, "the kitchen sink has Vec3 fields");
    let (header, _) = harness(&model, &layouts);
    let input = EmitInput {
        model: &model,
        layouts: &layouts,
    };
    let parts =
        interoptopus_c::layout_assertion_units(input, &Config::default(), "kitchen_sink.h", 2);
    let failed: Vec<bool> = parts
        .iter()
        .map(|p| {
            let unit = LayoutHarness {
                source: p.clone(),
                checks: Vec::new(),
            };
            !compile(&header, &unit, "gcc", &[]).ok
        })
        .collect();
    assert!(failed.iter().any(|f| *f), "no unit caught Vec3's size");
}
