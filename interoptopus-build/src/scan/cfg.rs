//! Conditional compilation as the *target* sees it.
//!
//! A build script runs on the host, so `cfg!(...)` inside it describes the host. Cargo hands the
//! build script the target's configuration in `CARGO_CFG_*` and the enabled features in
//! `CARGO_FEATURE_*`; [`CfgContext`] is built from those and answers `#[cfg(...)]` predicates the
//! way rustc would when compiling the library for that target.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{Span, TokenStream};

use super::predicate::{normalize_feature, parse, Predicate, PredicateKind};

use crate::diagnostic::Diagnostic;

/// Names rustc sets only for special compilations (unit tests, rustdoc, Miri). Bindings describe
/// the library as built normally, so these are always false, whatever the environment says.
const NEVER_SET: &[&str] = &["test", "doc", "doctest", "miri"];

/// The configuration of one compilation target plus its enabled features.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CfgContext {
    /// Names set without a value (`unix`, `debug_assertions`).
    flags: BTreeSet<String>,
    /// Names set with values; one name may carry several (`target_feature`).
    values: BTreeMap<String, BTreeSet<String>>,
    /// Enabled features in cargo's normalised spelling (upper case, `-` → `_`), because
    /// `CARGO_FEATURE_*` only ever shows them that way.
    features: BTreeSet<String>,
    /// Predicates kept as preprocessor guards instead of being evaluated (see `guard.rs`).
    pub(super) guards: Vec<super::guard::GuardRule>,
}

impl CfgContext {
    /// From the build-script environment (`CARGO_CFG_*`, `CARGO_FEATURE_*`).
    pub fn from_env() -> Self {
        Self::from_vars(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// From explicit `(name, value)` environment pairs; variables other than `CARGO_CFG_*` and
    /// `CARGO_FEATURE_*` are ignored, so a whole environment can be passed.
    ///
    /// Cargo joins multiple values with `,` and gives flag cfgs an empty value. An empty value is
    /// ambiguous for `target_*` names (`target_env = ""` on macOS, `target_abi = ""` on most
    /// targets), which rustc always reports with a value, so those keep an empty value instead
    /// of becoming flags.
    pub fn from_vars<I: IntoIterator<Item = (String, String)>>(vars: I) -> Self {
        let mut ctx = CfgContext::default();
        for (key, value) in vars {
            if let Some(name) = key.strip_prefix("CARGO_FEATURE_") {
                ctx.features.insert(normalize_feature(name));
            } else if let Some(name) = key.strip_prefix("CARGO_CFG_") {
                let name = name.to_ascii_lowercase();
                if name == "feature" {
                    // Newer cargo also lists features here, in their original spelling.
                    ctx.features.extend(
                        value
                            .split(',')
                            .filter(|v| !v.is_empty())
                            .map(normalize_feature),
                    );
                } else if value.is_empty() && !name.starts_with("target_") {
                    ctx.flags.insert(name);
                } else {
                    ctx.values
                        .entry(name)
                        .or_default()
                        .extend(value.split(',').map(str::to_owned));
                }
            }
        }
        ctx
    }

    /// From the output of `rustc --print cfg [--target …]` (lines `name` or `name="value"`)
    /// plus the enabled features: how tools outside a build script learn the target.
    /// `feature` lines in the output are ignored; `features` decides.
    pub fn from_rustc_print_cfg<'f>(
        output: &str,
        features: impl IntoIterator<Item = &'f str>,
    ) -> Self {
        let mut ctx = CfgContext::default();
        for line in output.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once('=') {
                Some((name, value)) => {
                    let value = value.trim_matches('"');
                    if name != "feature" {
                        ctx.values
                            .entry(name.to_owned())
                            .or_default()
                            .insert(value.to_owned());
                    }
                }
                None => {
                    ctx.flags.insert(line.to_owned());
                }
            }
        }
        ctx.features
            .extend(features.into_iter().map(normalize_feature));
        ctx
    }

    /// `x86_64-unknown-linux-gnu` (as `rustc --print cfg` reports it) with the given features.
    pub fn x86_64_linux(features: &[&str]) -> Self {
        Self::linux_gnu("x86_64", "64", features)
    }

    /// `i686-unknown-linux-gnu` (as `rustc --print cfg` reports it) with the given features.
    pub fn i686_linux(features: &[&str]) -> Self {
        Self::linux_gnu("x86", "32", features)
    }

