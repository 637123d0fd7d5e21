//! Which crate we generate for: its package name, library target name and root file.
//!
//! Inside a build script cargo already says most of it: `CARGO_PKG_NAME` and
//! `CARGO_MANIFEST_DIR`. What it does not say is the library target, which `[lib] name`/`path`
//! can move; a plain `Cargo.toml` answers that with a few lines of reading. Whenever the
//! manifest uses anything that reading does not follow for sure (dotted `lib.…` keys,
//! `autolib`, multi-line strings, escapes), `cargo metadata --no-deps --offline` decides, as it
//! always does outside a build script. Spawning cargo costs tens of milliseconds, most of a
//! small crate's build script run.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::Diagnostic;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateInfo {
    pub package: String,
    /// The library target's name (`my_lib`): names the shared library and default files.
    pub lib_name: String,
    pub root_file: PathBuf,
}

/// The package at `manifest_dir`: from the build-script environment when it describes this
/// very package and the manifest is plain, otherwise from `cargo metadata`.
pub fn discover(manifest_dir: &Path) -> Result<CrateInfo, Diagnostic> {
    if let Some(info) = from_build_env(manifest_dir) {
        return Ok(info);
    }
    from_cargo_metadata(manifest_dir)
}

/// `CARGO_PKG_NAME` plus the manifest's `[lib]` section, or `None` when either is missing or
/// the manifest is not plain enough to be sure.
fn from_build_env(manifest_dir: &Path) -> Option<CrateInfo> {
    let env_dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    if Path::new(&env_dir) != manifest_dir {
        return None;
    }
    let package = std::env::var("CARGO_PKG_NAME").ok()?;
    let manifest = std::fs::read_to_string(manifest_dir.join("Cargo.toml")).ok()?;
    from_manifest_text(manifest_dir, &package, &manifest)
}

fn from_manifest_text(manifest_dir: &Path, package: &str, manifest: &str) -> Option<CrateInfo> {
    let lib = lib_section(manifest)?;
    let relative = lib.path.unwrap_or_else(|| "src/lib.rs".to_string());
    // Cargo joins the path to the package root as written; anything that needs normalising is
    // left to cargo.
    if Path::new(&relative).is_absolute()
        || Path::new(&relative)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return None;
    }
    let root_file = manifest_dir.join(relative);
    if !root_file.is_file() {
        return None; // no library, or a missing file: cargo's message says which
    }
    Some(CrateInfo {
        package: package.to_string(),
        lib_name: lib.name.unwrap_or_else(|| package.replace('-', "_")),
        root_file,
    })
}

/// `name` and `path` of the `[lib]` table, as far as they are given.
#[derive(Debug, Default, PartialEq, Eq)]
struct LibSection {
    name: Option<String>,
    path: Option<String>,
}

/// Reads `[lib] name`/`path` from a manifest line by line; `None` as soon as something could
/// change the library target in a way this reading does not follow.
fn lib_section(manifest: &str) -> Option<LibSection> {
    let mut lib = LibSection::default();
    let mut table = String::new();
    // Open `[`/`{` of a value that continues on the next lines (multi-line arrays).
    let mut depth = 0usize;
    for raw in manifest.lines() {
        let line = without_comment(raw)?.trim();
        if line.contains("\"\"\"") || line.contains("'''") {
            return None;
        }
        if depth > 0 {
            depth = nesting(line, depth)?;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            let header = line.trim_start_matches('[').trim_end_matches(']').trim();
            if header.contains(['"', '\'']) || header.starts_with("lib.") {
                return None;
            }
            table = header.to_string();
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let key = key.trim();
        let value = value.trim();
        if key.contains("autolib") || key.contains(['"', '\'']) {
            return None;
        }
        if table.is_empty()
            && (key == "lib" || key.starts_with("lib.") || key.starts_with("package."))
        {
            return None;
        }
        if table == "lib" {
            match key {
                "name" => lib.name = Some(plain_string(value)?),
                "path" => lib.path = Some(plain_string(value)?),
                _ => {}
            }
        }
        depth = nesting(value, 0)?;
    }
    Some(lib)
}

/// The line without a trailing `# comment` (a `#` inside a string is text); `None` for an
/// escape in a string, which this reading does not follow.
fn without_comment(line: &str) -> Option<&str> {
    let mut in_string: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (in_string, c) {
            (Some(_), '\\') => return None,
            (Some(q), c) if c == q => in_string = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => in_string = Some(c),
            (None, '#') => return Some(&line[..i]),
            (None, _) => {}
        }
    }
    Some(line)
}

