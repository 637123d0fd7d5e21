//! A crate written the way hand-made C APIs are (`fixtures/real_forms`): `extern fn` without
//! an ABI string, `#[unsafe(no_mangle)]`, `unsafe extern "C"`, `#[export_name]` (plain and
//! `unsafe(...)`), an opaque `Iter<'r>` used as `*mut Iter<'r>`, the crate's own and a
//! `libc`-style `size_t`, exported arrays (`static` and `static mut`). Its build script writes a
//! C89 header with the layout check on; the header must declare every form as C expects, and a
//! C89 program compiled strictly (GCC and Clang) and linked with the cdylib calls each one.

use std::path::Path;
use std::process::Command;

use integration_tests::{
    assert_all_passed, build_fixture, fixture_dir, require_tool, run, scratch_fixture,
};

const C89: &[&str] = &["-std=c89", "-pedantic", "-Wall", "-Wextra", "-Werror"];
const INSTALL: &str = "apt-get install -y gcc clang";

#[test]
fn hand_written_forms_run_from_c89() {
    let dir = scratch_fixture("real_forms");
    let (cdylib, bindings) = build_fixture(&dir, "real_forms", &[]);
    let header = std::fs::read_to_string(bindings.join("real_forms.h"))
        .unwrap_or_else(|e| panic!("header: {e}"));
    for declaration in [
        "uint32_t rf_version(void);",
        "typedef struct Iter Iter;",
        "Iter *rf_iter_new(const uint8_t *bytes, size_t len);",
        "int32_t rf_iter_next(Iter *it);",
        "size_t rf_iter_remaining(const Iter *it);",
        "void rf_iter_free(Iter *it);",
        "real_forms_bool rf_in_table(uint32_t byte);",
        "size_t rf_count(const uint8_t *bytes, size_t len);",
        "extern const uint32_t TABLE[4];",
        "extern const uint8_t COUNTED[3];",
        "extern uint16_t COUNTS[3];",
        "#define RF_MAX_OFFSET (((uint64_t)0xFFFFFFFFUL << 32) | (uint64_t)0xFFFFFFFEUL)",
    ] {
        assert!(
            header.contains(declaration),
            "missing `{declaration}` in:\n{header}"
        );
    }
    // `size_t` comes from <stddef.h>; a typedef of it would clash.
    assert!(!header.contains("typedef size_t") && !header.contains(" size_t;"));
    assert!(!header.contains("//"), "C89 has no line comments");

    let lib_dir = cdylib.parent().unwrap_or(Path::new("."));
    for compiler in ["gcc", "clang"] {
        require_tool(compiler, INSTALL);
        let exe = dir.join(format!("real_forms_test_{compiler}"));
        run(
            Command::new(compiler)
                .args(C89)
                .arg("-I")
                .arg(&bindings)
                .arg(fixture_dir("real_forms").join("c/real_forms_test.c"))
                .arg("-L")
                .arg(lib_dir)
                .arg("-lreal_forms")
                .arg("-o")
                .arg(&exe),
            &format!("{compiler} -std=c89 real_forms_test.c"),
        );
        let output = run(
            Command::new(&exe).env("LD_LIBRARY_PATH", lib_dir),
            &format!("real_forms_test ({compiler})"),
        );
        assert_all_passed(&output, &format!("real forms from C89 ({compiler})"));
    }
}
