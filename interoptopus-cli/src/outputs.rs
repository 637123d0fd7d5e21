//! Where each generated file goes, and the two things done with it: write it (only when it
//! changed) or, with `--check`, compare it with what is on disk.

use std::path::{Path, PathBuf};

use interoptopus_build::write::{write_if_changed, WriteOutcome};
use interoptopus_build::OutputFile;

/// A generated file and its destination.
#[derive(Debug)]
pub struct Placed {
    pub destination: PathBuf,
    pub contents: String,
}

/// Places each output: at the path given for it on the command line (matched by file name),
/// or else inside `out_dir`.
pub fn place(
    outputs: Vec<OutputFile>,
    explicit: &[PathBuf],
    out_dir: Option<&Path>,
) -> Result<Vec<Placed>, String> {
    outputs
        .into_iter()
        .map(|file| {
            let named = explicit
                .iter()
                .find(|dest| dest.file_name() == Some(file.path.as_os_str()));
            let destination = match (named, out_dir) {
                (Some(dest), _) => dest.clone(),
                (None, Some(dir)) => dir.join(&file.path),
                (None, None) => {
                    return Err(format!(
                        "no destination for generated file `{}`",
                        file.path.display()
                    ))
                }
            };
            Ok(Placed {
                destination,
                contents: file.contents,
            })
        })
        .collect()
}

/// Writes every file whose contents changed; returns one line per file for the user.
pub fn write_all(files: &[Placed]) -> Result<Vec<String>, String> {
    files
        .iter()
        .map(|f| {
            let outcome = write_if_changed(&f.destination, f.contents.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", f.destination.display()))?;
            Ok(match outcome {
                WriteOutcome::Written => format!("wrote {}", f.destination.display()),
                WriteOutcome::Unchanged => format!("unchanged {}", f.destination.display()),
            })
        })
        .collect()
}

/// Files that are missing or differ from what would be generated, one line each.
pub fn stale(files: &[Placed]) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| match std::fs::read(&f.destination) {
            Ok(bytes) if bytes == f.contents.as_bytes() => None,
            Ok(_) => Some(format!("stale: {}", f.destination.display())),
            Err(_) => Some(format!("missing: {}", f.destination.display())),
        })
        .collect()
}
