//! Matching an invocation's tokens against one rule, the way rustc's macro parser does it.
//!
//! The input is flattened (delimiters become open/close tokens) and read one token at a time
//! while a set of *threads* — positions in the compiled matcher (`definition::Loc`), each with
//! the metavariables bound so far — advances in lock step. Repetitions fork threads (one more
//! iteration, or leave), so `$($a:ident),* ,` and optional trailing arms resolve without
//! backtracking, and deep or long invocations need no recursion.
//!
//! A fragment (`$t:ty`) is parsed only when exactly one thread wants a fragment and no thread
//! wants a plain token; anything else is rustc's "local ambiguity" error, which code that
//! compiles never hits. That makes the result the one rustc computes for the same input.

use std::collections::BTreeMap;
use std::rc::Rc;

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};

use super::definition::{Kleene, Loc, Matcher};
use super::fragment::{may_begin, parse_len_windowed, Fragment, Next};

/// What a metavariable is bound to: one fragment, or (inside repetitions) one entry per
/// iteration.
#[derive(Clone, Debug)]
pub(super) enum Named {
    One(Rc<Fragment>),
    Many(Vec<Named>),
}

pub(super) type Bindings = BTreeMap<String, Named>;

/// Why a rule did not match, and where.
#[derive(Clone, Debug)]
pub(super) struct Failure {
    /// Position in the flattened input: among several rules, the one that got furthest
    /// explains the failure best.
    pub pos: usize,
    pub span: Span,
    pub message: String,
}

pub(super) enum Outcome {
    Matched(Bindings),
    /// This rule does not apply; the next one is tried.
    NoMatch(Failure),
    /// A hard error (a fragment that starts but does not parse, an ambiguity): rustc stops
    /// here without trying further rules, and so do we.
    Error(Failure),
}

/// Work allowed per rule before giving up: a guard against pathological matchers, far above
/// what any real invocation needs.
const STEP_LIMIT: usize = 2_000_000;

enum Flat {
    Leaf(TokenTree),
    /// A group's opening delimiter; the index is that of its closing token.
    Open(Group, usize),
    Close(Delimiter, Span),
}

/// An invocation's tokens, flattened.
pub(super) struct Input {
    flat: Vec<Flat>,
    /// Where "unexpected end" is reported: the invocation's closing delimiter.
    end_span: Span,
}

impl Input {
    pub(super) fn new(tokens: TokenStream, end_span: Span) -> Input {
        let mut flat = Vec::new();
        flatten(tokens, &mut flat);
        Input { flat, end_span }
    }

    fn next(&self, pos: usize) -> Next<'_> {
        match self.flat.get(pos) {
            Some(Flat::Leaf(t)) => Next::Leaf(t),
            Some(Flat::Open(g, _)) => Next::Open(g.delimiter()),
            Some(Flat::Close(..)) => Next::Close,
            None => Next::End,
        }
    }

    fn leaf_after(&self, pos: usize) -> Option<&TokenTree> {
        match self.flat.get(pos + 1) {
            Some(Flat::Leaf(t)) => Some(t),
            _ => None,
        }
    }

    fn span_at(&self, pos: usize) -> Span {
        match self.flat.get(pos) {
            Some(Flat::Leaf(t)) => t.span(),
            Some(Flat::Open(g, _)) => g.span_open(),
            Some(Flat::Close(_, s)) => *s,
            None => self.end_span,
        }
    }

    fn describe(&self, pos: usize) -> String {
        match self.flat.get(pos) {
            Some(Flat::Leaf(t)) => format!("`{t}`"),
            Some(Flat::Open(g, _)) => format!("`{}`", open_text(g.delimiter())),
            Some(Flat::Close(d, _)) => format!("`{}`", close_text(*d)),
            None => "the end of the invocation".into(),
        }
    }

    /// At most `max` token trees from `pos` towards the end of its delimiter level, and
    /// whether they reach that end.
    fn level_window(&self, mut pos: usize, max: usize) -> (Vec<TokenTree>, bool) {
        let mut out = Vec::new();
        while let Some(f) = self.flat.get(pos) {
            if out.len() == max {
                return (out, matches!(f, Flat::Close(..)));
            }
            match f {
                Flat::Leaf(t) => {
                    out.push(t.clone());
                    pos += 1;
                }
                Flat::Open(g, close) => {
                    out.push(TokenTree::Group(g.clone()));
                    pos = close + 1;
                }
                Flat::Close(..) => break,
            }
        }
        (out, true)
    }

    /// The flat position `trees` token trees after `pos`.
    fn skip(&self, mut pos: usize, trees: usize) -> usize {
        for _ in 0..trees {
            pos = match self.flat.get(pos) {
                Some(Flat::Open(_, close)) => close + 1,
                _ => pos + 1,
            };
        }
        pos
    }

    fn leaf_is(&self, pos: usize, expected: &TokenTree) -> bool {
        matches!(self.flat.get(pos), Some(Flat::Leaf(t)) if same_leaf(t, expected))
    }
}

