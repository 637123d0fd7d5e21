//! A crate whose C API is written only through `macro_rules!` wrappers
//! (`fixtures/macro_exports`, regex-capi style): its own build script generates the header,
//! which must declare every macro-written export; a C program compiled strictly against that
//! header and linked with the cdylib calls each one.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::{
    assert_all_passed, require_tool, run, scratch, test_target_dir, workspace_root,
};

const STRICT: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];
const INSTALL: &str = "apt-get install -y gcc clang";

/// The fixture's folder in the repository.
fn fixture() -> PathBuf {
    workspace_root().join("integration-tests/fixtures/macro_exports")
}

/// Copies the fixture into a scratch folder (so building it leaves no `Cargo.lock` or target in
/// the source tree), pointing its path dependencies at this workspace and reusing its lock file.
fn scratch_fixture() -> PathBuf {
    let dir = scratch("macro_exports");
    copy_dir(&fixture(), &dir);
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let root = format!("\"{}/", workspace_root().display());
    std::fs::write(&manifest, text.replace("\"../../../", &root)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("Cargo.lock: {e}"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// Builds the crate in `dir`; returns its cdylib and the folder its build script wrote the
/// bindings to.
fn build(dir: &Path) -> (PathBuf, PathBuf) {
    let output = run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(dir)
            .args([
                "build",
                "--offline",
                "--quiet",
                "--message-format=json-render-diagnostics",
            ])
            .env("CARGO_TARGET_DIR", test_target_dir()),
        "cargo build (macro_exports)",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut cdylib = None;
    let mut out_dir = None;
    for message in cargo_metadata::Message::parse_stream(stdout.as_bytes()).flatten() {
        match message {
            cargo_metadata::Message::CompilerArtifact(a) if a.target.name == "macro_exports" => {
                cdylib = a
                    .filenames
                    .iter()
                    .find(|f| f.extension() == Some("so"))
                    .map(|f| f.clone().into_std_path_buf())
                    .or(cdylib);
            }
            cargo_metadata::Message::BuildScriptExecuted(b)
                if b.package_id.repr.contains("macro_exports") =>
            {
                out_dir = Some(b.out_dir.clone().into_std_path_buf());
            }
            _ => {}
        }
    }
    let cdylib = cdylib.unwrap_or_else(|| panic!("no cdylib in cargo's output:\n{stdout}"));
    let out_dir = out_dir.unwrap_or_else(|| panic!("no build script output:\n{stdout}"));
    (cdylib, out_dir.join("bindings"))
}

#[test]
fn macro_written_exports_run_from_c() {
    let dir = scratch_fixture();
    let (cdylib, bindings) = build(&dir);
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
