//! Writes what the run produced: the bindings into `OUT_DIR/bindings` (and the chosen
//! folder), the Rust-side layout checks and support code into `OUT_DIR`, each only when its
//! content changed, so an unchanged API leaves every mtime alone and nothing downstream
//! rebuilds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Builder, Error, Paths};
use crate::diagnostic::Diagnostic;
use crate::write::{write_if_changed, WriteOutcome};

impl Builder {
    /// `outputs` are the emitters' files (paths relative to the bindings folder); `out_dir`
    /// holds the files the crate includes from `OUT_DIR`.
    pub(super) fn write_outputs(
        &self,
        paths: &Paths,
        outputs: &[(PathBuf, String)],
        out_dir_files: &[(&str, String)],
    ) -> Result<Vec<(PathBuf, WriteOutcome)>, Error> {
        let mut files = Vec::new();
        let mut write = |path: PathBuf, text: &str| -> Result<(), Error> {
            let outcome = write_if_changed(&path, text.as_bytes()).map_err(|e| {
                Error::new(
                    vec![Diagnostic::error(format!(
                        "cannot write {}: {e}",
                        path.display()
                    ))],
                    BTreeMap::new(),
                )
            })?;
            files.push((path, outcome));
            Ok(())
        };
        for (name, text) in out_dir_files {
            write(paths.build_out_dir.join(name), text)?;
        }
        let extra_dir = self.out_dir.as_ref().map(|d| {
            if d.is_absolute() {
                d.clone()
            } else {
                paths.manifest_dir.join(d)
            }
        });
        for (path, text) in outputs {
            write(paths.build_out_dir.join("bindings").join(path), text)?;
            if let Some(dir) = &extra_dir {
                write(dir.join(path), text)?;
            }
        }
        Ok(files)
    }
}
