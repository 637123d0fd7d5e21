//! A cfg predicate read into a tree, and its normal form.
//!
//! Evaluating (`cfg.rs`) and guarding (`guard.rs`) both start from the tree, so a predicate is
//! read — and a malformed one reported — in one place. The normal form lets a configured guard
//! predicate be compared with the one an item is written with by structure rather than by
//! text: `all(unix, feature = "a")` is `all(feature="a",unix)`.

use std::path::Path;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use crate::diagnostic::Diagnostic;

/// A predicate with the span of its first token (its name or operator), for messages.
#[derive(Clone, Debug)]
pub(crate) struct Predicate {
    pub kind: PredicateKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) enum PredicateKind {
    /// `unix`, `test`, `true`.
    Flag(String),
    /// `feature = "a"`, `target_os = "linux"`.
    NameValue(String, String),
    Any(Vec<Predicate>),
    All(Vec<Predicate>),
    Not(Box<Predicate>),
}

/// A predicate without spans, normalised: the operands of `any`/`all` flattened, sorted and
/// deduplicated, one-operand `any`/`all` and double `not` removed, feature names in cargo's
/// spelling (`my-feat` and `MY_FEAT` are one feature to cargo's environment, as in
/// [`super::CfgContext`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum NormalPredicate {
    Flag(String),
    NameValue(String, String),
    Any(Vec<NormalPredicate>),
    All(Vec<NormalPredicate>),
    Not(Box<NormalPredicate>),
}

/// Reads the tokens inside `#[cfg(...)]`. `whole` (the span of the attribute's parentheses)
/// locates errors about an empty predicate, which has no token of its own to point at.
pub(crate) fn parse(
    file: &Path,
    tokens: &TokenStream,
    whole: Option<Span>,
) -> Result<Predicate, Diagnostic> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let list = split_commas(&tokens);
    match list.as_slice() {
        [one] => parse_one(file, one),
        [] => Err(
            located(Diagnostic::error("empty cfg predicate"), file, whole)
                .hint("write a predicate such as `cfg(feature = \"name\")` or `cfg(unix)`"),
        ),
        [_, second, ..] => Err(Diagnostic::error("cfg takes exactly one predicate")
            .at_span(file, second[0].span())
            .hint("combine predicates with `all(..)` or `any(..)`")),
    }
}

/// Reads a predicate written as text (a configured guard). The error is the message and hint,
/// not located (the text is not in a source file).
pub(crate) fn parse_text(text: &str) -> Result<Predicate, Diagnostic> {
    let tokens: TokenStream = text.parse().map_err(|_| {
        Diagnostic::error("unbalanced delimiter or invalid token")
            .hint("write a predicate as inside `#[cfg(...)]`, e.g. `feature = \"serde\"`")
    })?;
    parse(Path::new(""), &tokens, None).map_err(|d| Diagnostic {
        location: None,
        ..d
    })
}

/// One predicate, given as the tokens between two top-level commas.
fn parse_one(file: &Path, tokens: &[TokenTree]) -> Result<Predicate, Diagnostic> {
    match tokens {
        [TokenTree::Ident(name)] => Ok(Predicate {
            kind: PredicateKind::Flag(name.to_string()),
            span: name.span(),
        }),
        [TokenTree::Ident(op), TokenTree::Group(args)]
            if args.delimiter() == Delimiter::Parenthesis =>
        {
            let inner: Vec<TokenTree> = args.stream().into_iter().collect();
            // Every operand is read first, so a malformed one is always reported.
            let mut operands = split_commas(&inner)
                .iter()
                .map(|p| parse_one(file, p))
                .collect::<Result<Vec<Predicate>, _>>()?;
            let kind = match op.to_string().as_str() {
                "any" => PredicateKind::Any(operands),
                "all" => PredicateKind::All(operands),
                "not" if operands.len() == 1 => match operands.pop() {
                    Some(p) => PredicateKind::Not(Box::new(p)),
                    None => PredicateKind::All(Vec::new()),
                },
                "not" => {
                    return Err(Diagnostic::error(format!(
                        "`not` takes one predicate, found {}",
                        operands.len()
                    ))
                    .at_span(file, op.span())
                    .hint("to negate several, write `not(any(a, b))` or `not(all(a, b))`"))
                }
                other => {
                    return Err(Diagnostic::error(format!("unknown cfg operator `{other}`"))
                        .at_span(file, op.span())
                        .hint("cfg predicates combine with `any(..)`, `all(..)` and `not(..)`"))
                }
            };
            Ok(Predicate {
                kind,
                span: op.span(),
            })
        }
        [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)]
            if eq.as_char() == '=' =>
        {
            match syn::Lit::new(lit.clone()) {
                syn::Lit::Str(s) => Ok(Predicate {
                    kind: PredicateKind::NameValue(name.to_string(), s.value()),
                    span: name.span(),
                }),
                _ => Err(Diagnostic::error("cfg value must be a string literal")
                    .at_span(file, lit.span())
                    .hint(format!("write `{name} = \"...\"`"))),
            }
        }
        [TokenTree::Ident(_), TokenTree::Punct(p), ..] if p.as_char() == ':' => Err(
            Diagnostic::error("cfg names are single identifiers, not paths")
                .at_span(file, p.span())
                .hint("write `name` or `name = \"value\"`"),
        ),
        [first, ..] => Err(Diagnostic::error("malformed cfg predicate")
            .at_span(file, first.span())
            .hint("expected `name`, `name = \"value\"`, `any(..)`, `all(..)` or `not(..)`")),
        [] => Err(Diagnostic::error("empty cfg predicate")),
    }
}

