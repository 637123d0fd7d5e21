//! The reference crate's generated C# (`Reference.cs`), compiled with Mono's `mcs` at C# 7.2 with
//! warnings as errors together with `integration-tests/csharp/ReferenceTests.cs`, and run with
//! `mono` against the real cdylib: every function called, every value checked, and every type's
//! size and field offsets as the running CLR measures them compared with `reference.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use integration_tests::{
    assert_all_passed, build_package, build_package_with, require_tool, run, scratch,
    test_target_dir, workspace_root, Built,
};
use interoptopus_core::layout::TypeLayout;
use interoptopus_core::model::TypeKind;

const INSTALL: &str = "apt-get install -y mono-mcs mono-runtime";

/// The reference crate with its `patterns` module, in its own target folder (a build without
/// the feature must not replace this cdylib while a test runs it).
fn build_reference() -> Built {
    build_package_with(
        "reference",
        None,
        &["patterns"],
        &test_target_dir().join("csharp-patterns"),
    )
}

fn test_program() -> PathBuf {
    workspace_root().join("integration-tests/csharp/ReferenceTests.cs")
}

/// Compiles `Reference.cs` + `ReferenceTests.cs` and runs the result; returns mono's output.
fn compile_and_run(built: &Built, label: &str) -> Output {
    require_tool("mcs", INSTALL);
    require_tool("mono", INSTALL);
    let dir = scratch(label);
    let exe = dir.join("ReferenceTests.exe");
    run(
        Command::new("mcs")
            .args([
                "-langversion:7.2",
                "-warnaserror",
                "-unsafe",
                "-nologo",
                "-target:exe",
            ])
            .arg(format!("-out:{}", exe.display()))
            .arg(built.bindings.join("Reference.cs"))
            .arg(test_program()),
        "mcs Reference.cs ReferenceTests.cs",
    );
    let lib_dir = built.cdylib.parent().unwrap_or(Path::new("."));
    run(
        Command::new("mono")
            .arg("--debug")
            .arg(&exe)
            // A crash leaves its mono_crash.*.json report here, not in the workspace.
            .current_dir(&dir)
            .env("LD_LIBRARY_PATH", lib_dir),
        "mono ReferenceTests.exe",
    )
}

/// One `LAYOUT <rust name> <C# name> <size> <offset>…` line of the program's output.
struct Measured {
    csharp: String,
    size: u64,
    offsets: Vec<u64>,
}

fn measured_layouts(output: &Output) -> BTreeMap<String, Measured> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut out = BTreeMap::new();
    for line in stdout.lines().filter(|l| l.starts_with("LAYOUT ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let [_, rust, csharp, size, offsets @ ..] = words.as_slice() else {
            panic!("cannot read `{line}`");
        };
        let number =
            |s: &str| -> u64 { s.parse().unwrap_or_else(|e| panic!("`{line}`: `{s}`: {e}")) };
        let measured = Measured {
            csharp: (*csharp).to_string(),
            size: number(size),
            offsets: offsets.iter().map(|s| number(s)).collect(),
        };
        if *rust != "-" {
            assert!(
                out.insert((*rust).to_string(), measured).is_none(),
                "{rust} listed twice in the layout table"
            );
        }
    }
    out
}

/// The offsets the model promises, in the order the C# layout table lists the fields: struct
/// and union fields in declaration order; for tagged unions the tag, then every variant's
/// fields; none for enums and function pointers.
fn expected_offsets(kind: &TypeKind, layout: &TypeLayout) -> Vec<u64> {
    match kind {
        TypeKind::Struct { .. } | TypeKind::Union { .. } => {
            layout.fields.iter().map(|f| f.offset).collect()
        }
        TypeKind::TaggedUnion { .. } => layout
            .fields
            .iter()
            .chain(layout.variants.iter().flat_map(|v| v.fields.iter()))
            .map(|f| f.offset)
            .collect(),
        _ => Vec::new(),
    }
}

