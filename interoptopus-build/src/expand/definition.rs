//! A `macro_rules!` definition read into rules: each rule's matcher compiled for the matcher
//! (`matcher.rs`) and its body parsed for the transcriber (`transcribe.rs`).
//!
//! A definition is parsed where it is declared, but a problem in it is only reported when the
//! macro is invoked: rustc has already accepted the crate, so a definition we cannot read only
//! matters if an export depends on it.

use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;

use super::fragment::{glued_punct_len, FragmentKind};

/// `*`, `+` or `?` after a repetition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kleene {
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
}

/// One step of a compiled matcher. The matcher is a flat list so that a matching thread is
/// just an index into it (see `matcher.rs`); repetitions are encoded as jumps.
#[derive(Clone, Debug)]
pub(super) enum Loc {
    /// A literal leaf token (ident, punct, literal) the input must repeat.
    Token(TokenTree),
    Open(Delimiter),
    Close(Delimiter),
    /// The start of `$( … ) sep op`: `after` is the index past the whole repetition;
    /// `first_slot..first_slot + slots` are the metavariables declared inside; `depth` is the
    /// number of enclosing repetitions.
    Sequence {
        op: Kleene,
        after: usize,
        first_slot: usize,
        slots: usize,
        depth: usize,
    },
    /// End of a repetition body without separator: repeat (jump to `first`) or leave.
    SeqEnd {
        op: Kleene,
        first: usize,
    },
    /// End of a repetition body with a separator: the separator's first token (any further
    /// separator tokens follow as `Token`s), or leave to `after`.
    SeqSep {
        sep: TokenTree,
        after: usize,
    },
    /// After the separator: repeat.
    SeqAfterSep {
        first: usize,
    },
    /// `$name:kind`; `depth` is the number of enclosing repetitions.
    Var {
        slot: usize,
        depth: usize,
        kind: FragmentKind,
    },
    Eof,
}

/// A compiled matcher plus the name of each metavariable slot.
#[derive(Clone, Debug)]
pub(super) struct Matcher {
    pub locs: Vec<Loc>,
    pub slot_names: Vec<String>,
}

/// A rule body, as a tree (transcription walks it recursively).
#[derive(Clone, Debug)]
pub(super) enum Transcriber {
    Token(TokenTree),
    Group(Delimiter, Vec<Transcriber>),
    Var(String, Span),
    /// `$crate`.
    Crate,
    Repeat {
        body: Vec<Transcriber>,
        sep: Vec<TokenTree>,
        op: Kleene,
        span: Span,
    },
}

#[derive(Clone, Debug)]
pub(super) struct Rule {
    pub matcher: Matcher,
    pub body: Vec<Transcriber>,
}

/// A problem in a definition, located in the definition's file.
#[derive(Clone, Debug)]
pub(super) struct DefinitionError {
    pub message: String,
    pub span: Span,
}

/// One `macro_rules!` definition.
#[derive(Clone, Debug)]
pub(super) struct MacroDef {
    pub name: String,
    /// Where it is defined, for messages about it.
    pub file: PathBuf,
    pub rules: Result<Vec<Rule>, DefinitionError>,
}

impl MacroDef {
    /// The definition in `item`, if it is a `macro_rules!` item.
    pub(super) fn from_item(item: &syn::ItemMacro, file: &Path) -> Option<MacroDef> {
        let ident = item.ident.as_ref()?;
        if !item.mac.path.is_ident("macro_rules") {
            return None;
        }
        // Problems without a token of their own (an empty body) are placed on the name.
        let rules = parse_rules(item.mac.tokens.clone()).map_err(|mut e| {
            if is_unlocated(e.span) {
                e.span = ident.span();
            }
            e
        });
        Some(MacroDef {
            name: ident.unraw().to_string(),
            file: file.to_path_buf(),
            rules,
        })
    }
}

/// Whether `span` is a placeholder rather than a token of the source: every real token is at
/// least one character wide, while `Span::call_site()` (what syn reports for "unexpected end of
/// input") is empty.
pub(super) fn is_unlocated(span: Span) -> bool {
    span.start() == span.end()
}

/// Whether `item` defines a macro (rather than invoking one).
pub(super) fn is_definition(item: &syn::ItemMacro) -> bool {
    item.ident.is_some() && item.mac.path.is_ident("macro_rules")
}

fn err<T>(span: Span, message: impl Into<String>) -> Result<T, DefinitionError> {
    Err(DefinitionError {
        message: message.into(),
        span,
    })
}

