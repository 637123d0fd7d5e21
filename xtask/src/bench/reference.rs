//! Building the reference crate in release mode for the language benchmarks, and finding its
//! bindings and shared library from cargo's JSON messages.

use std::path::{Path, PathBuf};

use super::machine::json_string;
use crate::cargo;

/// `cargo build --release -p reference --features patterns` (issue 5's rows use the pattern
/// functions); returns its `$OUT_DIR/bindings` and the folder holding the cdylib.
pub fn build_release() -> Result<(PathBuf, PathBuf), String> {
    let mut cmd = cargo();
    cmd.args([
        "build",
        "--release",
        "--package",
        "reference",
        "--features",
        "patterns",
        "--message-format=json-render-diagnostics",
    ]);
    eprintln!("xtask: running {cmd:?}");
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo build --release -p reference --features patterns failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let out_dir = out_dir_from_messages(&stdout)
        .ok_or("cargo reported no build-script run for the `reference` package")?;
    // <target>/release/build/reference-<hash>/out → <target>/release
    let release = out_dir
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("unexpected OUT_DIR {}", out_dir.display()))?;
    Ok((out_dir.join("bindings"), release))
}

/// The file name of a cdylib on this platform.
pub fn dylib_name(lib: &str) -> String {
    if cfg!(target_os = "macos") {
        format!("lib{lib}.dylib")
    } else if cfg!(windows) {
        format!("{lib}.dll")
    } else {
        format!("lib{lib}.so")
    }
}

/// The `OUT_DIR` of the `reference` package's build script in cargo's messages.
pub fn out_dir_from_messages(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter(|l| json_string(l, "reason").as_deref() == Some("build-script-executed"))
        .filter(|l| {
            json_string(l, "package_id").is_some_and(|id| {
                id.contains("/reference#")
                    || id.contains("#reference@")
                    || id.ends_with("/reference")
            })
        })
        .find_map(|l| json_string(l, "out_dir"))
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_messages_give_the_out_dir() {
        let messages = concat!(
            r#"{"reason":"build-script-executed","package_id":"path+file:///w/other#0.1.0","out_dir":"/t/other/out"}"#,
            "\n",
            r#"{"reason":"compiler-artifact","package_id":"path+file:///w/integration-tests/reference#0.1.0","out_dir":"/t/no"}"#,
            "\n",
            r#"{"reason":"build-script-executed","package_id":"path+file:///w/integration-tests/reference#0.1.0","out_dir":"/t/release/build/reference-1\u0041/out"}"#,
        );
        assert_eq!(
            out_dir_from_messages(messages),
            Some(PathBuf::from("/t/release/build/reference-1A/out"))
        );
        assert_eq!(out_dir_from_messages("{}"), None);
        assert_eq!(json_string(r#"{"a":"x\"y"}"#, "a").as_deref(), Some("x\"y"));
        assert_eq!(json_string(r#"{"a":"open"#, "a"), None);
    }
}