/// Compares what the CLR measured with the layout model in `reference.json`, independently of
/// the numbers the emitter copied into `ApiLayout`: every type with a layout of its own must be
/// in the table, with the model's size and offsets.
fn compare_with_model(built: &Built, measured: &BTreeMap<String, Measured>) -> usize {
    let mut problems = Vec::new();
    let mut compared = 0;
    for (index, ty) in built.model.types.iter().enumerate() {
        match &ty.kind {
            // Emitted as the wrapped type / a typed handle: no entry under the Rust name.
            TypeKind::Transparent { .. } | TypeKind::Opaque => continue,
            _ => {}
        }
        let Some(layout) = built.layouts.types.get(index).and_then(Option::as_ref) else {
            problems.push(format!("{}: no layout in reference.json", ty.name));
            continue;
        };
        let Some(m) = measured.get(&ty.name) else {
            problems.push(format!("{}: not in the C# layout table", ty.name));
            continue;
        };
        compared += 1;
        if m.size != layout.size {
            problems.push(format!(
                "{} (C# {}): CLR size {}, model {}",
                ty.name, m.csharp, m.size, layout.size
            ));
        }
        let expected = expected_offsets(&ty.kind, layout);
        if !matches!(ty.kind, TypeKind::FnPtr { .. } | TypeKind::Enum { .. })
            && m.offsets != expected
        {
            problems.push(format!(
                "{} (C# {}): CLR offsets {:?}, model {:?}",
                ty.name, m.csharp, m.offsets, expected
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "layout mismatches:\n{}",
        problems.join("\n")
    );
    compared
}

/// The C# method name the generated file gives each exported symbol: the line after its
/// `EntryPoint = "…"` declares it (`__Name` for the private import behind a wrapper).
fn csharp_method_names(generated: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let lines: Vec<&str> = generated.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.split("EntryPoint = \"").nth(1) else {
            continue;
        };
        let symbol = rest.split('"').next().unwrap_or_default().to_string();
        let declaration = lines
            .iter()
            .skip(i + 1)
            .find(|l| l.contains(" extern "))
            .unwrap_or_else(|| panic!("no declaration after the import of {symbol}"));
        let name = declaration
            .split('(')
            .next()
            .and_then(|head| head.split_whitespace().last())
            .unwrap_or_else(|| panic!("cannot read `{declaration}`"));
        names.insert(symbol, name.trim_start_matches("__").to_string());
    }
    names
}

#[test]
fn reference_runs_on_mono() {
    let built = build_reference();
    let output = compile_and_run(&built, "csharp-x86_64");
    let passed = assert_all_passed(&output, "C# runtime (Mono), x86_64");
    assert!(
        passed >= 200,
        "only {passed} checks ran; the program should make over 200"
    );

    let compared = compare_with_model(&built, &measured_layouts(&output));
    assert!(
        compared >= 25,
        "only {compared} types compared with the model"
    );
    println!("CLR layouts of {compared} types agree with reference.json");
}

/// Every exported function, constant and static of the model is used by the test program (by
/// the name the generated file gives it), so "every function called" stays true as the
/// reference crate grows.
#[test]
fn test_program_uses_every_item() {
    let built = build_reference();
    let generated = std::fs::read_to_string(built.bindings.join("Reference.cs"))
        .unwrap_or_else(|e| panic!("Reference.cs: {e}"));
    let program = std::fs::read_to_string(test_program())
        .unwrap_or_else(|e| panic!("ReferenceTests.cs: {e}"));
    let names = csharp_method_names(&generated);
    // Service functions count as used through their class's members (`Engine.New(`, `.Push(`,
    // `.Dispose()`/`using`), named as the emitter names them: the shared prefix stripped.
    let mut service_members = BTreeMap::new();
    for s in &built.model.services {
        let all: Vec<&String> = s
            .constructors
            .iter()
            .chain(&s.methods)
            .chain(std::iter::once(&s.destructor))
            .collect();
        let first = all.first().map(|n| n.as_str()).unwrap_or_default();
        let common = all.iter().fold(first.len(), |len, n| {
            len.min(
                first
                    .bytes()
                    .zip(n.bytes())
                    .take_while(|(a, b)| a == b)
                    .count(),
            )
        });
        let prefix = first[..common].rfind('_').map_or("", |i| &first[..=i]);
        for c in &s.constructors {
            service_members.insert(
                c.clone(),
                format!("{}.{}(", s.name, pascal_case(&c[prefix.len()..])),
            );
        }
        for m in &s.methods {
            service_members.insert(m.clone(), format!(".{}(", pascal_case(&m[prefix.len()..])));
        }
        service_members.insert(s.destructor.clone(), ".Dispose()".to_string());
    }
    let mut missing = Vec::new();
    for function in &built.model.functions {
        match names.get(&function.name) {
            Some(name)
                if program.contains(&format!("Api.{name}("))
                    || program.contains(&format!("Api.Raw.{name}("))
                    || service_members
                        .get(&function.name)
                        .is_some_and(|m| program.contains(m.as_str())) => {}
            Some(name) => missing.push(format!("function {} (Api.{name})", function.name)),
            None => missing.push(format!(
                "function {}: no DllImport in Reference.cs",
                function.name
            )),
        }
    }
    let pascal = pascal_case;
    let items = built
        .model
        .constants
        .iter()
        .map(|c| ("constant", &c.name))
        .chain(built.model.statics.iter().map(|s| ("static", &s.name)));
    for (what, rust) in items {
        let name = pascal(rust);
        // `public const uint Answer = 42;` / `public static Vec3 Origin` (then its accessors).
        let declared = [" ", "\n", "\r\n"]
            .iter()
            .any(|end| generated.contains(&format!(" {name}{end}")));
        if !declared {
            missing.push(format!("{what} {rust}: no `{name}` in Reference.cs"));
        } else if !program.contains(&format!("Api.{name}")) {
            missing.push(format!("{what} {rust} (Api.{name})"));
        }
    }
    assert!(
        missing.is_empty(),
        "ReferenceTests.cs does not use:\n{}",
        missing.join("\n")
    );
}

/// `#[deprecated]` reaches C# users as CS0618 carrying the note, for a function, a type and a
/// constant of the reference crate; `-warnaserror` then rejects the program. (Reference.cs
/// itself compiles under `-warnaserror` in `reference_runs_on_mono`.)
#[test]
fn deprecated_items_warn_cs0618_with_the_note() {
    require_tool("mcs", INSTALL);
    let built = build_reference();
    let dir = scratch("csharp-deprecated");
    let program = dir.join("Legacy.cs");
    std::fs::write(
        &program,
        "using Reference;\n\
         internal static class Legacy\n\
         {\n\
         \x20   private static int Main()\n\
         \x20   {\n\
         \x20       OldPoint p = new OldPoint { X = 1, Y = 2 };\n\
         \x20       return (int)Api.LegacyAdd(1, 2) + Api.OldPointSum(p) + (int)Api.OldLimit;\n\
         \x20   }\n\
         }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let compile = |warn_as_error: bool| {
        let mut cmd = Command::new("mcs");
        cmd.args(["-langversion:7.2", "-unsafe", "-nologo", "-target:exe"]);
        if warn_as_error {
            cmd.arg("-warnaserror");
        }
        cmd.arg(format!("-out:{}", dir.join("Legacy.exe").display()))
            .arg(built.bindings.join("Reference.cs"))
            .arg(&program)
            .output()
            .unwrap_or_else(|e| panic!("mcs: {e}"))
    };
    let output = compile(false);
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "warnings only:\n{text}");
    for (code, note) in [
        ("CS0618", "use legacy_sum instead (deprecated since 0.9.0)"),
        ("CS0618", "use Vec3"),
        ("CS0612", "OldLimit"),
    ] {
        assert!(
            text.lines().any(|l| l.contains(code) && l.contains(note)),
            "no {code} with `{note}`:\n{text}"
        );
    }
    assert!(!compile(true).status.success(), "-warnaserror accepted it");
}

fn pascal_case(rust: &str) -> String {
    rust.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A library built from another API (the reference crate without its `patterns` module: a
/// real cdylib whose fingerprint function reports a different model) swapped in under the
/// bindings generated with patterns: the first call must refuse it, naming both fingerprints.
#[test]
fn mismatched_library_is_refused() {
    require_tool("mcs", INSTALL);
    require_tool("mono", INSTALL);
    let built = build_reference();
    let stale = build_package("reference", None);
    assert_ne!(
        stale.model.fingerprint.as_ref().map(|f| f.value),
        built.model.fingerprint.as_ref().map(|f| f.value),
        "the two builds should have different APIs"
    );
    let dir = scratch("csharp-fingerprint");
    let lib_dir = dir.join("lib");
    std::fs::create_dir_all(&lib_dir).unwrap_or_else(|e| panic!("{e}"));
    let file_name = stale.cdylib.file_name().unwrap_or_default();
    std::fs::copy(&stale.cdylib, lib_dir.join(file_name))
        .unwrap_or_else(|e| panic!("copy {}: {e}", stale.cdylib.display()));
    let program = dir.join("Stale.cs");
    std::fs::write(
        &program,
        r#"using System;
using Reference;
internal static class Program
{
    private static int Main()
    {
        try { Console.WriteLine("sum " + Api.BenchAdd(1, 2)); return 1; }
        catch (TypeInitializationException e)
        {
            var f = e.InnerException as ApiFingerprintException;
            if (f == null) { Console.WriteLine("wrong inner " + e.InnerException); return 2; }
            Console.WriteLine("REFUSED " + f.Message);
        }
        try { using (var engine = Engine.New("x", 1)) { } return 3; }
        catch (TypeInitializationException e) when (e.InnerException is ApiFingerprintException) { Console.WriteLine("REFUSED service"); }
        return 0;
    }
}
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let exe = dir.join("Stale.exe");
    run(
        Command::new("mcs")
            .args(["-langversion:7.2", "-warnaserror", "-unsafe", "-nologo"])
            .arg(format!("-out:{}", exe.display()))
            .arg(built.bindings.join("Reference.cs"))
            .arg(&program),
        "mcs Reference.cs Stale.cs",
    );
    let out = run(
        Command::new("mono")
            .arg(&exe)
            .current_dir(&dir)
            .env("LD_LIBRARY_PATH", &lib_dir),
        "mono Stale.exe",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected = built
        .model
        .fingerprint
        .as_ref()
        .map(|f| format!("{:016X}", f.value))
        .unwrap_or_default();
    let actual = stale
        .model
        .fingerprint
        .as_ref()
        .map(|f| format!("{:016X}", f.value))
        .unwrap_or_default();
    assert!(stdout.contains("REFUSED the native library"), "{stdout}");
    assert!(
        stdout.contains(&expected) && stdout.contains(&actual),
        "both fingerprints named: {stdout}"
    );
    assert!(stdout.contains("stale"), "{stdout}");
    assert!(stdout.contains("REFUSED service"), "{stdout}");
}
