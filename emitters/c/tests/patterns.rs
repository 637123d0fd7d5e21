//! Pattern types, services and the API fingerprint in the header: the ownership and null rules
//! are written as comments, services get a comment block, the fingerprint a `#define`, and
//! the header still compiles warning-free as C99 and C++17.

mod common;

use interoptopus_c::{Config, DocStyle};
use interoptopus_core::TargetInfo;

fn header(config: &Config) -> String {
    let model = interoptopus_core::fixtures::patterns();
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    common::header_for(&model, &layouts, config)
}

#[test]
fn ownership_and_null_rules_are_documented() {
    let h = header(&Config::default());
    let expect = [
        "#define PAT_API_FINGERPRINT UINT64_C(0x0123456789abcdef)",
        "uint64_t pat_api_fingerprint(void);",
        "// 1 when the loaded library was built from the API `pat.h` describes, else 0.",
        "//     if (!PAT_API_CHECK()) {\n//         fprintf(stderr, \"the pat library was built from another API than pat.h\\n\");",
        "#define PAT_API_CHECK() (pat_api_fingerprint() == PAT_API_FINGERPRINT)",
        "// The Slice_f32 type.\n//\n// Null rules: `ptr = NULL, len = 0` is an empty slice",
        "must pass it to `pat_free_OwnedString` exactly once",
        "must pass it to `pat_free_OwnedVec_f32` exactly once",
        "`ptr` can be printed as a C string",
        "// Does greet.\n//\n// The caller owns the returned value: release it with `pat_free_OwnedString` exactly once.\nOwnedString greet(void);",
        "`PAT_ERROR_OK` (0) means success; every other value is an error.",
        "Check `error` first: `value` is meaningful only when it is `PAT_ERROR_OK` (0).",
        "Rust calls `drop(data)` exactly once",
        "Set `is_some` to 1 and fill `value`",
        "// Service `Engine`: an opaque handle (`Engine *`) and its functions.\n//   Constructors: engine_new",
        "//   Methods: engine_get\n//   Destructor: engine_destroy",
        "Constructor of `Engine`: on `PAT_ERROR_OK` (0) `*out` is a new handle to release with `engine_destroy`",
    ];
    for e in expect {
        assert!(h.contains(e), "missing {e:?} in\n{h}");
    }
    // The block comes right before the service's first function.
    let block = h.find("// Service `Engine`").unwrap_or(0);
    let first = h.find("PatError engine_new(").unwrap_or(0);
    let each = h.find("PatError each(").unwrap_or(usize::MAX);
    assert!(each < block && block < first, "{h}");
}

#[test]
fn pattern_header_compiles_strictly() {
    for (config, file) in [
        (Config::default(), "pat.h"),
        (
            Config::default().prefix("p_").doc_style(DocStyle::Block),
            "pat_block.h",
        ),
    ] {
        let h = header(&config.clone().file(file));
        let include = format!(
            "#include \"{file}\"\n#include \"{file}\"\nint check(void);\nint check(void) {{ return {}(); }}\n",
            if file == "pat.h" {
                "PAT_API_CHECK"
            } else {
                "p_PAT_API_CHECK"
            }
        );
        let dir = common::dir_with(&[(file, &h), ("tu.c", &include), ("tu.cpp", &include)]);
        for (compiler, std, source) in [
            ("gcc", "-std=c99", "tu.c"),
            ("clang", "-std=c99", "tu.c"),
            ("g++", "-std=c++17", "tu.cpp"),
        ] {
            common::must_compile(
                dir.path(),
                compiler,
                &[
                    std,
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-pedantic",
                    "-c",
                    source,
                    "-o",
                    "tu.o",
                ],
            );
        }
    }
}

/// `<LIB>_API_CHECK()` is 1 exactly when the library's fingerprint function returns the
/// header's value, compiles in C89, C99 and C++ without warnings (also in a translation unit
/// that never uses it), and the comment's usage example compiles as written.
#[test]
fn fingerprint_check_macro_runs_in_c89_c99_and_cpp() {
    let h = header(&Config::default().doc_style(DocStyle::Block).file("pat.h"));
    let usage = h
        .split("else 0.")
        .nth(1)
        .and_then(|rest| rest.split("*/").next())
        .unwrap_or_else(|| panic!("no usage example in\n{h}"))
        .lines()
        .map(|l| l.trim_start().trim_start_matches('*'))
        .filter(|l| l.starts_with("     "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(usage.contains("if (!PAT_API_CHECK())"), "{usage}");
    // The library side, answering with the fingerprint given at compile time.
    let library = "#include <stdint.h>\nuint64_t pat_api_fingerprint(void);\nuint64_t pat_api_fingerprint(void) { return LIBRARY_FINGERPRINT; }\n";
    let program = format!(
        "#include <stdio.h>\n#include <stdlib.h>\n#include \"pat.h\"\nint main(void) {{\n{usage}\n    printf(\"accepted %d\\n\", PAT_API_CHECK());\n    return 0;\n}}\n"
    );
    let unused = "#include \"pat.h\"\nint unused_tu(void);\nint unused_tu(void) { return 0; }\n";
    let dir = common::dir_with(&[
        ("pat.h", &h),
        ("lib.c", library),
        ("main.c", &program),
        ("main.cpp", &program),
        ("unused.c", unused),
        ("unused.cpp", unused),
    ]);
    let warn = ["-Wall", "-Wextra", "-Werror", "-pedantic"];
    for (value, accepted) in [
        ("UINT64_C(0x0123456789abcdef)", true),
        ("UINT64_C(42)", false),
    ] {
        let define = format!("-DLIBRARY_FINGERPRINT={value}");
        let mut args = vec!["-std=c99", &define, "-c", "lib.c", "-o", "lib.o"];
        args.extend_from_slice(&warn);
        common::must_compile(dir.path(), "gcc", &args);
        for (compiler, std, sources) in [
            ("gcc", "-std=c89", ["main.c", "unused.c"]),
            ("gcc", "-std=c99", ["main.c", "unused.c"]),
            ("clang", "-std=c99", ["main.c", "unused.c"]),
            ("g++", "-std=c++11", ["main.cpp", "unused.cpp"]),
            ("clang++", "-std=c++17", ["main.cpp", "unused.cpp"]),
        ] {
            let mut args = vec![std];
            args.extend_from_slice(&warn);
            args.extend_from_slice(&sources);
            args.extend_from_slice(&["lib.o", "-o", "prog"]);
            common::must_compile(dir.path(), compiler, &args);
            let out = std::process::Command::new(dir.path().join("prog"))
                .output()
                .unwrap_or_else(|e| panic!("cannot run the program: {e}"));
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if accepted {
                assert!(
                    out.status.success() && stdout.contains("accepted 1"),
                    "{compiler} {std}: {stdout}{stderr}"
                );
            } else {
                assert_eq!(
                    out.status.code(),
                    Some(1),
                    "{compiler} {std}: {stdout}{stderr}"
                );
                assert!(
                    stderr.contains("the pat library was built from another API than pat.h"),
                    "{compiler} {std}: {stderr}"
                );
            }
        }
    }
}

#[test]
fn models_without_patterns_are_unchanged() {
    let mut model = interoptopus_core::fixtures::patterns();
    model.patterns.clear();
    model.services.clear();
    model.fingerprint = None;
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    let h = common::header_for(&model, &layouts, &Config::default());
    assert!(!h.contains("Ownership"), "{h}");
    assert!(!h.contains("Service"), "{h}");
    assert!(!h.contains("FINGERPRINT"), "{h}");
}