/// Bracket depth after `text`, starting from `depth`; brackets inside strings do not count.
fn nesting(text: &str, depth: usize) -> Option<usize> {
    let mut depth = depth as i64;
    let mut in_string: Option<char> = None;
    for c in text.chars() {
        match (in_string, c) {
            (Some(q), c) if c == q => in_string = None,
            (Some(_), '\\') => return None,
            (Some(_), _) => {}
            (None, '"' | '\'') => in_string = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, _) => {}
        }
    }
    (in_string.is_none() && depth >= 0).then_some(depth as usize)
}

/// `"text"` or `'text'` without escapes.
fn plain_string(value: &str) -> Option<String> {
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let inner = value.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner.contains(['\\', '"', '\'']) {
        return None;
    }
    Some(inner.to_string())
}

/// Asks `cargo metadata --no-deps --offline` for the package at `manifest_dir`: only cargo
/// knows a custom `[lib] path`/`name` and workspace-inherited fields for sure.
fn from_cargo_metadata(manifest_dir: &Path) -> Result<CrateInfo, Diagnostic> {
    let manifest = manifest_dir.join("Cargo.toml");
    let metadata = cargo_metadata_json(&manifest, &["--no-deps"])?;
    package_from_metadata(&metadata, &manifest)
}

/// Runs `cargo metadata --format-version 1 --offline` with `args` for the package whose
/// manifest is `manifest`, and parses its JSON. Cargo is the one `$CARGO` names (the cargo
/// running the build), else the one on `PATH`.
pub(crate) fn cargo_metadata_json(
    manifest: &Path,
    args: &[&str],
) -> Result<serde_json::Value, Diagnostic> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let shown = format!("cargo metadata {}", args.join(" "));
    let failed = |why: String| {
        Diagnostic::error(format!(
            "cannot read the package with `{}`: {why}",
            shown.trim()
        ))
        .hint(format!(
            "run `{} --offline` in the crate to see cargo's own message",
            shown.trim()
        ))
    };
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .output()
        .map_err(|e| failed(format!("cannot run {}: {e}", Path::new(&cargo).display())))?;
    if !output.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| failed(e.to_string()))
}

/// The package whose manifest is `manifest` among `metadata`'s packages (compared as given
/// and canonicalised: cargo prints canonical paths).
pub(crate) fn package_by_manifest<'m>(
    metadata: &'m serde_json::Value,
    manifest: &Path,
) -> Option<&'m serde_json::Value> {
    let canonical = manifest
        .canonicalize()
        .unwrap_or_else(|_| manifest.to_path_buf());
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| {
            p["manifest_path"].as_str().is_some_and(|m| {
                let m = Path::new(m);
                m == manifest || m.canonicalize().is_ok_and(|c| c == canonical)
            })
        })
}

/// The library target of a package in `cargo metadata` JSON (a proc-macro crate has none
/// that matters here: its types never reach the compiled library).
pub(crate) fn lib_target(package: &serde_json::Value) -> Option<&serde_json::Value> {
    const LIB_KINDS: &[&str] = &["lib", "cdylib", "staticlib", "rlib", "dylib"];
    package["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| {
            t["kind"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k.as_str().is_some_and(|k| LIB_KINDS.contains(&k)))
        })
}

