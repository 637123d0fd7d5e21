//! User-facing options of the Python emitter.

use interoptopus_core::model::Model;

/// Options of the Python emitter, builder style.
///
/// Everything has a default so that `Config::default()` produces a usable module named after
/// the library (`<lib_name>.py`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    file: Option<String>,
    rust_names: bool,
    library_env_var: Option<String>,
}

impl Config {
    /// Name of the generated module file (default `<lib_name>.py`). The module name Python
    /// sees is this file's stem.
    pub fn file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self
    }

    /// Keep the Rust spelling of every name instead of converting to PEP 8 (keywords and
    /// builtins are still escaped with a trailing underscore).
    pub fn rust_names(mut self, keep: bool) -> Self {
        self.rust_names = keep;
        self
    }

    /// Environment variable holding the path of the shared library
    /// (default `<LIB_NAME>_LIBRARY`).
    pub fn library_env_var(mut self, v: impl Into<String>) -> Self {
        self.library_env_var = Some(v.into());
        self
    }

    /// The file the emitter writes for `model`.
    pub fn file_name(&self, model: &Model) -> String {
        match &self.file {
            Some(f) => f.clone(),
            None => format!("{}.py", model.lib_name),
        }
    }

    pub(crate) fn keeps_rust_names(&self) -> bool {
        self.rust_names
    }

    pub(crate) fn env_var(&self, model: &Model) -> String {
        match &self.library_env_var {
            Some(v) => v.clone(),
            None => format!(
                "{}_LIBRARY",
                model.lib_name.to_uppercase().replace('-', "_")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_library_name() {
        let m = Model::new("my-lib", "my_lib");
        let c = Config::default();
        assert_eq!(c.file_name(&m), "my_lib.py");
        assert_eq!(c.env_var(&m), "MY_LIB_LIBRARY");
        assert!(!c.keeps_rust_names());
        let c = c.file("x.py").library_env_var("X_PATH").rust_names(true);
        assert_eq!(c.file_name(&m), "x.py");
        assert_eq!(c.env_var(&m), "X_PATH");
        assert!(c.keeps_rust_names());
    }
}
