//! Options of the C emitter, builder-style so that `build.rs` files read as one chain.

use interoptopus_core::naming::ToShoutySnakeCase;
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

/// The C language standard the header is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CStandard {
    /// ANSI C / C90: block comments only, no `bool` unless asked for ([`C89Bool`]), 64-bit
    /// constants spelled from 32-bit halves (a `long long` literal is not C89), `HUGE_VAL`
    /// instead of C99's `NAN`/`INFINITY`. Checked with `-std=c89 -pedantic -Werror`. The
    /// header still includes `<stdint.h>` for the exact-width types (GCC, Clang and MSVC ship
    /// it in every mode), and its 64-bit constants are casts, so they cannot be used in `#if`.
    C89,
    /// C99 and later (the default); also valid C++.
    #[default]
    C99,
}

/// How Rust's `bool` is spelled in a [`CStandard::C89`] header (C89 has no `bool`).
///
/// Rust's `bool` is one byte, aligned to one, holding 0 or 1; every C ABI we target passes
/// and returns a one-byte integer the same way whether it is `_Bool` or `unsigned char` (in
/// the low byte of a register, or one byte of memory), and lays it out the same in structs.
/// So `unsigned char` is ABI-identical; what C no longer enforces is the value: a C caller
/// must store only 0 or 1, because any other byte is undefined behaviour in Rust.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum C89Bool {
    /// `typedef unsigned char <prefix>bool;` (or `<lib_name>_bool` without a prefix), used
    /// wherever Rust has `bool`. The default.
    #[default]
    UnsignedChar,
    /// `<stdbool.h>` and `bool` as in C99, for C89 compilers that provide them (GCC does;
    /// Clang reports `_Bool` under `-pedantic`).
    Stdbool,
}

/// How type names (structs, enums, unions, opaque types, typedefs) are spelled, before the
/// prefix. Rust's `PascalCase` types often meet C APIs written in `snake_case`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TypeCase {
    /// The model's name (`Regex`, `Pair_f32`). The default.
    #[default]
    AsWritten,
    /// `regex_set`, `pair_f32`.
    Snake,
    /// `RegexSet`, `PairF32`.
    Pascal,
}

impl TypeCase {
    pub(crate) fn apply(self, name: &str) -> String {
        use interoptopus_core::naming::{ToPascalCase, ToSnakeCase};
        match self {
            TypeCase::AsWritten => name.to_string(),
            TypeCase::Snake => name.to_snake_case(),
            TypeCase::Pascal => name.to_pascal_case(),
        }
    }
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
    pub(crate) type_case: TypeCase,
    pub(crate) const_opaque: bool,
    pub(crate) standard: CStandard,
    pub(crate) c89_bool: C89Bool,
    pub(crate) deprecated_macro: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            prefix: String::new(),
            doc_style: DocStyle::default(),
            include_guard: None,
            enumerator_style: EnumeratorStyle::default(),
            type_case: TypeCase::default(),
            const_opaque: true,
            standard: CStandard::default(),
            c89_bool: C89Bool::default(),
            deprecated_macro: None,
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

    /// The C standard to write for. Default: [`CStandard::C99`]. [`CStandard::C89`] implies
    /// [`DocStyle::Block`].
    pub fn standard(mut self, standard: CStandard) -> Self {
        self.standard = standard;
        self
    }

    /// How `bool` is spelled under [`CStandard::C89`]. Default: [`C89Bool::UnsignedChar`].
    pub fn c89_bool(mut self, spelling: C89Bool) -> Self {
        self.c89_bool = spelling;
        self
    }

    /// The function-like macro that marks `#[deprecated]` items (`NAME("note")` before the
    /// declaration). The header defines it under `#ifndef`, so a project can define its own
    /// first (for instance as nothing, to silence the warnings). Default: the prefix without
    /// its trailing `_`, or the library name, upper-cased, then `_DEPRECATED`
    /// (`MY_LIB_DEPRECATED`).
    pub fn deprecated_macro(mut self, name: impl Into<String>) -> Self {
        self.deprecated_macro = Some(name.into());
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

    /// How type names are spelled (before [`Config::prefix`]). Default: [`TypeCase::AsWritten`].
    /// With a prefix this gives C-style names without renaming each type:
    /// `.prefix("rure_").type_case(TypeCase::Snake)` turns `Options` into `rure_options`.
    pub fn type_case(mut self, c: TypeCase) -> Self {
        self.type_case = c;
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

    /// The doc style the header uses: the configured one, or [`DocStyle::Block`] for C89.
    pub fn doc_style_value(&self) -> DocStyle {
        match self.standard {
            CStandard::C89 => DocStyle::Block,
            CStandard::C99 => self.doc_style,
        }
    }

    /// The configured standard.
    pub fn standard_value(&self) -> CStandard {
        self.standard
    }

    /// The name of the `bool` typedef the header declares, when it declares one (C89 with
    /// [`C89Bool::UnsignedChar`]).
    pub fn bool_typedef_name(&self, model: &Model) -> Option<String> {
        if self.standard != CStandard::C89 || self.c89_bool != C89Bool::UnsignedChar {
            return None;
        }
        Some(if self.prefix.is_empty() {
            format!("{}_bool", model.lib_name)
        } else {
            format!("{}bool", self.prefix)
        })
    }

    /// The deprecation macro's name for `model` (see [`Config::deprecated_macro`]).
    pub fn deprecated_macro_name(&self, model: &Model) -> String {
        if let Some(name) = &self.deprecated_macro {
            return name.clone();
        }
        let base = self.prefix.trim_end_matches('_');
        let base = if base.is_empty() {
            model.lib_name.as_str()
        } else {
            base
        };
        format!("{}_DEPRECATED", base.to_shouty_snake_case())
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

    #[test]
    fn c89_names_follow_prefix_or_lib_name() {
        let model = Model::new("my-lib", "my_lib");
        let c = Config::default();
        assert_eq!(c.bool_typedef_name(&model), None);
        assert_eq!(c.deprecated_macro_name(&model), "MY_LIB_DEPRECATED");
        let c = c.standard(CStandard::C89);
        assert_eq!(c.doc_style_value(), DocStyle::Block);
        assert_eq!(c.bool_typedef_name(&model).as_deref(), Some("my_lib_bool"));
        let c = c.prefix("ml_");
        assert_eq!(c.bool_typedef_name(&model).as_deref(), Some("ml_bool"));
        assert_eq!(c.deprecated_macro_name(&model), "ML_DEPRECATED");
        assert_eq!(
            c.clone()
                .c89_bool(C89Bool::Stdbool)
                .bool_typedef_name(&model),
            None
        );
        assert_eq!(
            c.deprecated_macro("X_OLD").deprecated_macro_name(&model),
            "X_OLD"
        );
    }
}