/// `(matcher) => {body}; …` into rules.
fn parse_rules(tokens: TokenStream) -> Result<Vec<Rule>, DefinitionError> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut rules = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let TokenTree::Group(lhs) = &tokens[i] else {
            return err(tokens[i].span(), "expected a rule `(matcher) => { body }`");
        };
        let arrow = matches!(
            (tokens.get(i + 1), tokens.get(i + 2)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == '=' && b.as_char() == '>'
        );
        let Some(TokenTree::Group(rhs)) = tokens.get(i + 3).filter(|_| arrow) else {
            return err(lhs.span_close(), "expected `=> { body }` after the matcher");
        };
        let pattern = parse_pattern(&lhs.stream().into_iter().collect::<Vec<_>>())?;
        check_no_empty_repetition(&pattern)?;
        let matcher = compile(&pattern)?;
        let body = parse_transcriber(&rhs.stream().into_iter().collect::<Vec<_>>())?;
        rules.push(Rule { matcher, body });
        i += 4;
        match tokens.get(i) {
            Some(TokenTree::Punct(p)) if p.as_char() == ';' => i += 1,
            None => {}
            Some(other) => return err(other.span(), "expected `;` between rules"),
        }
    }
    if rules.is_empty() {
        return err(Span::call_site(), "the macro has no rules");
    }
    Ok(rules)
}

/// A matcher as a tree, before compiling.
enum Pattern {
    Token(TokenTree),
    Group(Delimiter, Vec<Pattern>),
    Var(String, FragmentKind, Span),
    Repeat(Vec<Pattern>, Vec<TokenTree>, Kleene),
}

fn is_dollar(t: &TokenTree) -> bool {
    matches!(t, TokenTree::Punct(p) if p.as_char() == '$')
}

fn parse_pattern(tokens: &[TokenTree]) -> Result<Vec<Pattern>, DefinitionError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match (t, tokens.get(i + 1)) {
            (TokenTree::Group(g), _) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                out.push(Pattern::Group(g.delimiter(), parse_pattern(&inner)?));
                i += 1;
            }
            (d, Some(TokenTree::Group(g)))
                if is_dollar(d) && g.delimiter() == Delimiter::Parenthesis =>
            {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let body = parse_pattern(&inner)?;
                let (sep, op, used) = separator_and_op(&tokens[i + 2..], g.span_close())?;
                out.push(Pattern::Repeat(body, sep, op));
                i += 2 + used;
            }
            (d, Some(TokenTree::Ident(name))) if is_dollar(d) => {
                let name_text = name.unraw().to_string();
                if name_text == "crate" {
                    return err(name.span(), "`$crate` cannot appear in a matcher");
                }
                let colon =
                    matches!(tokens.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                let Some(TokenTree::Ident(kind)) = tokens.get(i + 3).filter(|_| colon) else {
                    return err(
                        name.span(),
                        format!("missing fragment specifier for `${name_text}` (write `${name_text}:kind`)"),
                    );
                };
                let Some(kind) = FragmentKind::from_name(&kind.to_string()) else {
                    return err(kind.span(), format!("unknown fragment specifier `{kind}`"));
                };
                out.push(Pattern::Var(name_text, kind, name.span()));
                i += 4;
            }
            (d, _) if is_dollar(d) => {
                return err(d.span(), "expected `$name:kind` or `$( … )` after `$`");
            }
            (leaf, _) => {
                out.push(Pattern::Token(leaf.clone()));
                i += 1;
            }
        }
    }
    Ok(out)
}

/// The separator and repetition operator after `$( … )`, and how many tokens they took.
fn separator_and_op(
    tokens: &[TokenTree],
    at: Span,
) -> Result<(Vec<TokenTree>, Kleene, usize), DefinitionError> {
    let op_of = |t: Option<&TokenTree>| match t {
        Some(TokenTree::Punct(p)) => match p.as_char() {
            '*' => Some(Kleene::ZeroOrMore),
            '+' => Some(Kleene::OneOrMore),
            '?' => Some(Kleene::ZeroOrOne),
            _ => None,
        },
        _ => None,
    };
    if let Some(op) = op_of(tokens.first()) {
        return Ok((Vec::new(), op, 1));
    }
    let sep_len = match tokens.first() {
        Some(TokenTree::Punct(_)) => glued_punct_len(tokens),
        Some(TokenTree::Ident(_) | TokenTree::Literal(_)) => 1,
        Some(other) => {
            return err(
                other.span(),
                "a repetition separator must be a single token",
            )
        }
        None => return err(at, "expected `*`, `+` or `?` after the repetition"),
    };
    match op_of(tokens.get(sep_len)) {
        Some(Kleene::ZeroOrOne) => err(
            tokens[sep_len].span(),
            "the `?` repetition operator does not take a separator",
        ),
        Some(op) => Ok((tokens[..sep_len].to_vec(), op, sep_len + 1)),
        None => err(
            tokens.get(sep_len).map_or(at, TokenTree::span),
            "expected `*`, `+` or `?` after the repetition separator",
        ),
    }
}

