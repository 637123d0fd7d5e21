//! A crate whose C API is written only through `macro_rules!` wrappers
//! (`fixtures/macro_exports`, regex-capi style): its own build script generates the header,
//! which must declare every macro-written export; a C program compiled strictly against that
//! header and linked with the cdylib calls each one.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::{
    assert_all_passed, build_fixture, fixture_dir, require_tool, run, scratch_fixture,
};

const STRICT: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];
const INSTALL: &str = "apt-get install -y gcc clang";

fn fixture() -> PathBuf {
    fixture_dir("macro_exports")
}

#[test]
fn macro_written_exports_run_from_c() {
    let dir = scratch_fixture("macro_exports");
    let (cdylib, bindings) = build_fixture(&dir, "macro_exports", &[]);
    let header = std::fs::read_to_string(bindings.join("macro_exports.h"))
        .unwrap_or_else(|e| panic!("header: {e}"));
    for declaration in [
        "Tally *tally_new(int64_t start);",
        "void tally_free(Tally *tally);",
        "int64_t tally_add(Tally *tally, int64_t amount);",
        "Counter tally_snapshot(const Tally *tally);",
        "uint32_t tally_calls(const Tally *tally);",
        "int64_t tally_total(const Tally *tally);",
        "uint32_t text_count(const char *text, uint8_t byte);",
        "#define TALLY_VERSION UINT32_C(2)",
        "// Creates a tally starting at `start`; free it with `tally_free`.",
        "    // How many additions were made.\n    uint32_t calls;",
    ] {
        assert!(
            header.contains(declaration),
            "missing `{declaration}` in:\n{header}"
        );
    }

    let lib_dir = cdylib.parent().unwrap_or(Path::new("."));
    for compiler in ["gcc", "clang"] {
        require_tool(compiler, INSTALL);
        let exe = dir.join(format!("macro_exports_test_{compiler}"));
        run(
            Command::new(compiler)
                .args(STRICT)
                .arg("-I")
                .arg(&bindings)
                .arg(fixture().join("c/macro_exports_test.c"))
                .arg("-L")
                .arg(lib_dir)
                .arg("-lmacro_exports")
                .arg("-o")
                .arg(&exe),
            &format!("{compiler} macro_exports_test.c"),
        );
        let output = run(
            Command::new(&exe).env("LD_LIBRARY_PATH", lib_dir),
            &format!("macro_exports_test ({compiler})"),
        );
        assert_all_passed(&output, &format!("macro exports from C ({compiler})"));
    }
}