fn flatten(tokens: TokenStream, out: &mut Vec<Flat>) {
    for t in tokens {
        match t {
            TokenTree::Group(g) => {
                let at = out.len();
                out.push(Flat::Close(g.delimiter(), g.span_close())); // placeholder
                flatten(g.stream(), out);
                let close = out.len();
                out.push(Flat::Close(g.delimiter(), g.span_close()));
                out[at] = Flat::Open(g, close);
            }
            leaf => out.push(Flat::Leaf(leaf)),
        }
    }
}

/// Token equality as the matcher needs it: same identifier, punctuation character or literal.
pub(super) fn same_leaf(a: &TokenTree, b: &TokenTree) -> bool {
    match (a, b) {
        (TokenTree::Ident(x), TokenTree::Ident(y)) => x == y,
        (TokenTree::Punct(x), TokenTree::Punct(y)) => x.as_char() == y.as_char(),
        (TokenTree::Literal(x), TokenTree::Literal(y)) => x.to_string() == y.to_string(),
        _ => false,
    }
}

fn open_text(d: Delimiter) -> &'static str {
    match d {
        Delimiter::Parenthesis => "(",
        Delimiter::Bracket => "[",
        Delimiter::Brace => "{",
        Delimiter::None => "«",
    }
}

fn close_text(d: Delimiter) -> &'static str {
    match d {
        Delimiter::Parenthesis => ")",
        Delimiter::Bracket => "]",
        Delimiter::Brace => "}",
        Delimiter::None => "»",
    }
}

#[derive(Clone)]
struct Thread {
    idx: usize,
    matches: Rc<Vec<Named>>,
}

impl Thread {
    fn at(&self, idx: usize) -> Thread {
        Thread {
            idx,
            matches: Rc::clone(&self.matches),
        }
    }

    /// Records `m` for `slot`, a metavariable `depth` repetitions deep: appended to the
    /// innermost repetition's list (rustc's `push_match`).
    fn push_match(&mut self, slot: usize, depth: usize, m: Named) -> Result<(), String> {
        let matches = Rc::make_mut(&mut self.matches);
        let broken = || "internal error: repetition bookkeeping out of step".to_string();
        let mut cur = matches.get_mut(slot).ok_or_else(broken)?;
        if depth == 0 {
            *cur = m;
            return Ok(());
        }
        for _ in 1..depth {
            cur = match cur {
                Named::Many(seq) => seq.last_mut().ok_or_else(broken)?,
                Named::One(_) => return Err(broken()),
            };
        }
        match cur {
            Named::Many(seq) => {
                seq.push(m);
                Ok(())
            }
            Named::One(_) => Err(broken()),
        }
    }
}

