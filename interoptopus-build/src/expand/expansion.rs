//! One expansion: match an invocation against a macro's rules, transcribe the first that
//! matches, parse the result as items; and the located errors when any of that fails.

use std::path::Path;

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Item, ItemMacro};

use super::definition::{is_unlocated, MacroDef};
use super::matcher::{match_rule, Failure, Input, Outcome};
use super::transcribe;
use crate::diagnostic::{Diagnostic, Location};

/// Expands `m` once with `def` and parses the result as items. Errors are located at the
/// invocation (in `file`).
pub(super) fn expand_once(
    def: &MacroDef,
    m: &ItemMacro,
    file: &Path,
) -> Result<Vec<Item>, Diagnostic> {
    let call_site = call_site(m);
    let tokens = expand_tokens(def, m, file)?;
    parse_items(tokens).map_err(|e| {
        Diagnostic::error(format!(
            "the expansion of `{}!` is not a list of items: {e}",
            def.name
        ))
        .at_span(file, located_or(e.span(), call_site))
    })
}

/// The span body tokens get: the invocation's macro name.
pub(super) fn call_site(m: &ItemMacro) -> Span {
    m.mac
        .path
        .segments
        .last()
        .map_or_else(|| m.mac.bang_token.span, |s| s.ident.span())
}

/// Matches `m` against `def`'s rules in order and transcribes the first rule that matches.
pub(super) fn expand_tokens(
    def: &MacroDef,
    m: &ItemMacro,
    file: &Path,
) -> Result<TokenStream, Diagnostic> {
    let name = &def.name;
    let call_site = call_site(m);
    let rules = def.rules.as_ref().map_err(|e| {
        Diagnostic::error(format!(
            "cannot expand `{name}!`: its definition at {} is not supported: {}",
            where_in(&def.file, e.span),
            e.message
        ))
        .at_span(file, call_site)
    })?;
    let input = Input::new(m.mac.tokens.clone(), m.mac.delimiter.span().close());
    let mut best: Option<Failure> = None;
    for rule in rules {
        match match_rule(&rule.matcher, &input) {
            Outcome::Matched(bindings) => {
                return transcribe::transcribe(&rule.body, &bindings, call_site).map_err(|e| {
                    Diagnostic::error(format!(
                        "cannot expand `{name}!`: {} (macro body at {})",
                        e.message,
                        where_in(&def.file, e.span)
                    ))
                    .at_span(file, call_site)
                });
            }
            Outcome::NoMatch(f) => {
                // Among rules that do not match, the one that got furthest explains it best.
                if best.as_ref().is_none_or(|b| f.pos > b.pos) {
                    best = Some(f);
                }
            }
            Outcome::Error(f) => {
                return Err(
                    Diagnostic::error(format!("cannot expand `{name}!`: {}", f.message))
                        .at_span(file, located_or(f.span, call_site)),
                )
            }
        }
    }
    let (message, span) = best.map_or_else(
        || (String::new(), call_site),
        |f| (format!(": {}", f.message), located_or(f.span, call_site)),
    );
    Err(Diagnostic::error(format!(
        "no rule of macro `{name}!` matches this invocation{message}"
    ))
    .at_span(file, span))
}

fn located_or(span: Span, fallback: Span) -> Span {
    if is_unlocated(span) {
        fallback
    } else {
        span
    }
}

pub(super) fn parse_items(tokens: TokenStream) -> syn::Result<Vec<Item>> {
    let items = |input: ParseStream| {
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse::<Item>()?);
        }
        Ok(items)
    };
    items.parse2(tokens)
}

/// `file:line:col` of a span in the macro's definition, for messages.
fn where_in(file: &Path, span: Span) -> String {
    let loc = Location::from_span(file, span);
    format!("{}:{}:{}", loc.file.display(), loc.line, loc.column)
}

pub(super) fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

/// The name a macro is invoked by (the last segment of its path).
pub(super) fn invoked_name(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.unraw().to_string())
        .unwrap_or_default()
}

/// The `Builder::exclude` entry that leaves `name!` unexpanded in `module`.
pub(super) fn exclusion_key(module: &[String], name: &str) -> String {
    let mut key = String::from("crate");
    for segment in module {
        key.push_str("::");
        key.push_str(segment);
    }
    format!("{key}::{name}!")
}

pub(super) fn escape_hatch(key: &str) -> String {
    format!(
        "declare the items it writes by hand (`[declare]` in interoptopus.toml, or `Builder::declare`) and exclude it: `.exclude(\"{key}\")` (or `exclude = [\"{key}\"]`) leaves this invocation unexpanded"
    )
}
