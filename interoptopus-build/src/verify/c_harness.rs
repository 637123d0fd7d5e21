//! The C side of layout verification: the generated header plus `_Static_assert`s over every
//! size, alignment and offset, compiled by the target's C compiler (found by the `cc` crate,
//! so cross builds use the cross compiler and flags such as `-m32`).

use std::path::{Path, PathBuf};
use std::process::Command;

use interoptopus_c::LayoutHarness;
use interoptopus_core::Model;

use crate::diagnostic::{Diagnostic, Location};

/// Which compiler to ask: the build's target and host triples.
#[derive(Clone, Debug)]
pub struct CcTarget {
    pub target: String,
    pub host: String,
}

impl CcTarget {
    /// From a build script's environment (`TARGET`, `HOST`).
    pub fn from_env() -> Option<CcTarget> {
        Some(CcTarget {
            target: std::env::var("TARGET").ok()?,
            host: std::env::var("HOST").ok()?,
        })
    }
}

/// Compiles the harness in `work_dir`; a mismatch becomes one diagnostic per check that
/// failed, naming the type, the field, and both numbers.
pub fn check_with_c_compiler(
    model: &Model,
    manifest_dir: &Path,
    header_name: &str,
    header: &str,
    harness: &LayoutHarness,
    work_dir: &Path,
    target: &CcTarget,
) -> Result<(), Vec<Diagnostic>> {
    let io_err = |what: &str, path: &Path, e: std::io::Error| {
        vec![Diagnostic::error(format!(
            "layout check: cannot {what} {}: {e}",
            path.display()
        ))]
    };
    std::fs::create_dir_all(work_dir).map_err(|e| io_err("create", work_dir, e))?;
    let header_path = work_dir.join(header_name);
    let harness_path = work_dir.join("interoptopus_layout_check.c");
    std::fs::write(&header_path, header).map_err(|e| io_err("write", &header_path, e))?;
    std::fs::write(&harness_path, &harness.source)
        .map_err(|e| io_err("write", &harness_path, e))?;
    let mut build = cc::Build::new();
    build
        .cargo_metadata(false)
        .cargo_warnings(false)
        .opt_level(0)
        .debug(false)
        .target(&target.target)
        .host(&target.host);
    let compiler = build.try_get_compiler().map_err(|e| {
        vec![Diagnostic::error(format!("layout check: no C compiler for {}: {e}", target.target))
            .hint("install a C compiler for the target (e.g. `apt-get install -y gcc gcc-multilib`), or turn the check off with `verify_layout(false)`")]
    })?;
    let mut cmd: Command = compiler.to_command();
    // English messages with ASCII quotes, so the numbers in them can be read back.
    cmd.env("LC_ALL", "C")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"])
        .arg(&harness_path)
        .current_dir(work_dir);
    let output = cmd.output().map_err(|e| {
        vec![Diagnostic::error(format!(
            "layout check: cannot run the C compiler {:?}: {e}",
            compiler.path()
        ))]
    })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Err(explain_failure(
        model,
        manifest_dir,
        harness,
        &harness_path,
        &stderr,
    ))
}

/// Maps compiler errors back to the checks on their lines.
fn explain_failure(
    model: &Model,
    manifest_dir: &Path,
    harness: &LayoutHarness,
    harness_path: &Path,
    stderr: &str,
) -> Vec<Diagnostic> {
    let file_name = harness_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for mismatch in harness.mismatches(&file_name, stderr) {
        let check = &mismatch.check;
        let actual = mismatch
            .actual
            .map_or_else(|| "a different value".to_string(), |v| v.to_string());
        let mut d = Diagnostic::error(format!(
            "layout mismatch: {}: interoptopus computed {}, the C compiler computed {actual}",
            check.subject(),
            check.expected
        ))
        .hint("the generated header does not describe the Rust type; please report this with the type's definition");
        if let Some(def) = model.types.iter().find(|t| t.name == check.type_name) {
            d = d.at(Location {
                file: manifest_dir.join(&def.span.file),
                line: def.span.line,
                column: def.span.column,
                len: def.name.chars().count() as u32,
            });
        }
        out.push(d);
    }
    if out.is_empty() {
        out.push(
            Diagnostic::error(format!(
                "layout check: the generated header failed to compile:\n{}",
                stderr.trim_end()
            ))
            .hint("this is a bug in the C emitter; please report it with the header"),
        );
    }
    out
}

/// Where the harness is compiled inside `OUT_DIR`.
pub fn work_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("interoptopus-verify")
}
