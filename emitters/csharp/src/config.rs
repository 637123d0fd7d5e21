//! User-facing options of the C# emitter, builder style so that `build.rs` files read as one
//! expression.

use interoptopus_core::model::Model;
use interoptopus_core::naming::ToPascalCase;

/// Options for the generated C# file. Every option has a default derived from the model, so
/// `Config::default()` is a complete configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    file: Option<String>,
    namespace: Option<String>,
    class: Option<String>,
    dll_name: Option<String>,
    rust_names: bool,
    internal: bool,
}

impl Config {
    /// Name of the generated file, relative to the output folder. Default: `<LibName>.cs`.
    pub fn file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self
    }

    /// Namespace of every generated type (dots allowed). Default: PascalCase of the library name.
    pub fn namespace(mut self, ns: impl Into<String>) -> Self {
        self.namespace = Some(ns.into());
        self
    }

    /// The static class that holds functions, constants and statics. Default: `Interop`.
    pub fn class(mut self, c: impl Into<String>) -> Self {
        self.class = Some(c.into());
        self
    }

    /// The library name written into every `DllImport` (no `lib` prefix, no extension: the
    /// runtime adds those per platform). Default: the library target's name.
    pub fn dll_name(mut self, d: impl Into<String>) -> Self {
        self.dll_name = Some(d.into());
        self
    }

    /// Keep Rust names (`my_function`, `Pair_f32`, `p_bool`) instead of .NET conventions
    /// (`MyFunction`, `PairF32`, `PBool`). Symbols are bound by `EntryPoint` either way.
    pub fn rust_names(mut self, keep: bool) -> Self {
        self.rust_names = keep;
        self
    }

    /// `true` (the default) declares the generated types `public`; `false` makes them
    /// `internal`, for libraries that wrap the bindings in their own API.
    pub fn public(mut self, public: bool) -> Self {
        self.internal = !public;
        self
    }

    /// The file name this configuration produces for `model`.
    pub fn file_name(&self, model: &Model) -> String {
        match &self.file {
            Some(f) => f.clone(),
            None => format!("{}.cs", model.lib_name.to_pascal_case()),
        }
    }

    pub(crate) fn namespace_for(&self, model: &Model) -> String {
        self.namespace
            .clone()
            .unwrap_or_else(|| model.lib_name.to_pascal_case())
    }

    pub(crate) fn class_name(&self) -> String {
        self.class.clone().unwrap_or_else(|| "Interop".to_string())
    }

    pub(crate) fn dll_for(&self, model: &Model) -> String {
        self.dll_name
            .clone()
            .unwrap_or_else(|| model.lib_name.clone())
    }

    pub(crate) fn keeps_rust_names(&self) -> bool {
        self.rust_names
    }

    /// The accessibility keyword for top-level declarations.
    pub(crate) fn access(&self) -> &'static str {
        if self.internal {
            "internal"
        } else {
            "public"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_library_name() {
        let model = Model::new("my-lib", "my_lib");
        let c = Config::default();
        assert_eq!(c.file_name(&model), "MyLib.cs");
        assert_eq!(c.namespace_for(&model), "MyLib");
        assert_eq!(c.class_name(), "Interop");
        assert_eq!(c.dll_for(&model), "my_lib");
        assert_eq!(c.access(), "public");
    }

    #[test]
    fn builder_overrides() {
        let model = Model::new("my-lib", "my_lib");
        let c = Config::default()
            .file("X.cs")
            .namespace("A.B")
            .class("Native")
            .dll_name("mylib")
            .rust_names(true)
            .public(false);
        assert_eq!(c.file_name(&model), "X.cs");
        assert_eq!(c.namespace_for(&model), "A.B");
        assert_eq!(c.class_name(), "Native");
        assert_eq!(c.dll_for(&model), "mylib");
        assert!(c.keeps_rust_names());
        assert_eq!(c.access(), "internal");
    }
}
