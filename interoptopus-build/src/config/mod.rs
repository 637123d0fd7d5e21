//! `interoptopus.toml`: every [`Builder`](crate::Builder) option, in a file next to
//! `Cargo.toml`, read by the build-script API and the CLI alike.
//!
//! The file is optional. When it exists it is the base and what `build.rs` sets in code goes on
//! top: a language configured in code replaces that language's table, lists are joined, and
//! single values set in code win. Errors (TOML syntax, unknown keys, bad values) point at the
//! place in the file.

mod merge;
mod schema;
mod to_emitters;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::lower::NameRule;
use crate::scan::Declaration;

pub use schema::ConfigFile;

/// The file name looked for next to `Cargo.toml`.
pub const FILE_NAME: &str = "interoptopus.toml";

/// A configuration file, read and checked, in the form the builder uses.
#[derive(Debug, Default)]
pub struct Settings {
    pub verify_layout: Option<bool>,
    pub keep_type_aliases: Option<bool>,
    pub out_dir: Option<PathBuf>,
    pub json: Option<String>,
    pub dependencies: Vec<String>,
    pub exclude: Vec<String>,
    pub include: Vec<NameRule>,
    pub exclude_from: Vec<(String, String)>,
    pub renames: Vec<NameRule>,
    pub declarations: Vec<Declaration>,
    pub cfg_guards: Vec<(String, String)>,
    pub c: Option<interoptopus_c::Config>,
    #[cfg(feature = "csharp")]
    pub csharp: Option<interoptopus_csharp::Config>,
    #[cfg(feature = "python")]
    pub python: Option<interoptopus_python::Config>,
}

/// The text of the file at `path`, or `None` when there is no such file.
pub fn read(path: &Path) -> Result<Option<String>, Diagnostic> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Parses the text of a configuration file that lives at `path` (relative paths in it are
/// taken from its folder).
pub fn parse(path: &Path, text: &str) -> Result<Settings, Vec<Diagnostic>> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error(format!("{}: {}", path.display(), e.message().trim_end()));
        if let Some(span) = e.span() {
            d = d.at(location(path, text, span));
        }
        vec![d.hint(format!(
            "the keys `{}` understands are listed in the README, section `interoptopus.toml`",
            FILE_NAME
        ))]
    })?;
    let at = |span: Range<usize>| location(path, text, span);
    let base = path.parent().unwrap_or(Path::new(""));
    let mut errors = Vec::new();
    let mut settings = Settings {
        verify_layout: file.verify_layout,
        keep_type_aliases: file.keep_type_aliases,
        out_dir: file.out_dir.map(|d| base.join(d)),
        json: file.json,
        dependencies: file.dependencies,
        exclude: file.exclude.into_iter().map(|s| s.into_inner()).collect(),
        include: file
            .include
            .into_iter()
            .map(|s| NameRule {
                rust_path: s.get_ref().clone(),
                name: String::new(),
                origin: Some(at(s.span())),
            })
            .collect(),
        exclude_from: file
            .exclude_from
            .into_iter()
            .flat_map(|(lang, paths)| {
                paths
                    .into_iter()
                    .map(move |p| (lang.clone(), p.into_inner()))
            })
            .collect(),
        renames: file
            .rename
            .into_iter()
            .map(|(from, to)| NameRule {
                rust_path: from.get_ref().clone(),
                name: to.get_ref().clone(),
                origin: Some(at(from.span())),
            })
            .collect(),
        cfg_guards: file.cfg_guards.into_iter().collect(),
        declarations: file
            .declare
            .into_iter()
            .map(|(module, source)| Declaration {
                module: module.get_ref().clone(),
                key: Some(at(module.span())),
                at: Some(at(string_start(text, source.span()))),
                source: source.into_inner(),
            })
            .collect(),
        ..Settings::default()
    };
    if let Some(c) = file.c {
        settings.c = to_emitters::c(c, &at, &mut errors);
    }
    #[cfg(feature = "csharp")]
    if let Some(cs) = file.csharp {
        settings.csharp = Some(to_emitters::csharp(cs));
    }
    #[cfg(not(feature = "csharp"))]
    if file.csharp.is_some() {
        errors.push(Diagnostic::error(format!(
            "{}: `[csharp]` is set but interoptopus-build was built without its `csharp` feature",
            path.display()
        )));
    }
    #[cfg(feature = "python")]
    if let Some(py) = file.python {
        settings.python = Some(to_emitters::python(py));
    }
    #[cfg(not(feature = "python"))]
    if file.python.is_some() {
        errors.push(Diagnostic::error(format!(
            "{}: `[python]` is set but interoptopus-build was built without its `python` feature",
            path.display()
        )));
    }
    for rule in &settings.renames {
        if !is_rust_path(&rule.rust_path) {
            errors.push(bad_path(rule));
        }
    }
    for rule in &settings.include {
        if !is_rust_path(&rule.rust_path) {
            errors.push(bad_path(rule));
        }
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

/// Where the content of a TOML string starts: after its quotes, and after the line break that
/// TOML drops right behind `'''`/`"""`.
fn string_start(text: &str, span: Range<usize>) -> Range<usize> {
    let rest = text.get(span.start..).unwrap_or("");
    let skip = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        let after = &rest[3..];
        3 + if after.starts_with("\r\n") {
            2
        } else {
            usize::from(after.starts_with('\n'))
        }
    } else {
        1
    };
    let start = span.start + skip;
    start..start + 1
}

fn is_rust_path(p: &str) -> bool {
    p.starts_with("crate::") && p.split("::").all(|seg| !seg.is_empty())
}

fn bad_path(rule: &NameRule) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "`{}` is not a Rust path of this crate",
        rule.rust_path
    ));
    if let Some(o) = &rule.origin {
        d = d.at(o.clone());
    }
    d.hint("write the path from the crate root, e.g. `crate::module::Item`")
}

/// The 1-based line and column of a byte range in `text`.
fn location(path: &Path, text: &str, span: Range<usize>) -> Location {
    let start = span.start.min(text.len());
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    let end = span.end.clamp(start, text.len());
    let same_line = text.get(start..end).unwrap_or("");
    let len = same_line
        .lines()
        .next()
        .map_or(1, |l| l.chars().count().max(1)) as u32;
    Location {
        file: path.to_path_buf(),
        line,
        column,
        len,
    }
}

#[cfg(test)]
mod tests;