/// rustc rejects a repetition that can match no tokens (`$()*`, `$($v:vis)*`): matching it
/// would loop forever. The same check keeps our matcher's epsilon moves finite.
fn check_no_empty_repetition(pattern: &[Pattern]) -> Result<(), DefinitionError> {
    fn can_be_empty(p: &Pattern) -> bool {
        match p {
            Pattern::Var(_, FragmentKind::Vis, _) => true,
            Pattern::Repeat(body, _, op) => {
                *op != Kleene::OneOrMore || body.iter().all(can_be_empty)
            }
            _ => false,
        }
    }
    for p in pattern {
        match p {
            Pattern::Repeat(body, _, _) => {
                if body.iter().all(can_be_empty) {
                    let span = body.iter().find_map(|b| match b {
                        Pattern::Var(_, _, s) => Some(*s),
                        _ => None,
                    });
                    return err(
                        span.unwrap_or_else(Span::call_site),
                        "a repetition in the matcher can match no tokens",
                    );
                }
                check_no_empty_repetition(body)?;
            }
            Pattern::Group(_, inner) => check_no_empty_repetition(inner)?,
            _ => {}
        }
    }
    Ok(())
}

fn compile(pattern: &[Pattern]) -> Result<Matcher, DefinitionError> {
    let mut m = Matcher {
        locs: Vec::new(),
        slot_names: Vec::new(),
    };
    flatten(pattern, 0, &mut m)?;
    m.locs.push(Loc::Eof);
    Ok(m)
}

fn flatten(pattern: &[Pattern], depth: usize, m: &mut Matcher) -> Result<(), DefinitionError> {
    for p in pattern {
        match p {
            Pattern::Token(t) => m.locs.push(Loc::Token(t.clone())),
            Pattern::Group(d, inner) => {
                m.locs.push(Loc::Open(*d));
                flatten(inner, depth, m)?;
                m.locs.push(Loc::Close(*d));
            }
            Pattern::Var(name, kind, span) => {
                if m.slot_names.contains(name) {
                    return err(*span, format!("duplicate matcher binding `${name}`"));
                }
                m.locs.push(Loc::Var {
                    slot: m.slot_names.len(),
                    depth,
                    kind: *kind,
                });
                m.slot_names.push(name.clone());
            }
            Pattern::Repeat(body, sep, op) => {
                let start = m.locs.len();
                m.locs.push(Loc::Eof); // placeholder, replaced below
                let first_slot = m.slot_names.len();
                flatten(body, depth + 1, m)?;
                let slots = m.slot_names.len() - first_slot;
                let after = match sep.split_first() {
                    None => {
                        m.locs.push(Loc::SeqEnd {
                            op: *op,
                            first: start + 1,
                        });
                        m.locs.len()
                    }
                    Some((first_sep, rest)) => {
                        let after = m.locs.len() + 1 + rest.len() + 1;
                        m.locs.push(Loc::SeqSep {
                            sep: first_sep.clone(),
                            after,
                        });
                        m.locs.extend(rest.iter().cloned().map(Loc::Token));
                        m.locs.push(Loc::SeqAfterSep { first: start + 1 });
                        after
                    }
                };
                m.locs[start] = Loc::Sequence {
                    op: *op,
                    after,
                    first_slot,
                    slots,
                    depth,
                };
            }
        }
    }
    Ok(())
}

fn parse_transcriber(tokens: &[TokenTree]) -> Result<Vec<Transcriber>, DefinitionError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match (&tokens[i], tokens.get(i + 1)) {
            (TokenTree::Group(g), _) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                out.push(Transcriber::Group(
                    g.delimiter(),
                    parse_transcriber(&inner)?,
                ));
                i += 1;
            }
            (d, Some(TokenTree::Group(g)))
                if is_dollar(d) && g.delimiter() == Delimiter::Parenthesis =>
            {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let body = parse_transcriber(&inner)?;
                let (sep, op, used) = separator_and_op(&tokens[i + 2..], g.span_close())?;
                out.push(Transcriber::Repeat {
                    body,
                    sep,
                    op,
                    span: g.span_open(),
                });
                i += 2 + used;
            }
            (d, Some(TokenTree::Group(g))) if is_dollar(d) && g.delimiter() == Delimiter::Brace => {
                return err(
                    d.span(),
                    "metavariable expressions (`${…}`) are unstable and not supported",
                );
            }
            (d, Some(next)) if is_dollar(d) && is_dollar(next) => {
                return err(d.span(), "`$$` is unstable and not supported");
            }
            (d, Some(TokenTree::Ident(name))) if is_dollar(d) => {
                let text = name.unraw().to_string();
                out.push(if text == "crate" {
                    Transcriber::Crate
                } else {
                    Transcriber::Var(text, name.span())
                });
                i += 2;
            }
            (leaf, _) => {
                out.push(Transcriber::Token(leaf.clone()));
                i += 1;
            }
        }
    }
    Ok(out)
}
