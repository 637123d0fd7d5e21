//! `paste! { … }` (the `paste` crate) at item position: identifiers pasted together from
//! `[< … >]` groups.
//!
//! `paste` is a proc macro, so it cannot run here; but what it does at item position is small
//! and well defined, and crate-local `macro_rules!` often wrap their whole output in it to
//! build function names (`[<gitoid_ $hash _ $object _new>]`). Understood here: identifier,
//! literal, lifetime and `_` segments, fragments the transcriber wrapped in invisible groups,
//! and the case modifiers `:lower`, `:upper`, `:snake`, `:camel`. `#[doc = …]` concatenation
//! is not needed for exports and is left as written.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

use crate::diagnostic::Diagnostic;

/// Whether a macro path names `paste!` (`paste`, `paste::paste`, `::paste::paste`,
/// `paste::item`).
pub(super) fn is_paste(path: &syn::Path) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    matches!(
        segments
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["paste"] | ["paste", "paste"] | ["paste", "item"]
    )
}

/// The input with every `[< … >]` group replaced by the identifier it pastes.
pub(super) fn paste(tokens: TokenStream) -> Result<TokenStream, (String, Span)> {
    let mut out = TokenStream::new();
    for tree in tokens {
        match tree {
            TokenTree::Group(g) => {
                if let Some(inner) = paste_group(&g) {
                    out.extend([TokenTree::Ident(inner?)]);
                } else {
                    let mut pasted = Group::new(g.delimiter(), paste(g.stream())?);
                    pasted.set_span(g.span());
                    out.extend([TokenTree::Group(pasted)]);
                }
            }
            other => out.extend([other]),
        }
    }
    Ok(out)
}

/// `Some` when `g` is `[< … >]`.
fn paste_group(g: &Group) -> Option<Result<Ident, (String, Span)>> {
    if g.delimiter() != Delimiter::Bracket {
        return None;
    }
    let trees: Vec<TokenTree> = g.stream().into_iter().collect();
    let is_angle =
        |t: Option<&TokenTree>, c| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c);
    if trees.len() < 2 || !is_angle(trees.first(), '<') || !is_angle(trees.last(), '>') {
        return None;
    }
    Some(concatenate(&trees[1..trees.len() - 1], g.span()))
}

fn concatenate(trees: &[TokenTree], span: Span) -> Result<Ident, (String, Span)> {
    let mut flat = Vec::new();
    flatten(trees, &mut flat);
    let mut text = String::new();
    let mut first_span = None;
    let mut i = 0;
    while i < flat.len() {
        let (mut piece, piece_span) = match &flat[i] {
            TokenTree::Ident(id) => {
                let s = id.to_string();
                (
                    s.strip_prefix("r#").map(str::to_string).unwrap_or(s),
                    id.span(),
                )
            }
            TokenTree::Literal(lit) => (literal_text(&lit.to_string()), lit.span()),
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                // A lifetime: `'a` pastes as `a`, as `paste` does.
                i += 1;
                continue;
            }
            other => {
                return Err((
                    format!("`paste!` cannot paste `{other}` into an identifier"),
                    other.span(),
                ))
            }
        };
        first_span.get_or_insert(piece_span);
        // `segment:modifier`
        if let (Some(TokenTree::Punct(colon)), Some(TokenTree::Ident(modifier))) =
            (flat.get(i + 1), flat.get(i + 2))
        {
            if colon.as_char() == ':' {
                piece = apply_modifier(&piece, &modifier.to_string()).ok_or_else(|| {
                    (
                        format!("unknown `paste!` modifier `:{modifier}`"),
                        modifier.span(),
                    )
                })?;
                i += 2;
            }
        }
        text.push_str(&piece);
        i += 1;
    }
    let valid = text
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !valid {
        return Err((
            format!("`paste!` would make `{text}`, which is not an identifier"),
            span,
        ));
    }
    Ok(Ident::new(&text, first_span.unwrap_or(span)))
}

/// Fragments arrive wrapped in invisible groups (`$t:ty` → `⟦Sha1⟧`); paste sees their tokens.
fn flatten(trees: &[TokenTree], out: &mut Vec<TokenTree>) {
    for t in trees {
        match t {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                flatten(&inner, out);
            }
            other => out.push(other.clone()),
        }
    }
}

/// `"abc"` → `abc`, `7u8` → `7u8` (as written): what `paste` puts in for a literal.
fn literal_text(lit: &str) -> String {
    lit.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .map_or_else(|| lit.to_string(), str::to_string)
}

fn apply_modifier(piece: &str, modifier: &str) -> Option<String> {
    use interoptopus_core::naming::{ToPascalCase, ToSnakeCase};
    Some(match modifier {
        "lower" => piece.to_lowercase(),
        "upper" => piece.to_uppercase(),
        "snake" => piece.to_snake_case(),
        "camel" => piece.to_pascal_case(),
        _ => return None,
    })
}

/// A located error for a failed paste.
pub(super) fn error(
    file: &std::path::Path,
    (message, span): (String, Span),
    fallback: Span,
) -> Diagnostic {
    let span = if super::definition::is_unlocated(span) {
        fallback
    } else {
        span
    };
    Diagnostic::error(message).at_span(file, span)
}
