//! Feature-gated API as preprocessor guards (`fixtures/feature_guards`: features `a` and `b`,
//! kept as `MYLIB_A` / `MYLIB_B` by its build script).
//!
//! The header comes from the build with `a` on and `b` off. That one header is then compiled
//! by C programs under different macros: with `-DMYLIB_A` against the library built with `a`
//! (run, values checked); without macros, where programs using gated declarations must fail
//! to compile; with every macro (C99 and C89, GCC and Clang, `-pedantic -Werror`). Builds
//! with other features write the very same header, and the test program runs against each of
//! them under the matching macros. C# and Python of the `a` build contain only its items and
//! run against it.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::{
    assert_all_passed, build_fixture, fixture_dir, require_tool, run, scratch_fixture,
};

const INSTALL: &str = "apt-get install -y gcc clang";
const INSTALL_MONO: &str = "apt-get install -y mono-mcs mono-runtime";
const STRICT: &[&str] = &["-Wall", "-Wextra", "-Werror", "-pedantic"];
const HEADER: &str = "feature_guards.h";

/// One build of the fixture, copied out of the shared target folder (the next build with other
/// features replaces the cdylib there).
struct Build {
    lib_dir: PathBuf,
    bindings: PathBuf,
}

fn build(dir: &Path, features: &[&str], label: &str) -> Build {
    let (cdylib, bindings) = build_fixture(dir, "feature_guards", features);
    let keep = dir.join("builds").join(label);
    let lib_dir = keep.join("lib");
    let kept_bindings = keep.join("bindings");
    std::fs::create_dir_all(&lib_dir).unwrap_or_else(|e| panic!("{e}"));
    let file = cdylib.file_name().unwrap_or_default();
    std::fs::copy(&cdylib, lib_dir.join(file)).unwrap_or_else(|e| panic!("cdylib: {e}"));
    integration_tests::copy_dir(&bindings, &kept_bindings);
    Build {
        lib_dir,
        bindings: kept_bindings,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn test_program() -> PathBuf {
    fixture_dir("feature_guards").join("c/guards_test.c")
}

/// Compiles `guards_test.c` against `header_dir` with `defines`, links `lib`, runs it, and
/// requires every check to pass.
fn run_program(compiler: &str, std: &str, header_dir: &Path, defines: &[&str], lib: &Build) {
    let what = format!("guards_test.c ({compiler} {std} {})", defines.join(" "));
    let exe = lib.lib_dir.join(format!(
        "guards_test_{compiler}{}",
        defines.join("").replace("-D", "_")
    ));
    run(
        Command::new(compiler)
            .arg(std)
            .args(STRICT)
            .args(defines)
            .arg("-I")
            .arg(header_dir)
            .arg(test_program())
            .arg("-L")
            .arg(&lib.lib_dir)
            .arg("-lfeature_guards")
            .arg("-o")
            .arg(&exe),
        &format!("compile {what}"),
    );
    let output = run(
        Command::new(&exe).env("LD_LIBRARY_PATH", &lib.lib_dir),
        &format!("run {what}"),
    );
    assert_all_passed(&output, &what);
}

/// Compiles `source` (one translation unit including the header) and returns whether the
/// compiler accepted it, with its messages.
fn compiles(dir: &Path, compiler: &str, args: &[&str], source: &str) -> (bool, String) {
    let file = dir.join("probe.c");
    std::fs::write(&file, source).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(compiler)
        .args(args)
        .arg("-I")
        .arg(dir)
        .args(["-fsyntax-only"])
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {compiler}: {e}; install with {INSTALL}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_header_serves_every_feature_set() {
    for tool in ["gcc", "clang"] {
        require_tool(tool, INSTALL);
    }
    let dir = scratch_fixture("feature_guards");
    let with_a = build(&dir, &["a"], "a");
    let header_dir = with_a.bindings.clone();
    let header = read(&header_dir.join(HEADER));
    for expected in [
        "MYLIB_A: cfg(feature = \"a\")",
        "#if defined(MYLIB_A)\n/* Only with feature `a`. */\n#define SAMPLE_LIMIT UINT32_C(100)",
        "#if defined(MYLIB_B)\n/* Only with feature `b` (its module is gated). */\ntypedef struct Extra {",
        "#if !defined(MYLIB_B)\n/* Only without feature `b`. */\nuint32_t without_b(void);",
        "#if defined(MYLIB_A) && defined(MYLIB_B)\n/* Only with both features. */",
        "#if !defined(MYLIB_A)\nuint32_t guards_mode(void);",
        "extern const uint32_t EXTRA_LEVEL;",
    ] {
        assert!(header.contains(expected), "missing `{expected}` in:\n{header}");
    }

    // With the macro of the build's feature, against that build: every `a` item runs.
    for compiler in ["gcc", "clang"] {
        run_program(compiler, "-std=c99", &header_dir, &["-DMYLIB_A"], &with_a);
    }
    run_program("gcc", "-std=c89", &header_dir, &["-DMYLIB_A"], &with_a);

    // Without macros the gated declarations are absent: code using them does not compile.
    let probes = [
        (
            "-DMYLIB_A",
            "sample_make",
            "uint64_t probe(void) { return sample_make(1).value; }",
        ),
        (
            "-DMYLIB_A",
            "SAMPLE_LIMIT",
            "unsigned probe(void) { return SAMPLE_LIMIT; }",
        ),
        (
            "-DMYLIB_A",
            "Counter",
            "void probe(Counter *c) { counter_free(c); }",
        ),
        (
            "-DMYLIB_A",
            "stats_summarize",
            "double probe(void) { return stats_summarize(0, 0).mean; }",
        ),
        (
            "-DMYLIB_B",
            "extra_make",
            "unsigned probe(void) { return extra_make(1).id; }",
        ),
        (
            "-DMYLIB_B",
            "EXTRA_LEVEL",
            "unsigned probe(void) { return EXTRA_LEVEL; }",
        ),
    ];
    let c99: Vec<&str> = std::iter::once("-std=c99")
        .chain(STRICT.iter().copied())
        .collect();
    for (define, name, body) in probes {
        let source = format!("#include \"{HEADER}\"\n{body}\n");
        let (ok, messages) = compiles(&header_dir, "gcc", &c99, &source);
        assert!(!ok, "`{name}` is declared without {define}");
        assert!(
            messages.contains(name),
            "the error is about `{name}`:\n{messages}"
        );
        let mut with: Vec<&str> = c99.clone();
        with.push(define);
        let (ok, messages) = compiles(&header_dir, "gcc", &with, &source);
        assert!(ok, "`{name}` with {define}:\n{messages}");
    }
    // … and what exists only without `b` disappears once `MYLIB_B` is defined.
    let source = format!("#include \"{HEADER}\"\nunsigned probe(void) {{ return without_b(); }}\n");
    assert!(compiles(&header_dir, "gcc", &c99, &source).0);
    let mut with_b = c99.clone();
    with_b.push("-DMYLIB_B");
    assert!(!compiles(&header_dir, "gcc", &with_b, &source).0);

    // Every macro combination compiles strictly, as C99 and C89, with both compilers.
    let source = format!("#include \"{HEADER}\"\n#include \"{HEADER}\"\nint unused;\n");
    for compiler in ["gcc", "clang"] {
        for std in ["-std=c99", "-std=c89"] {
            for defines in [
                &[][..],
                &["-DMYLIB_A"][..],
                &["-DMYLIB_B"][..],
                &["-DMYLIB_A", "-DMYLIB_B"][..],
            ] {
                let mut args = vec![std];
                args.extend_from_slice(STRICT);
                args.extend_from_slice(defines);
                let (ok, messages) = compiles(&header_dir, compiler, &args, &source);
                assert!(ok, "{compiler} {args:?}:\n{messages}");
            }
        }
    }

    // C# and Python cannot guard: they get the items of the `a` build and nothing else.
    let csharp = read(&with_a.bindings.join("FeatureGuards.cs"));
    let python = read(&with_a.bindings.join("feature_guards.py"));
    for (language, text) in [("C#", &csharp), ("Python", &python)] {
        for present in ["sample_make", "stats_summarize", "counter_add", "without_b"] {
            assert!(text.contains(present), "{language} lacks `{present}`");
        }
        for absent in [
            "extra_make",
            "extra_apply",
            "EXTRA_LEVEL",
            "both_features",
            "Extra",
        ] {
            assert!(!text.contains(absent), "{language} has `{absent}`");
        }
    }
    // `guards_mode` has two definitions; only the one of this build is there, once.
    assert_eq!(csharp.matches("EntryPoint = \"guards_mode\"").count(), 1);
    assert_eq!(python.matches("uint32_t guards_mode(void);").count(), 1);
    // … and they work against the `a` build (C# on Mono, Python with cffi from the test venv).
    run_csharp(&with_a);
    run_python(&with_a);

    // The JSON keeps everything, guards included.
    let json = read(&with_a.bindings.join("feature_guards.json"));
    assert!(json.contains("\"extra_make\"") && json.contains("\"MYLIB_B\""));

    // Other feature sets write the very same header, and the program runs against each build
    // under the matching macros.
    for (features, defines, label) in [
        (&["b"][..], &["-DMYLIB_B"][..], "b"),
        (&[][..], &[][..], "none"),
        (&["a", "b"][..], &["-DMYLIB_A", "-DMYLIB_B"][..], "ab"),
    ] {
        let other = build(&dir, features, label);
        assert_eq!(
            read(&other.bindings.join(HEADER)),
            header,
            "the header of the build with {features:?} differs"
        );
        run_program("gcc", "-std=c99", &header_dir, defines, &other);
    }
}

/// Compiles the generated C# with `csharp/GuardsTest.cs` and runs it on Mono against `lib`.
fn run_csharp(lib: &Build) {
    require_tool("mcs", INSTALL_MONO);
    require_tool("mono", INSTALL_MONO);
    let exe = lib.lib_dir.join("GuardsTest.exe");
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
            .arg(lib.bindings.join("FeatureGuards.cs"))
            .arg(fixture_dir("feature_guards").join("csharp/GuardsTest.cs")),
        "mcs FeatureGuards.cs GuardsTest.cs",
    );
    let output = run(
        Command::new("mono")
            .arg(&exe)
            .current_dir(&lib.lib_dir)
            .env("LD_LIBRARY_PATH", &lib.lib_dir),
        "mono GuardsTest.exe",
    );
    assert_all_passed(&output, "feature guards from C# (a build)");
}

/// Runs `python/guards_test.py` with the generated module against `lib`, using the test venv
/// (`$INTEROPTOPUS_VENV` or `target/py-venv`; missing: a failure naming `cargo xtask setup`).
fn run_python(lib: &Build) {
    let venv = std::env::var_os("INTEROPTOPUS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| integration_tests::workspace_root().join("target/py-venv"));
    let python = venv.join("bin/python");
    assert!(
        python.is_file(),
        "the Python test venv is missing ({} does not exist); create it with: cargo xtask setup",
        python.display()
    );
    let cdylib = lib.lib_dir.join("libfeature_guards.so");
    let output = run(
        Command::new(&python)
            .arg(fixture_dir("feature_guards").join("python/guards_test.py"))
            .current_dir(&lib.lib_dir)
            .env("PYTHONPATH", &lib.bindings)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("FEATURE_GUARDS_LIBRARY", &cdylib),
        "python guards_test.py",
    );
    assert_all_passed(&output, "feature guards from Python (a build)");
}
