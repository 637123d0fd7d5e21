//! Fragment specifiers (`$x:ty`, `$x:expr`, …): which tokens may start one, and how many
//! token trees one takes.
//!
//! rustc decides in two steps, and so do we, because the split is observable: a rule whose
//! fragment *cannot begin* at the next token simply does not match (the next rule is tried),
//! while a fragment that may begin there but then fails to parse is a hard error. The "may
//! begin" tables mirror rustc's `nonterminal_may_begin_with`; the parsing itself is done by syn
//! on the remaining token trees of the current delimiter level, taking the longest prefix the
//! grammar accepts (the Rust parser is greedy in the same way).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};

/// The fragment specifiers of `macro_rules!` on stable Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FragmentKind {
    Ident,
    Lifetime,
    Tt,
    Literal,
    Ty,
    Path,
    Expr,
    Block,
    Meta,
    Vis,
    /// `pat`: since edition 2021 it accepts top-level `|` alternatives.
    Pat,
    PatParam,
    Item,
    Stmt,
}

impl FragmentKind {
    pub(super) fn from_name(name: &str) -> Option<FragmentKind> {
        Some(match name {
            "ident" => FragmentKind::Ident,
            "lifetime" => FragmentKind::Lifetime,
            "tt" => FragmentKind::Tt,
            "literal" => FragmentKind::Literal,
            "ty" => FragmentKind::Ty,
            "path" => FragmentKind::Path,
            "expr" | "expr_2021" => FragmentKind::Expr,
            "block" => FragmentKind::Block,
            "meta" => FragmentKind::Meta,
            "vis" => FragmentKind::Vis,
            "pat" => FragmentKind::Pat,
            "pat_param" => FragmentKind::PatParam,
            "item" => FragmentKind::Item,
            "stmt" => FragmentKind::Stmt,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            FragmentKind::Ident => "ident",
            FragmentKind::Lifetime => "lifetime",
            FragmentKind::Tt => "tt",
            FragmentKind::Literal => "literal",
            FragmentKind::Ty => "ty",
            FragmentKind::Path => "path",
            FragmentKind::Expr => "expr",
            FragmentKind::Block => "block",
            FragmentKind::Meta => "meta",
            FragmentKind::Vis => "vis",
            FragmentKind::Pat => "pat",
            FragmentKind::PatParam => "pat_param",
            FragmentKind::Item => "item",
            FragmentKind::Stmt => "stmt",
        }
    }
}

/// What a fragment specifier captured: the token trees it covered, unchanged.
#[derive(Clone, Debug)]
pub(super) struct Fragment {
    pub kind: FragmentKind,
    pub tokens: Vec<TokenTree>,
}

impl Fragment {
    /// The tokens to put where `$x` is transcribed.
    ///
    /// rustc substitutes a parsed fragment as one opaque node, so `$e * 2` with `$e = 1 + 1`
    /// means `(1 + 1) * 2`. For expressions of more than one token tree that matters, and an
    /// invisible (`Delimiter::None`) group gives syn the same grouping. Everything else is
    /// spliced in flat: types, paths and attributes re-parse the same way in every position
    /// an FFI declaration uses them, and later stages then see plain syntax (no `Type::Group`).
    pub(super) fn transcribed(&self) -> Vec<TokenTree> {
        if self.kind == FragmentKind::Expr && self.tokens.len() > 1 {
            let mut group = proc_macro2::Group::new(
                Delimiter::None,
                self.tokens.iter().cloned().collect::<TokenStream>(),
            );
            if let Some(first) = self.tokens.first() {
                group.set_span(first.span());
            }
            vec![TokenTree::Group(group)]
        } else {
            self.tokens.clone()
        }
    }
}

/// The next token as the matcher sees it: a leaf, the opening or closing delimiter of a
/// group, or the end of the invocation.
#[derive(Clone, Copy)]
pub(super) enum Next<'t> {
    Leaf(&'t TokenTree),
    Open(Delimiter),
    Close,
    End,
}

/// Whether a `kind` fragment may start at `next` (rustc's `nonterminal_may_begin_with`).
/// `after` is the token following a leaf, for the two-character starts (`::`, `'a`).
pub(super) fn may_begin(kind: FragmentKind, next: Next<'_>, after: Option<&TokenTree>) -> bool {
    let punct = |c: char| matches!(next, Next::Leaf(TokenTree::Punct(p)) if p.as_char() == c);
    let path_sep = punct(':') && matches!(after, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    let ident = match next {
        Next::Leaf(TokenTree::Ident(i)) => Some(i.to_string()),
        _ => None,
    };
    let open = |d: Delimiter| matches!(next, Next::Open(x) if x == d);
    let literal = matches!(next, Next::Leaf(TokenTree::Literal(_)));
    // An invisible group is a fragment substituted by an enclosing macro; rustc lets an
    // already-parsed fragment start any fragment kind, and the parser then decides.
    let invisible = open(Delimiter::None);
    match kind {
        FragmentKind::Ident => ident.is_some_and(|i| i != "_"),
        FragmentKind::Lifetime => punct('\'') && matches!(after, Some(TokenTree::Ident(_))),
        FragmentKind::Tt | FragmentKind::Item | FragmentKind::Stmt => {
            !matches!(next, Next::Close | Next::End)
        }
        FragmentKind::Literal => {
            literal
                || punct('-')
                || ident
                    .as_deref()
                    .is_some_and(|i| i == "true" || i == "false")
                || invisible
        }
        FragmentKind::Block => open(Delimiter::Brace) || invisible,
        FragmentKind::Path | FragmentKind::Meta => ident.is_some() || path_sep || invisible,
        FragmentKind::Vis => {
            punct(',') || ident.is_some() || can_begin_type(next, ident.as_deref(), path_sep)
        }
        FragmentKind::Ty => can_begin_type(next, ident.as_deref(), path_sep),
        FragmentKind::Expr => {
            if let Some(i) = &ident {
                ident_can_begin_expr(i) && i != "let" && i != "const"
            } else {
                literal
                    || path_sep
                    || matches!(next, Next::Open(..))
                    || ['!', '-', '*', '|', '&', '.', '<', '\'', '#']
                        .iter()
                        .any(|c| punct(*c))
            }
        }
        FragmentKind::Pat | FragmentKind::PatParam => {
            ident.is_some()
                || literal
                || path_sep
                || open(Delimiter::Parenthesis)
                || open(Delimiter::Bracket)
                || invisible
                || ['&', '-', '.', '<'].iter().any(|c| punct(*c))
                || (kind == FragmentKind::Pat && punct('|'))
        }
    }
}

/// Words the lexer reserves; an identifier token spelled like one is a keyword.
const RESERVED: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "_",
];

fn is_path_keyword(i: &str) -> bool {
    matches!(i, "self" | "Self" | "super" | "crate")
}

fn ident_can_begin_expr(i: &str) -> bool {
    !RESERVED.contains(&i)
        || is_path_keyword(i)
        || [
            "async", "do", "box", "break", "const", "continue", "false", "for", "if", "let",
            "loop", "match", "move", "return", "true", "try", "unsafe", "while", "yield", "static",
        ]
        .contains(&i)
}

fn can_begin_type(next: Next<'_>, ident: Option<&str>, path_sep: bool) -> bool {
    if let Some(i) = ident {
        return !RESERVED.contains(&i)
            || is_path_keyword(i)
            || [
                "_", "for", "impl", "fn", "unsafe", "extern", "typeof", "dyn",
            ]
            .contains(&i);
    }
    match next {
        Next::Open(d) => matches!(
            d,
            Delimiter::Parenthesis | Delimiter::Bracket | Delimiter::None
        ),
        Next::Leaf(TokenTree::Punct(p)) => {
            path_sep || matches!(p.as_char(), '!' | '*' | '&' | '?' | '\'' | '<')
        }
        _ => false,
    }
}

/// Multi-character operators the Rust lexer makes one token of; proc-macro2 gives them as
/// joint single-character puncts. A `tt` fragment or a separator takes the whole operator.
const OPERATORS: &[&str] = &[
    "<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=",
    "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", "..",
];

/// How many puncts starting at `tokens[0]` make one lexer token (1 when `tokens[0]` is a
/// punct that starts no multi-character operator).
pub(super) fn glued_punct_len(tokens: &[TokenTree]) -> usize {
    let mut text = String::new();
    for t in tokens.iter().take(3) {
        let TokenTree::Punct(p) = t else { break };
        text.push(p.as_char());
        if p.spacing() == Spacing::Alone {
            break;
        }
    }
    OPERATORS
        .iter()
        .filter(|op| text.starts_with(*op))
        .map(|op| op.len())
        .max()
        .unwrap_or(1)
}

/// How many token trees at the start of `rest` (the remaining trees of one delimiter level)
/// a `kind` fragment takes. The caller has checked [`may_begin`].
pub(super) fn parse_len(kind: FragmentKind, rest: &[TokenTree]) -> Result<usize, syn::Error> {
    let leaf_error = |what: &str| {
        let span = rest
            .first()
            .map(TokenTree::span)
            .unwrap_or_else(proc_macro2::Span::call_site);
        syn::Error::new(span, format!("expected {what}"))
    };
    match kind {
        FragmentKind::Ident => match rest.first() {
            Some(TokenTree::Ident(_)) => Ok(1),
            _ => Err(leaf_error("an identifier")),
        },
        FragmentKind::Lifetime => match rest {
            [TokenTree::Punct(p), TokenTree::Ident(_), ..] if p.as_char() == '\'' => Ok(2),
            _ => Err(leaf_error("a lifetime")),
        },
        FragmentKind::Tt => match rest {
            [TokenTree::Punct(p), TokenTree::Ident(_), ..] if p.as_char() == '\'' => Ok(2),
            [TokenTree::Punct(_), ..] => Ok(glued_punct_len(rest)),
            [_, ..] => Ok(1),
            [] => Err(leaf_error("a token tree")),
        },
        FragmentKind::Literal => {
            let (minus, tail) = match rest {
                [TokenTree::Punct(p), tail @ ..] if p.as_char() == '-' => (1, tail),
                _ => (0, rest),
            };
            match tail.first() {
                Some(TokenTree::Literal(_)) => Ok(minus + 1),
                Some(TokenTree::Ident(i)) if minus == 0 && (i == "true" || i == "false") => Ok(1),
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::None => Ok(minus + 1),
                _ => Err(leaf_error("a literal")),
            }
        }
        FragmentKind::Ty => with_syn(rest, |i| i.parse::<syn::Type>().map(drop)),
        FragmentKind::Path => with_syn(rest, |i| i.parse::<syn::Path>().map(drop)),
        FragmentKind::Expr => with_syn(rest, |i| i.parse::<syn::Expr>().map(drop)),
        FragmentKind::Block => with_syn(rest, |i| i.parse::<syn::Block>().map(drop)),
        FragmentKind::Meta => with_syn(rest, |i| i.parse::<syn::Meta>().map(drop)),
        FragmentKind::Vis => with_syn(rest, |i| i.parse::<syn::Visibility>().map(drop)),
        FragmentKind::Pat => with_syn(rest, |i| {
            syn::Pat::parse_multi_with_leading_vert(i).map(drop)
        }),
        FragmentKind::PatParam => with_syn(rest, |i| syn::Pat::parse_single(i).map(drop)),
        FragmentKind::Item => with_syn(rest, |i| i.parse::<syn::Item>().map(drop)),
        FragmentKind::Stmt => stmt_len(rest),
    }
}

/// Token trees the parser must leave unread after a fragment before a result from a truncated
/// window is trusted: syn decides where an expression or type ends by peeking a few tokens
/// ahead, never this far.
const WINDOW_MARGIN: usize = 32;

/// [`parse_len`] on the start of a delimiter level, handed to syn a window at a time:
/// `window(n)` gives at most `n` token trees from the fragment's start and whether that is
/// everything up to the end of the level. Giving syn the whole rest of the level for every
/// fragment would make `$($i:item)*` over a long invocation quadratic; a window that grows
/// until the fragment ends well inside it gives the same answer in linear time. Returns the
/// fragment's length and the window it was parsed from.
pub(super) fn parse_len_windowed(
    kind: FragmentKind,
    window: impl Fn(usize) -> (Vec<TokenTree>, bool),
) -> Result<(usize, Vec<TokenTree>), syn::Error> {
    let mut size = 64;
    loop {
        let (tokens, whole) = window(size);
        match parse_len(kind, &tokens) {
            Ok(len) if whole || len + WINDOW_MARGIN <= tokens.len() => return Ok((len, tokens)),
            Err(e) if whole => return Err(e),
            _ => size = size.saturating_mul(4),
        }
    }
}

/// Runs a syn parser on the start of `rest` and returns how many token trees it consumed.
fn with_syn(
    rest: &[TokenTree],
    parse: impl FnOnce(ParseStream) -> syn::Result<()>,
) -> Result<usize, syn::Error> {
    let remaining = |input: ParseStream| -> syn::Result<usize> {
        parse(input)?;
        Ok(input.parse::<TokenStream>()?.into_iter().count())
    };
    let left = remaining.parse2(rest.iter().cloned().collect())?;
    Ok(rest.len().saturating_sub(left))
}

/// A statement without its trailing semicolon, as rustc's `stmt` fragment takes it: a `let`
/// up to the next `;` of this level, else an item, else an expression. (syn's own `Stmt`
/// insists on the semicolon of a `let`.)
fn stmt_len(rest: &[TokenTree]) -> Result<usize, syn::Error> {
    if matches!(rest.first(), Some(TokenTree::Ident(i)) if i == "let") {
        let len = rest
            .iter()
            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
            .unwrap_or(rest.len());
        let mut local: Vec<TokenTree> = rest[..len].to_vec();
        local.push(TokenTree::Punct(proc_macro2::Punct::new(
            ';',
            Spacing::Alone,
        )));
        syn::parse2::<syn::Stmt>(local.into_iter().collect())?;
        return Ok(len);
    }
    with_syn(rest, |input| {
        let fork = input.fork();
        if fork.parse::<syn::Item>().is_ok() {
            input.advance_to(&fork);
            return Ok(());
        }
        input.parse::<syn::Expr>().map(drop)
    })
}