impl PartialEq for Predicate {
    /// Predicates compare by normal form (spans and spelling do not matter).
    fn eq(&self, other: &Self) -> bool {
        self.normal() == other.normal()
    }
}

impl Eq for Predicate {}

impl Predicate {
    pub(crate) fn normal(&self) -> NormalPredicate {
        match &self.kind {
            PredicateKind::Flag(name) => NormalPredicate::Flag(name.clone()),
            PredicateKind::NameValue(name, value) if name == "feature" => {
                NormalPredicate::NameValue(name.clone(), normalize_feature(value))
            }
            PredicateKind::NameValue(name, value) => {
                NormalPredicate::NameValue(name.clone(), value.clone())
            }
            PredicateKind::Any(ps) => flatten(ps, NormalPredicate::Any, |n| match n {
                NormalPredicate::Any(inner) => Ok(inner),
                other => Err(other),
            }),
            PredicateKind::All(ps) => flatten(ps, NormalPredicate::All, |n| match n {
                NormalPredicate::All(inner) => Ok(inner),
                other => Err(other),
            }),
            PredicateKind::Not(p) => match p.normal() {
                NormalPredicate::Not(inner) => *inner,
                other => NormalPredicate::Not(Box::new(other)),
            },
        }
    }
}

/// The normal form of `any`/`all`: nested operators of the same kind merged into one list,
/// sorted, deduplicated; a single operand stands for itself.
fn flatten(
    operands: &[Predicate],
    make: fn(Vec<NormalPredicate>) -> NormalPredicate,
    same: fn(NormalPredicate) -> Result<Vec<NormalPredicate>, NormalPredicate>,
) -> NormalPredicate {
    let mut out = Vec::new();
    for p in operands {
        match same(p.normal()) {
            Ok(inner) => out.extend(inner),
            Err(other) => out.push(other),
        }
    }
    out.sort();
    out.dedup();
    if out.len() == 1 {
        if let Some(only) = out.pop() {
            return only;
        }
    }
    make(out)
}

impl std::fmt::Display for NormalPredicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |f: &mut std::fmt::Formatter<'_>, op: &str, ps: &[NormalPredicate]| {
            write!(f, "{op}(")?;
            for (i, p) in ps.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str(")")
        };
        match self {
            NormalPredicate::Flag(name) => f.write_str(name),
            NormalPredicate::NameValue(name, value) => write!(f, "{name} = {value:?}"),
            NormalPredicate::Any(ps) => list(f, "any", ps),
            NormalPredicate::All(ps) => list(f, "all", ps),
            NormalPredicate::Not(p) => write!(f, "not({p})"),
        }
    }
}

/// Cargo's spelling of a feature in `CARGO_FEATURE_*`.
pub(crate) fn normalize_feature(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// Splits a token list at its top-level commas (commas inside groups belong to the group).
/// Empty pieces are dropped: that accepts the trailing comma rustc accepts (`any(a, b,)`) and
/// leniently reads `a,,b` as `a, b` — rustc itself rejects the latter when it compiles the crate.
pub(crate) fn split_commas(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    tokens
        .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .filter(|piece| !piece.is_empty())
        .collect()
}

fn located(d: Diagnostic, file: &Path, span: Option<Span>) -> Diagnostic {
    match span {
        Some(span) => d.at_span(file, span),
        None => d,
    }
}
