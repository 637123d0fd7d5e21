//! Attribute values written as macro calls: `#[export_name = prefix!(deflateInit_)]`.
//!
//! Crates that let users prefix their symbols pick the symbol with a crate-local macro chosen
//! by cfg (`stringify!($name)`, or `concat!("PREFIX_", stringify!($name))`). rustc evaluates
//! the call; here the crate's macro is expanded with the same interpreter as item macros and
//! `stringify!`/`concat!` are evaluated, so the attribute becomes the literal rustc sees. An
//! attribute that cannot be evaluated is an error: the function would otherwise go missing.

use std::path::Path;

use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Item, ItemMacro, Lit, Macro};

use super::expansion::{expand_tokens, invoked_name};
use super::registry::{Registry, Resolved, Scope};
use crate::diagnostic::Diagnostic;

/// Attributes whose value is a symbol name.
const SYMBOL_ATTRS: &[&str] = &["export_name", "link_name"];

/// Rewrites `export_name = m!(…)` on a function or static into a string literal.
pub(super) fn evaluate(
    item: &mut Item,
    module: &[String],
    file: &Path,
    registry: &Registry,
    scope: &Scope,
) -> Result<(), Diagnostic> {
    let attrs = match item {
        Item::Fn(f) => &mut f.attrs,
        Item::Static(s) => &mut s.attrs,
        _ => return Ok(()),
    };
    for attr in attrs {
        let syn::Meta::NameValue(nv) = &mut attr.meta else {
            continue;
        };
        if !SYMBOL_ATTRS.iter().any(|n| nv.path.is_ident(n)) {
            continue;
        }
        let Expr::Macro(m) = &nv.value else {
            continue;
        };
        let span = m.mac.path.span();
        let text = string_of(&m.mac, module, file, registry, scope, 0)?;
        nv.value = Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit: Lit::Str(syn::LitStr::new(&text, span)),
        });
    }
    Ok(())
}

fn string_of(
    mac: &Macro,
    module: &[String],
    file: &Path,
    registry: &Registry,
    scope: &Scope,
    depth: usize,
) -> Result<String, Diagnostic> {
    let span = mac.path.span();
    let fail = |message: String| {
        Diagnostic::error(message).at_span(file, span).hint(
            "declare the item by hand (`[declare]` in interoptopus.toml) with a literal `export_name`, and exclude this one",
        )
    };
    if depth > super::RECURSION_LIMIT {
        return Err(fail(
            "recursion limit reached evaluating an attribute value".into(),
        ));
    }
    match registry.resolve(module, &mac.path, scope) {
        Resolved::Local(def) => {
            let call = ItemMacro {
                attrs: Vec::new(),
                ident: None,
                mac: mac.clone(),
                semi_token: None,
            };
            let tokens = expand_tokens(&def, &call, file)?;
            let expr: Expr = syn::parse2(tokens).map_err(|e| {
                fail(format!(
                    "the expansion of `{}!` is not an expression: {e}",
                    def.name
                ))
            })?;
            string_of_expr(&expr, module, file, registry, scope, depth + 1)
                .map_err(|d| d.at_span(file, span))
        }
        Resolved::Foreign | Resolved::Unreachable => match invoked_name(&mac.path).as_str() {
            "stringify" => Ok(stringify(&mac.tokens)),
            "concat" => {
                let parts = mac
                    .parse_body_with(
                        syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                    )
                    .map_err(|e| fail(format!("`concat!` arguments: {e}")))?;
                let mut out = String::new();
                for part in &parts {
                    out.push_str(&string_of_expr(part, module, file, registry, scope, depth + 1)?);
                }
                Ok(out)
            }
            other => Err(fail(format!(
                "cannot evaluate `{other}!` in an attribute value (understood: this crate's macros, `stringify!`, `concat!`)"
            ))),
        },
    }
}

fn string_of_expr(
    expr: &Expr,
    module: &[String],
    file: &Path,
    registry: &Registry,
    scope: &Scope,
    depth: usize,
) -> Result<String, Diagnostic> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => {
            match lit {
                Lit::Str(s) => Ok(s.value()),
                Lit::Int(i) => Ok(i.base10_digits().to_string()),
                Lit::Bool(b) => Ok(b.value.to_string()),
                Lit::Char(c) => Ok(c.value().to_string()),
                other => Err(Diagnostic::error("cannot turn this literal into text")
                    .at_span(file, other.span())),
            }
        }
        Expr::Macro(m) => string_of(&m.mac, module, file, registry, scope, depth),
        Expr::Group(g) => string_of_expr(&g.expr, module, file, registry, scope, depth),
        other => Err(Diagnostic::error(
            "an attribute value must evaluate to a string literal".to_string(),
        )
        .at_span(file, other.span())),
    }
}

/// `stringify!` of the tokens as rustc prints them for the simple cases symbol names use (one
/// identifier, or a path).
fn stringify(tokens: &proc_macro2::TokenStream) -> String {
    let mut out = String::new();
    for t in tokens.clone() {
        match t {
            proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::None => {
                out.push_str(&stringify(&g.stream()));
            }
            other => out.push_str(&other.to_string()),
        }
    }
    out
}
