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
        "`pat_api_fingerprint()` once after loading it",
        "uint64_t pat_api_fingerprint(void);",
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
            "#include \"{file}\"\n#include \"{file}\"\nint check(void);\nint check(void) {{ return pat_api_fingerprint() == {}; }}\n",
            if file == "pat.h" {
                "PAT_API_FINGERPRINT"
            } else {
                "p_PAT_API_FINGERPRINT"
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
