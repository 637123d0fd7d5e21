//! Writing outputs atomically and only when their content changed.
//!
//! An unchanged file keeps its mtime, so nothing downstream (a C# project, a Python package,
//! a C build) sees a change after a comment-only edit of the Rust crate.

use std::fs;
use std::io;
use std::path::Path;

/// What happened to one output file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// Writes `contents` to `path` unless it already holds exactly that.
///
/// The new content goes to a temporary file in the same directory first and is renamed over
/// the target, so a reader never sees a half-written file and a crash leaves the old one.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<WriteOutcome> {
    if let Ok(existing) = fs::read(path) {
        if existing == contents {
            return Ok(WriteOutcome::Unchanged);
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    fs::write(&temp, contents)?;
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(WriteOutcome::Written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_content_keeps_the_file_untouched() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("nested/out.h");
        assert_eq!(
            write_if_changed(&path, b"a").ok(),
            Some(WriteOutcome::Written)
        );
        let before = fs::metadata(&path).and_then(|m| m.modified()).ok();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(
            write_if_changed(&path, b"a").ok(),
            Some(WriteOutcome::Unchanged)
        );
        assert_eq!(fs::metadata(&path).and_then(|m| m.modified()).ok(), before);
        assert_eq!(
            write_if_changed(&path, b"b").ok(),
            Some(WriteOutcome::Written)
        );
        assert_eq!(fs::read(&path).ok(), Some(b"b".to_vec()));
        let leftovers = fs::read_dir(path.parent().unwrap_or(dir.path()))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }
}
