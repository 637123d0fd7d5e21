//! Options of the C emitter, builder-style so that `build.rs` files read as one chain.

use interoptopus_core::Model;

/// Comment syntax used for docs and for the header's own remarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DocStyle {
    /// `// text` — the common style since C99.
    #[default]
    Line,
    /// `/* text */` only, so the header stays valid for C89 compilers.
    Block,
}

/// How enumerators (and the tag constants of data-carrying enums) are spelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EnumeratorStyle {
    /// `COLOR_DARK_RED`: SCREAMING_SNAKE of enum and variant, so two enums with one variant
    /// name cannot clash in C's single scope.
    #[default]
    Prefixed,
    /// `DARK_RED`: SCREAMING_SNAKE of the variant only.
    Variant,
    /// The variant's name as written in Rust, for crates that already spell variants the way
    /// their C API names them (`BROTLI_MODE_GENERIC`).
    AsWritten,
}

/// How the header is named and spelled.
///
/// ```
/// use interoptopus_c::{Config, DocStyle};
/// let config = Config::default().file("hello.h").prefix("hw_").doc_style(DocStyle::Block);
/// # let _ = config;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub(crate) file: Option<String>,
    pub(crate) prefix: String,
    pub(crate) doc_style: DocStyle,
    pub(crate) include_guard: Option<String>,
    pub(crate) enumerator_style: EnumeratorStyle,
    pub(crate) const_opaque: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            prefix: String::new(),
            doc_style: DocStyle::default(),
            include_guard: None,
            enumerator_style: EnumeratorStyle::default(),
            const_opaque: true,
        }
    }
}

impl Config {
    /// Name of the header, relative to the output folder. Default: `<lib_name>.h`.
    pub fn file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self
    }

    /// Prepended to every name that exists only in C: type names (and the generated `_Tag`
    /// types), enumerators and constants. Default: none.
    ///
    /// Functions and statics are *not* prefixed: their C name is the linker symbol the Rust
    /// library exports, and a different name would not link. Rename those on the Rust side.
    pub fn prefix(mut self, p: impl Into<String>) -> Self {
        self.prefix = p.into();
        self
    }

    /// Comment syntax for docs. Default: [`DocStyle::Line`].
    pub fn doc_style(mut self, s: DocStyle) -> Self {
        self.doc_style = s;
        self
    }

    /// How enumerators are spelled. Default: [`EnumeratorStyle::Prefixed`]. The prefix of
    /// [`Config::prefix`] comes first in every style.
    pub fn enumerator_style(mut self, s: EnumeratorStyle) -> Self {
        self.enumerator_style = s;
        self
    }

    /// `false` drops `const` from pointers to opaque types (`*const Regex` → `rure *`).
    /// Default: `true` (`const rure *`).
    ///
    /// Many C APIs hand out handles as plain `T *` whatever the Rust side says, and their C
    /// callers store them in non-const variables (`rure *re = rure_compile(...)`), which a
    /// `const` return would turn into a warning. Nothing about an opaque type is visible to
    /// C, so the `const` carries no layout information; the choice is only about API style.
    pub fn const_opaque(mut self, keep: bool) -> Self {
        self.const_opaque = keep;
        self
    }

    /// The include guard macro. Default: derived from the file name (`my_lib.h` → `MY_LIB_H`).
    pub fn include_guard(mut self, g: impl Into<String>) -> Self {
        self.include_guard = Some(g.into());
        self
    }

    /// The header's file name for `model`.
    pub fn file_name(&self, model: &Model) -> String {
        match &self.file {
            Some(f) => f.clone(),
            None => format!("{}.h", model.lib_name),
        }
    }

    /// The include guard macro for `model`: the configured one, or the file name upper-cased
    /// with every other character turned into `_` (a leading digit gets an `H_` in front).
    pub fn include_guard_name(&self, model: &Model) -> String {
        if let Some(g) = &self.include_guard {
            return g.clone();
        }
        let file = self.file_name(model);
        let base = file.rsplit(['/', '\\']).next().unwrap_or(&file);
        let mut guard: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        if guard.is_empty() || guard.starts_with(|c: char| c.is_ascii_digit() || c == '_') {
            guard.insert_str(0, "H_");
        }
        guard
    }

    /// The configured prefix.
    pub fn prefix_str(&self) -> &str {
        &self.prefix
    }

    /// The configured doc style.
    pub fn doc_style_value(&self) -> DocStyle {
        self.doc_style
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_lib_name() {
        let model = Model::new("my-lib", "my_lib");
        let c = Config::default();
        assert_eq!(c.file_name(&model), "my_lib.h");
        assert_eq!(c.include_guard_name(&model), "MY_LIB_H");
        let c = c.file("include/3d-math.h");
        assert_eq!(c.include_guard_name(&model), "H_3D_MATH_H");
        assert_eq!(c.include_guard("G").include_guard_name(&model), "G");
    }
}