/// Matches `input` against one compiled rule matcher.
pub(super) fn match_rule(matcher: &Matcher, input: &Input) -> Outcome {
    let slots = matcher.slot_names.len();
    let mut cur = vec![Thread {
        idx: 0,
        matches: Rc::new(vec![Named::Many(Vec::new()); slots]),
    }];
    let mut pos = 0;
    let mut steps = 0usize;
    loop {
        let next_token = input.next(pos);
        let mut next: Vec<Thread> = Vec::new();
        let mut wants_fragment: Vec<Thread> = Vec::new();
        let mut finished: Vec<Thread> = Vec::new();
        let mut expected: Vec<String> = Vec::new();
        let mut expect = |what: String| {
            if !expected.contains(&what) {
                expected.push(what);
            }
        };
        while let Some(mut t) = cur.pop() {
            steps += 1;
            if steps > STEP_LIMIT {
                return Outcome::Error(Failure {
                    pos,
                    span: input.span_at(pos),
                    message: "matching this invocation takes too many steps".into(),
                });
            }
            let Some(loc) = matcher.locs.get(t.idx) else {
                continue;
            };
            match loc {
                Loc::Token(tok) => {
                    if input.leaf_is(pos, tok) {
                        t.idx += 1;
                        next.push(t);
                    } else {
                        expect(format!("`{tok}`"));
                    }
                }
                Loc::Open(d) => {
                    if matches!(next_token, Next::Open(x) if x == *d) {
                        t.idx += 1;
                        next.push(t);
                    } else {
                        expect(format!("`{}`", open_text(*d)));
                    }
                }
                Loc::Close(d) => {
                    if matches!(next_token, Next::Close) {
                        t.idx += 1;
                        next.push(t);
                    } else {
                        expect(format!("`{}`", close_text(*d)));
                    }
                }
                Loc::Sequence {
                    op,
                    after,
                    first_slot,
                    slots,
                    depth,
                } => {
                    for slot in *first_slot..first_slot + slots {
                        if let Err(message) = t.push_match(slot, *depth, Named::Many(Vec::new())) {
                            return Outcome::Error(Failure {
                                pos,
                                span: input.span_at(pos),
                                message,
                            });
                        }
                    }
                    if *op != Kleene::OneOrMore {
                        cur.push(t.at(*after));
                    }
                    t.idx += 1;
                    cur.push(t);
                }
                Loc::SeqEnd { op, first } => {
                    cur.push(t.at(t.idx + 1));
                    if *op != Kleene::ZeroOrOne {
                        t.idx = *first;
                        cur.push(t);
                    }
                }
                Loc::SeqSep { sep, after } => {
                    cur.push(t.at(*after));
                    if input.leaf_is(pos, sep) {
                        t.idx += 1;
                        next.push(t);
                    } else {
                        expect(format!("`{sep}`"));
                    }
                }
                Loc::SeqAfterSep { first } => {
                    t.idx = *first;
                    cur.push(t);
                }
                Loc::Var { kind, .. } => {
                    if may_begin(*kind, next_token, input.leaf_after(pos)) {
                        wants_fragment.push(t);
                    } else {
                        expect(format!("a `{}` fragment", kind.name()));
                    }
                }
                Loc::Eof => {
                    if matches!(next_token, Next::End) {
                        finished.push(t);
                    } else {
                        expect("the end of the invocation".into());
                    }
                }
            }
        }

        if matches!(next_token, Next::End) {
            return match finished.len() {
                1 => Outcome::Matched(bindings(matcher, &finished[0])),
                0 => Outcome::NoMatch(Failure {
                    pos,
                    span: input.end_span,
                    message: format!(
                        "unexpected end of the invocation{}",
                        expected_text(&expected)
                    ),
                }),
                _ => Outcome::Error(Failure {
                    pos,
                    span: input.end_span,
                    message: "ambiguous invocation: the rule matches it in more than one way"
                        .into(),
                }),
            };
        }
        match (next.len(), wants_fragment.len()) {
            (0, 0) => {
                return Outcome::NoMatch(Failure {
                    pos,
                    span: input.span_at(pos),
                    message: format!(
                        "no rule expected {}{}",
                        input.describe(pos),
                        expected_text(&expected)
                    ),
                })
            }
            (_, 0) => {
                cur = next;
                pos += 1;
            }
            (0, 1) => {
                drop(finished);
                let Some(mut t) = wants_fragment.pop() else {
                    continue;
                };
                let Some(Loc::Var { slot, depth, kind }) = matcher.locs.get(t.idx) else {
                    continue;
                };
                let (len, window) =
                    match parse_len_windowed(*kind, |max| input.level_window(pos, max)) {
                        Ok(parsed) => parsed,
                        Err(e) => {
                            let name = matcher.slot_names.get(*slot).map_or("?", String::as_str);
                            return Outcome::Error(Failure {
                                pos,
                                span: if super::definition::is_unlocated(e.span()) {
                                    input.span_at(pos)
                                } else {
                                    e.span()
                                },
                                message: format!(
                                    "`${name}:{}` cannot be parsed here: {e}",
                                    kind.name()
                                ),
                            });
                        }
                    };
                let fragment = Fragment {
                    kind: *kind,
                    tokens: window.into_iter().take(len).collect(),
                };
                if let Err(message) = t.push_match(*slot, *depth, Named::One(Rc::new(fragment))) {
                    return Outcome::Error(Failure {
                        pos,
                        span: input.span_at(pos),
                        message,
                    });
                }
                t.idx += 1;
                pos = input.skip(pos, len);
                cur = vec![t];
            }
            _ => {
                let options: Vec<String> = wants_fragment
                    .iter()
                    .filter_map(|t| match matcher.locs.get(t.idx) {
                        Some(Loc::Var { slot, kind, .. }) => Some(format!(
                            "`${}:{}`",
                            matcher.slot_names.get(*slot).map_or("?", String::as_str),
                            kind.name()
                        )),
                        _ => None,
                    })
                    .collect();
                return Outcome::Error(Failure {
                    pos,
                    span: input.span_at(pos),
                    message: format!(
                        "local ambiguity: {} could each start here{}",
                        options.join(", "),
                        if next.is_empty() {
                            ""
                        } else {
                            ", and so could a literal token"
                        }
                    ),
                });
            }
        }
    }
}

fn expected_text(expected: &[String]) -> String {
    match expected {
        [] => String::new(),
        [one] => format!("; expected {one}"),
        many => format!("; expected one of {}", many.join(", ")),
    }
}

fn bindings(matcher: &Matcher, t: &Thread) -> Bindings {
    matcher
        .slot_names
        .iter()
        .cloned()
        .zip(t.matches.iter().cloned())
        .collect()
}