    fn linux_gnu(arch: &str, pointer_width: &str, features: &[&str]) -> Self {
        let cfg = [
            ("DEBUG_ASSERTIONS", ""),
            ("PANIC", "unwind"),
            ("TARGET_ABI", ""),
            ("TARGET_ARCH", arch),
            ("TARGET_ENDIAN", "little"),
            ("TARGET_ENV", "gnu"),
            ("TARGET_FAMILY", "unix"),
            ("TARGET_FEATURE", "fxsr,sse,sse2"),
            ("TARGET_HAS_ATOMIC", "16,32,64,8,ptr"),
            ("TARGET_OS", "linux"),
            ("TARGET_POINTER_WIDTH", pointer_width),
            ("TARGET_VENDOR", "unknown"),
            ("UNIX", ""),
        ];
        let cfg = cfg
            .iter()
            .map(|(k, v)| (format!("CARGO_CFG_{k}"), (*v).to_owned()));
        let features = features.iter().map(|f| {
            (
                format!("CARGO_FEATURE_{}", normalize_feature(f)),
                "1".to_owned(),
            )
        });
        Self::from_vars(cfg.chain(features))
    }

    /// Adds a cfg: `with_cfg("my_flag", None)` or `with_cfg("backend", Some("libc"))`.
    ///
    /// Needed for cfgs the crate's own build script emits with `cargo:rustc-cfg=...`: cargo
    /// passes those to rustc but not to the build script's `CARGO_CFG_*`, because the build
    /// script is what produces them.
    pub fn with_cfg(mut self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => {
                self.values
                    .entry(name.to_owned())
                    .or_default()
                    .insert(value.to_owned());
            }
            None => {
                self.flags.insert(name.to_owned());
            }
        }
        self
    }

    /// The enabled features in cargo's normalised spelling (`MY_FEAT`), sorted.
    pub fn features(&self) -> impl Iterator<Item = &str> {
        self.features.iter().map(String::as_str)
    }

    /// The same target with another crate's features: a dependency is compiled for the same
    /// target as the crate being built, but with the features cargo enabled on it.
    pub fn with_features<S: AsRef<str>>(&self, features: impl IntoIterator<Item = S>) -> Self {
        CfgContext {
            features: features
                .into_iter()
                .map(|f| normalize_feature(f.as_ref()))
                .collect(),
            ..self.clone()
        }
    }

    /// Whether cargo feature `feature` is enabled (`my-feat` and `my_feat` are the same to cargo).
    pub fn is_enabled(&self, feature: &str) -> bool {
        self.features.contains(&normalize_feature(feature))
    }

    /// Evaluates a cfg predicate: the tokens inside `#[cfg(...)]`.
    pub fn eval(&self, file: &Path, predicate: &TokenStream) -> Result<bool, Diagnostic> {
        self.eval_in(file, predicate, None)
    }

    /// Like [`CfgContext::eval`]; `whole` (the span of the attribute's parentheses) locates
    /// errors about an empty predicate, which has no token of its own to point at.
    pub(crate) fn eval_in(
        &self,
        file: &Path,
        predicate: &TokenStream,
        whole: Option<Span>,
    ) -> Result<bool, Diagnostic> {
        Ok(self.holds(&parse(file, predicate, whole)?))
    }

    /// Whether a predicate holds for this target and these features.
    pub(crate) fn holds(&self, predicate: &Predicate) -> bool {
        match &predicate.kind {
            PredicateKind::Flag(name) => self.flag(name),
            PredicateKind::NameValue(name, value) => self.name_value(name, value),
            PredicateKind::Any(ps) => ps.iter().any(|p| self.holds(p)),
            PredicateKind::All(ps) => ps.iter().all(|p| self.holds(p)),
            PredicateKind::Not(p) => !self.holds(p),
        }
    }

    /// The layout-relevant facts of the target. Any fact missing from the context (only possible
    /// outside a build script) falls back to the host this code was compiled for.
    pub fn target_info(&self) -> interoptopus_core::TargetInfo {
        let value = |name: &str| self.values.get(name).and_then(|v| v.iter().next()).cloned();
        let host_width = if cfg!(target_pointer_width = "32") {
            32
        } else {
            64
        };
        let host_little = cfg!(target_endian = "little");
        interoptopus_core::TargetInfo {
            arch: value("target_arch").unwrap_or_else(|| std::env::consts::ARCH.to_owned()),
            os: value("target_os").unwrap_or_else(|| std::env::consts::OS.to_owned()),
            pointer_width: value("target_pointer_width")
                .and_then(|w| w.parse().ok())
                .unwrap_or(host_width),
            little_endian: value("target_endian").map_or(host_little, |e| e == "little"),
        }
    }

    fn flag(&self, name: &str) -> bool {
        match name {
            "true" => true,
            "false" => false,
            _ if NEVER_SET.contains(&name) => false,
            _ => self.flags.contains(name),
        }
    }

    fn name_value(&self, name: &str, value: &str) -> bool {
        if name == "feature" {
            return self.is_enabled(value);
        }
        !NEVER_SET.contains(&name) && self.values.get(name).is_some_and(|v| v.contains(value))
    }
}
