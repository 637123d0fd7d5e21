//! Every interoptopus pattern of the reference crate used from C through the generated
//! header: on gcc and clang (x86_64 and i686), under valgrind for the ownership patterns, and
//! the API fingerprint check (`<LIB>_API_CHECK()`) refusing a library built from another API.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::{
    assert_all_passed, build_package, build_package_with, cargo_build_in, require_tool, run,
    scratch, scratch_crate, Built,
};

const STRICT: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];
const INSTALL: &str = "apt-get install -y gcc clang gcc-multilib";
const VALGRIND_INSTALL: &str = "apt-get install -y valgrind";

/// The reference crate with its `patterns` feature, built into a target folder of its own.
fn build_reference(target: Option<&str>) -> Built {
    let dir = integration_tests::workspace_root()
        .join("target")
        .join("it-patterns");
    build_package_with("reference", target, &["patterns"], &dir)
}

/// Compiles `patterns_test.c` against the reference crate's header and cdylib.
fn compile(
    compiler: &str,
    extra: &[&str],
    target: Option<&str>,
    label: &str,
) -> (PathBuf, PathBuf) {
    require_tool(compiler, INSTALL);
    let built = build_reference(target);
    let dir = scratch(&format!("c-patterns-{label}"));
    let exe = dir.join("patterns_test");
    let lib_dir = built
        .cdylib
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let source = integration_tests::workspace_root().join("integration-tests/c/patterns_test.c");
    run(
        Command::new(compiler)
            .args(STRICT)
            .args(extra)
            .arg("-g")
            .arg("-I")
            .arg(&built.bindings)
            .arg(&source)
            .arg("-L")
            .arg(&lib_dir)
            .arg("-lreference")
            .arg("-o")
            .arg(&exe),
        &format!("{compiler} {label}"),
    );
    (exe, lib_dir)
}

fn compile_and_run(compiler: &str, extra: &[&str], target: Option<&str>, label: &str) {
    let (exe, lib_dir) = compile(compiler, extra, target, label);
    let output = run(
        Command::new(&exe)
            .env("LD_LIBRARY_PATH", &lib_dir)
            .env("RUST_BACKTRACE", "0"),
        &format!("patterns_test ({label})"),
    );
    let passed = assert_all_passed(&output, &format!("C patterns, {label}"));
    assert!(passed >= 90, "{label}: only {passed} checks ran");
    // The guarded panics really happened (Rust's hook reports them on stderr) and were caught.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("pattern_panic_error was asked to panic"),
        "{stderr}"
    );
}

#[test]
fn patterns_from_c_gcc_x86_64() {
    compile_and_run("gcc", &[], None, "gcc-x86_64");
}

#[test]
fn patterns_from_c_clang_x86_64() {
    compile_and_run("clang", &[], None, "clang-x86_64");
}

#[test]
fn patterns_from_c_gcc_i686() {
    compile_and_run("gcc", &["-m32"], Some("i686-unknown-linux-gnu"), "gcc-i686");
}