fn package_from_metadata(
    metadata: &serde_json::Value,
    manifest: &Path,
) -> Result<CrateInfo, Diagnostic> {
    let package = package_by_manifest(metadata, manifest)
        .ok_or_else(|| Diagnostic::error(format!("no package at {}", manifest.display())))?;
    let name = package["name"].as_str().unwrap_or_default();
    let lib = lib_target(package).ok_or_else(|| {
        Diagnostic::error(format!("package `{name}` has no library target"))
            .hint("bindings describe a library: add `src/lib.rs` or a `[lib]` section")
    })?;
    let (Some(lib_name), Some(src_path)) = (lib["name"].as_str(), lib["src_path"].as_str()) else {
        return Err(Diagnostic::error(format!(
            "`cargo metadata` describes the library of `{name}` without a name or source path"
        )));
    };
    Ok(CrateInfo {
        package: name.to_string(),
        lib_name: lib_name.replace('-', "_"),
        root_file: PathBuf::from(src_path),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib(text: &str) -> Option<LibSection> {
        lib_section(text)
    }

    const PACKAGE: &str = "[package]\nname = \"my-lib\" # the name\nversion.workspace = true\n";

    #[test]
    fn a_plain_manifest_has_the_default_library() {
        assert_eq!(lib(PACKAGE), Some(LibSection::default()));
        let with_deps = format!(
            "{PACKAGE}\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nlibc = \"0.2\"\n\n[features]\ndefault = [\n    \"a\", # first\n    \"b\",\n]\n"
        );
        assert_eq!(lib(&with_deps), Some(LibSection::default()));
    }

    #[test]
    fn lib_name_and_path_are_read() {
        let text = format!(
            "{PACKAGE}\n[lib]\nname = 'renamed'\npath = \"src/ffi.rs\"\ncrate-type = [\n  \"cdylib\",\n  \"rlib\",\n]\n\n[[bin]]\nname = \"tool\"\npath = \"src/main.rs\"\n"
        );
        assert_eq!(
            lib(&text),
            Some(LibSection {
                name: Some("renamed".into()),
                path: Some("src/ffi.rs".into()),
            })
        );
    }

    #[test]
    fn anything_unusual_is_left_to_cargo() {
        for text in [
            "lib.name = \"x\"\n[package]\nname = \"p\"\n",
            "lib = { name = \"x\" }\n[package]\nname = \"p\"\n",
            "package.name = \"p\"\n",
            "[package]\nname = \"p\"\nautolib = false\n",
            "[package]\nname = \"p\"\n[lib]\nname = \"a\\u0062\"\n",
            "[package]\nname = \"p\"\ndescription = \"\"\"\n[lib]\nname = \"x\"\n\"\"\"\n",
            "[\"lib\"]\nname = \"x\"\n",
            "[package]\nname = \"p\"\nnot a key value line\n",
        ] {
            assert_eq!(lib(text), None, "{text}");
        }
    }

    #[test]
    fn the_build_env_answer_matches_cargo() {
        let dir =
            std::env::temp_dir().join(format!("interoptopus-crate-info-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/ffi.rs"), "").unwrap();
        std::fs::write(dir.join("src/lib.rs"), "").unwrap();
        let plain = from_manifest_text(&dir, "my-lib", PACKAGE).unwrap();
        assert_eq!(plain.lib_name, "my_lib");
        assert_eq!(plain.root_file, dir.join("src/lib.rs"));
        let moved = format!("{PACKAGE}[lib]\nname = \"ffi\"\npath = \"src/ffi.rs\"\n");
        let moved = from_manifest_text(&dir, "my-lib", &moved).unwrap();
        assert_eq!(
            (moved.lib_name.as_str(), moved.root_file),
            ("ffi", dir.join("src/ffi.rs"))
        );
        // A path that needs normalising, or a file that does not exist, goes to cargo.
        let dotted = format!("{PACKAGE}[lib]\npath = \"./src/ffi.rs\"\n");
        assert_eq!(from_manifest_text(&dir, "my-lib", &dotted), None);
        let missing = format!("{PACKAGE}[lib]\npath = \"src/gone.rs\"\n");
        assert_eq!(from_manifest_text(&dir, "my-lib", &missing), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn cargo_metadata_json_is_read() {
        let manifest = Path::new("/nowhere/pkg/Cargo.toml");
        let json = serde_json::json!({
            "packages": [{
                "name": "my-pkg",
                "manifest_path": "/nowhere/pkg/Cargo.toml",
                "targets": [
                    { "kind": ["bin"], "name": "tool", "src_path": "/nowhere/pkg/src/main.rs" },
                    { "kind": ["cdylib", "rlib"], "name": "my-lib", "src_path": "/nowhere/pkg/src/lib.rs" }
                ]
            }]
        });
        let info = package_from_metadata(&json, manifest).unwrap();
        assert_eq!(
            info,
            CrateInfo {
                package: "my-pkg".into(),
                lib_name: "my_lib".into(),
                root_file: PathBuf::from("/nowhere/pkg/src/lib.rs"),
            }
        );
        let no_lib = serde_json::json!({ "packages": [{ "name": "p", "manifest_path": "/nowhere/pkg/Cargo.toml", "targets": [] }] });
        assert!(package_from_metadata(&no_lib, manifest).is_err());
    }
}
