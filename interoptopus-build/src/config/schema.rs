//! The shape of `interoptopus.toml`, one struct per table.
//!
//! Every table denies unknown keys: a misspelt option that is silently ignored is the worst
//! kind of configuration bug, so it is an error pointing at the key. Values that later checks
//! may reject (paths, names) keep their span so those errors can point into the file too.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// The whole file. Top-level keys mirror the [`Builder`](crate::Builder) methods of the same
/// name; `[c]`, `[csharp]` and `[python]` choose a language and configure it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub verify_layout: Option<bool>,
    pub keep_type_aliases: Option<bool>,
    pub out_dir: Option<String>,
    pub json: Option<String>,
    /// Dependency crates whose types the API may use (see `Builder::dependency`).
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Rust paths left out (`crate::module::Item`, or `crate::m::name!` for a macro).
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Rust paths put in although nothing would export them (private constants, types no
    /// exported function reaches).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Per language (`c`, `csharp`, `python`): Rust paths left out of that language only.
    #[serde(default)]
    pub exclude_from: BTreeMap<String, Vec<Spanned<String>>>,
    /// Rust path → exported name, for types and constants; every use follows.
    #[serde(default)]
    pub rename: BTreeMap<Spanned<String>, Spanned<String>>,
    /// cfg predicate → macro: items under the predicate stay in the C header inside
    /// `#if defined(MACRO)` (see `Builder::cfg_guard`).
    #[serde(default)]
    pub cfg_guards: BTreeMap<String, String>,
    /// Module path (`crate`, `crate::a`) → Rust source of items declared there by hand.
    #[serde(default)]
    pub declare: BTreeMap<Spanned<String>, Spanned<String>>,
    pub c: Option<CSection>,
    pub csharp: Option<CSharpSection>,
    pub python: Option<PythonSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CSection {
    pub file: Option<String>,
    pub prefix: Option<String>,
    pub include_guard: Option<String>,
    pub doc_style: Option<Spanned<String>>,
    pub enumerator_style: Option<Spanned<String>>,
    pub type_case: Option<Spanned<String>>,
    pub const_opaque: Option<bool>,
    pub standard: Option<Spanned<String>>,
    pub c89_bool: Option<Spanned<String>>,
    pub deprecated_macro: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CSharpSection {
    pub file: Option<String>,
    pub namespace: Option<String>,
    pub class: Option<String>,
    pub dll_name: Option<String>,
    pub rust_names: Option<bool>,
    pub public: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonSection {
    pub file: Option<String>,
    pub rust_names: Option<bool>,
    pub library_env_var: Option<String>,
}