/// Strings out, vectors out, callbacks with heap data and services created and destroyed in
/// a loop (with caught panics among them): no leak, no invalid access.
#[test]
fn ownership_patterns_are_clean_under_valgrind() {
    let valgrind = require_tool("valgrind", VALGRIND_INSTALL);
    let (exe, lib_dir) = compile("gcc", &[], None, "valgrind");
    let memcheck = |args: &[&str]| {
        Command::new(&valgrind)
            .args([
                "--error-exitcode=1",
                "--leak-check=full",
                "--show-leak-kinds=definite,indirect,possible",
                "--errors-for-leak-kinds=definite,indirect,possible",
            ])
            .arg(&exe)
            .args(args)
            .env("LD_LIBRARY_PATH", &lib_dir)
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap_or_else(|e| panic!("cannot start valgrind: {e}"))
    };

    // Negative control: one owned string not released is reported.
    let leaky = memcheck(&["1", "leak"]);
    let stderr = String::from_utf8_lossy(&leaky.stderr);
    assert!(!leaky.status.success(), "valgrind missed a leak:\n{stderr}");
    assert!(
        stderr.contains("definitely lost:") && stderr.contains(" bytes in 1 blocks"),
        "{stderr}"
    );

    let output = memcheck(&["200"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "valgrind reported errors ({}):\n{stderr}",
        output.status
    );
    assert!(stderr.contains("ERROR SUMMARY: 0 errors"), "{stderr}");
    assert!(
        stderr.contains("definitely lost: 0 bytes") || stderr.contains("no leaks are possible"),
        "{stderr}"
    );
    let passed = assert_all_passed(&output, "C patterns under valgrind");
    assert!(passed > 800, "the loop did not run: {passed} checks");
}

const FP_LIB_V1: &str = r#"interoptopus::layout_checks!();

#[interoptopus::ffi_function]
pub fn fp_add(a: u32, b: u32) -> u32 {
    a + b
}
"#;

/// The same function with a changed signature: the API differs.
const FP_LIB_V2: &str = r#"interoptopus::layout_checks!();

#[interoptopus::ffi_function]
pub fn fp_add(a: u64, b: u64) -> u64 {
    a + b
}
"#;

const FP_PROGRAM: &str = r#"#include <stdio.h>
#include "fingerprinted.h"

int main(void) {
    if (!FINGERPRINTED_API_CHECK()) {
        printf("refused: library fingerprint %016llx, header %016llx\n",
               (unsigned long long)fingerprinted_api_fingerprint(),
               (unsigned long long)FINGERPRINTED_API_FINGERPRINT);
        return 3;
    }
    printf("accepted: %u\n", (unsigned)fp_add(2, 3));
    return 0;
}
"#;

/// Builds the scratch crate from `lib_rs`; returns the header folder and the cdylib folder.
fn build_fingerprinted(lib_rs: &str) -> (PathBuf, PathBuf) {
    let dir = scratch_crate(
        "fingerprinted",
        lib_rs,
        "fn main() { interoptopus_build::Builder::new().c(interoptopus_build::c::Config::default()).out_dir(\"bindings\").run(); }\n",
    );
    let out = cargo_build_in(&dir, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lib_dir = integration_tests::test_target_dir().join("debug");
    (dir.join("bindings"), lib_dir)
}

/// A header generated from one API refuses a library built from another; a matching pair is
/// accepted; an edit that changes only docs and formatting keeps the fingerprint. (One test:
/// the steps rebuild the same scratch crate.)
#[test]
fn fingerprint_refuses_a_library_built_from_another_api() {
    require_tool("gcc", INSTALL);
    let define = |h: &Path| {
        let text = std::fs::read_to_string(h.join("fingerprinted.h")).unwrap_or_default();
        text.lines()
            .find(|l| l.starts_with("#define FINGERPRINTED_API_FINGERPRINT"))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no fingerprint define in\n{text}"))
    };
    let (headers_v1, lib_dir) = build_fingerprinted(FP_LIB_V1);
    let keep = scratch("fingerprint-v1");
    std::fs::copy(
        headers_v1.join("fingerprinted.h"),
        keep.join("fingerprinted.h"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(keep.join("main.c"), FP_PROGRAM).unwrap_or_else(|e| panic!("{e}"));
    run(
        Command::new("gcc")
            .args(STRICT)
            .arg("-I")
            .arg(&keep)
            .arg(keep.join("main.c"))
            .arg("-L")
            .arg(&lib_dir)
            .arg("-lfingerprinted")
            .arg("-o")
            .arg(keep.join("main")),
        "gcc fingerprint program",
    );
    let matching = run(
        Command::new(keep.join("main")).env("LD_LIBRARY_PATH", &lib_dir),
        "matching library",
    );
    assert!(
        String::from_utf8_lossy(&matching.stdout).contains("accepted: 5"),
        "{}",
        String::from_utf8_lossy(&matching.stdout)
    );

    // Docs and blank lines are not part of the API.
    let edited = FP_LIB_V1.replace(
        "#[interoptopus::ffi_function]",
        "\n\n/// Adds two numbers.\n#[interoptopus::ffi_function]",
    );
    let (headers_doc, _) = build_fingerprinted(&edited);
    assert_eq!(define(&keep), define(&headers_doc));

    // Rebuild the library from the changed API; the old header's program must refuse it.
    let (headers_v2, lib_dir) = build_fingerprinted(FP_LIB_V2);
    assert_ne!(
        define(&keep),
        define(&headers_v2),
        "the API changed, the fingerprint must too"
    );
    let stale = Command::new(keep.join("main"))
        .env("LD_LIBRARY_PATH", &lib_dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&stale.stdout);
    assert_eq!(stale.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("refused: library fingerprint"), "{stdout}");
}

/// A program written as the header's comment advises: check once, refuse with a message. The
/// fingerprints are printed in two halves so that the program is valid C89 and C++ too.
const CHECK_PROGRAM: &str = r#"#include <stdio.h>
#include <stdlib.h>
#include "reference.h"

static void print_hex(const char *what, uint64_t v) {
    printf("%s %08lx%08lx\n", what, (unsigned long)(v >> 32), (unsigned long)(v & 0xFFFFFFFFu));
}

int main(void) {
    print_hex("header", REFERENCE_API_FINGERPRINT);
    print_hex("library", reference_api_fingerprint());
    if (!REFERENCE_API_CHECK()) {
        fprintf(stderr, "the reference library was built from another API than reference.h\n");
        exit(EXIT_FAILURE);
    }
    printf("accepted: %d\n", (int)bench_add(1, 2));
    return 0;
}
"#;

/// `REFERENCE_API_CHECK()` in a C (and a C++) program compiled against one build's header and
/// run against the other build's library: the reference crate with and without its `patterns`
/// feature are two APIs (as in the C# and Python refusal tests). A mismatch in either direction
/// exits with the message and names both fingerprints; a matching pair runs.
#[test]
fn api_check_refuses_the_library_of_the_other_build() {
    require_tool("gcc", INSTALL);
    require_tool("g++", "apt-get install -y g++");
    let with_patterns = build_reference(None);
    let without = build_package("reference", None);
    let fingerprint = |b: &Built| {
        b.model
            .fingerprint
            .as_ref()
            .map(|f| format!("{:016x}", f.value))
            .unwrap_or_else(|| panic!("{} has no fingerprint", b.bindings.display()))
    };
    assert_ne!(
        fingerprint(&with_patterns),
        fingerprint(&without),
        "the two builds should be two APIs"
    );
    let lib_dir = |b: &Built| b.cdylib.parent().unwrap_or(Path::new(".")).to_path_buf();
    let builds = [("patterns", &with_patterns), ("plain", &without)];
    let dir = scratch("c-api-check");
    std::fs::write(dir.join("check.c"), CHECK_PROGRAM).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("check.cpp"), CHECK_PROGRAM).unwrap_or_else(|e| panic!("{e}"));
    let mut runs = 0;
    for (header_label, header_build) in builds {
        for (compiler, std, source) in [
            ("gcc", "-std=c99", "check.c"),
            ("g++", "-std=c++17", "check.cpp"),
        ] {
            let exe = dir.join(format!("check-{header_label}-{compiler}"));
            run(
                Command::new(compiler)
                    .args([std, "-Wall", "-Wextra", "-Werror", "-pedantic"])
                    .arg("-I")
                    .arg(&header_build.bindings)
                    .arg(dir.join(source))
                    .arg("-L")
                    .arg(lib_dir(header_build))
                    .arg("-lreference")
                    .arg("-o")
                    .arg(&exe),
                &format!("{compiler} against the {header_label} header"),
            );
            for (lib_label, lib_build) in builds {
                let out = Command::new(&exe)
                    .env("LD_LIBRARY_PATH", lib_dir(lib_build))
                    .output()
                    .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
                let stdout = String::from_utf8_lossy(&out.stdout);
                let stderr = String::from_utf8_lossy(&out.stderr);
                let what = format!("{compiler}: {header_label} header, {lib_label} library");
                assert!(
                    stdout.contains(&format!("header {}", fingerprint(header_build)))
                        && stdout.contains(&format!("library {}", fingerprint(lib_build))),
                    "{what}: both fingerprints printed:\n{stdout}"
                );
                if header_label == lib_label {
                    assert!(
                        out.status.success() && stdout.contains("accepted: 3"),
                        "{what}: the matching pair must run:\n{stdout}{stderr}"
                    );
                } else {
                    assert_eq!(out.status.code(), Some(1), "{what}:\n{stdout}{stderr}");
                    assert!(
                        stderr.contains(
                            "the reference library was built from another API than reference.h"
                        ),
                        "{what}: {stderr}"
                    );
                    assert!(!stdout.contains("accepted"), "{what}: {stdout}");
                }
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 8);
}
