//! Items declared by hand in the configuration (`[declare]`): the escape hatch for exports
//! the scanner cannot see, such as those written by a macro that cannot be expanded.
//!
//! Each declaration becomes a module of its own, `<module>::<declared>`, holding
//! `use super::*;` and the declared items, so paths inside resolve as if the items were written
//! in `<module>`. The name cannot clash with a real module, and it shows in diagnostics and
//! Rust paths where an item came from. The text is parsed at its position in the configuration
//! file, so errors point at the right line and column there.

use std::path::PathBuf;

use super::{strip_item, CfgContext, ScannedCrate, ScannedModule};
use crate::diagnostic::{Diagnostic, Location};

/// The name of the module holding declared items.
pub const DECLARED_MODULE: &str = "<declared>";

/// Rust source for items of one module, written outside the crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// `crate` or `crate::a::b`: where the items are declared as if written.
    pub module: String,
    /// Items as Rust source (functions with an empty body `{}`).
    pub source: String,
    /// Where the module path was written (for errors about it).
    pub key: Option<Location>,
    /// Where `source` starts (line and column of its first character).
    pub at: Option<Location>,
}

/// Adds every declaration's module to the crate.
pub fn add_declarations(
    krate: &mut ScannedCrate,
    declarations: &[Declaration],
    cfg: &CfgContext,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for d in declarations {
        let Some(target) = module_path(&d.module) else {
            errors.push(located(
                Diagnostic::error(format!("`{}` is not a module path", d.module))
                    .hint("write `crate` or `crate::module::path`"),
                &d.key,
            ));
            continue;
        };
        if !krate.modules.iter().any(|m| m.path == target) {
            errors.push(located(
                Diagnostic::error(format!("this crate has no module `{}`", d.module)),
                &d.key,
            ));
            continue;
        }
        let (file, line, column) = match &d.at {
            Some(l) => (l.file.clone(), l.line, l.column),
            None => (PathBuf::from("<Builder::declare>"), 1, 1),
        };
        // Padding puts every token at its line and column in the configuration file.
        let padded = format!(
            "{}{}{}",
            "\n".repeat(line.saturating_sub(1) as usize),
            " ".repeat(column.saturating_sub(1) as usize),
            d.source
        );
        let parsed = match syn::parse_file(&padded) {
            Ok(f) => f,
            Err(e) => {
                errors.push(
                    Diagnostic::error(format!("declared items do not parse: {e}"))
                        .at_span(&file, e.span())
                        .hint("write items as in a Rust file; functions need a body, `{}` will do"),
                );
                continue;
            }
        };
        let mut items: Vec<syn::Item> = vec![syn::parse_quote!(
            use super::*;
        )];
        for mut item in parsed.items {
            if strip_item(cfg, &file, &mut item, &mut errors) {
                items.push(item);
            }
        }
        let mut path = target;
        path.push(DECLARED_MODULE.to_string());
        krate.modules.push(ScannedModule {
            path,
            file,
            inner_attrs: Vec::new(),
            items,
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn module_path(module: &str) -> Option<Vec<String>> {
    let mut segments = module.split("::").map(str::trim);
    if segments.next()? != "crate" {
        return None;
    }
    let rest: Vec<String> = segments.map(str::to_string).collect();
    rest.iter()
        .all(|s| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then_some(rest)
}

fn located(d: Diagnostic, at: &Option<Location>) -> Diagnostic {
    match at {
        Some(l) => d.at(l.clone()),
        None => d,
    }
}
