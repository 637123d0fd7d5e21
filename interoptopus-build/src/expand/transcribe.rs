//! Writing a rule's body out with the metavariables substituted.
//!
//! `$x` becomes the tokens `x` matched (with their own spans, so an exported function's name
//! points at the invocation that wrote it); `$( … ) sep op` repeats once per entry of the
//! repeating metavariables inside it, which must all repeat the same number of times;
//! `$crate` becomes `crate` (every macro we expand is local to the crate). Tokens written in
//! the macro body take the span of the invocation's macro name: a model span must name a
//! line in the file of the module the item ends up in, and the body may live in another file.
//! A `$name` that is not a metavariable is written out as is, which is how a macro defines
//! another macro.

use proc_macro2::{Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

use super::definition::{Kleene, Transcriber};
use super::matcher::{Bindings, Named};

/// A body that cannot be written out with these bindings.
#[derive(Debug)]
pub(super) struct TranscribeError {
    pub message: String,
    pub span: Span,
}

pub(super) fn transcribe(
    body: &[Transcriber],
    bindings: &Bindings,
    call_site: Span,
) -> Result<TokenStream, TranscribeError> {
    let mut writer = Writer {
        bindings,
        call_site,
        indices: Vec::new(),
    };
    let mut out = Vec::new();
    writer.write(body, &mut out)?;
    Ok(out.into_iter().collect())
}

struct Writer<'b> {
    bindings: &'b Bindings,
    call_site: Span,
    /// The iteration of each enclosing repetition, outermost first.
    indices: Vec<usize>,
}

impl Writer<'_> {
    fn write(
        &mut self,
        body: &[Transcriber],
        out: &mut Vec<TokenTree>,
    ) -> Result<(), TranscribeError> {
        for t in body {
            match t {
                Transcriber::Token(tok) => {
                    let mut tok = tok.clone();
                    tok.set_span(self.call_site);
                    out.push(tok);
                }
                Transcriber::Group(delimiter, inner) => {
                    let mut tokens = Vec::new();
                    self.write(inner, &mut tokens)?;
                    let mut group = Group::new(*delimiter, tokens.into_iter().collect());
                    group.set_span(self.call_site);
                    out.push(TokenTree::Group(group));
                }
                Transcriber::Crate => {
                    unjoin(out);
                    out.push(TokenTree::Ident(Ident::new("crate", self.call_site)));
                }
                Transcriber::Var(name, span) => match self.lookup(name, *span)? {
                    None => {
                        unjoin(out);
                        let mut dollar = Punct::new('$', Spacing::Alone);
                        dollar.set_span(self.call_site);
                        out.push(TokenTree::Punct(dollar));
                        out.push(TokenTree::Ident(Ident::new(name, self.call_site)));
                    }
                    Some(Named::One(fragment)) => {
                        unjoin(out);
                        out.extend(fragment.transcribed());
                        unjoin(out);
                    }
                    Some(Named::Many(_)) => {
                        return Err(TranscribeError {
                            message: format!(
                                "`${name}` is still repeating at this depth; wrap it in `$( … )*`"
                            ),
                            span: *span,
                        })
                    }
                },
                Transcriber::Repeat {
                    body: inner,
                    sep,
                    op,
                    span,
                } => {
                    let count = self.repeat_count(inner, *span)?;
                    if *op == Kleene::ZeroOrOne && count > 1 {
                        return Err(TranscribeError {
                            message: format!(
                                "a `$( … )?` repetition would run {count} times; it runs at most once"
                            ),
                            span: *span,
                        });
                    }
                    for i in 0..count {
                        unjoin(out);
                        if i > 0 {
                            out.extend(sep.iter().cloned().map(|mut t| {
                                t.set_span(self.call_site);
                                t
                            }));
                            unjoin(out);
                        }
                        self.indices.push(i);
                        let written = self.write(inner, out);
                        self.indices.pop();
                        written?;
                    }
                    unjoin(out);
                }
            }
        }
        Ok(())
    }

    /// The binding of `name` at the current repetition indices; `None` when `name` is not a
    /// metavariable of the rule.
    fn lookup(&self, name: &str, span: Span) -> Result<Option<&Named>, TranscribeError> {
        let Some(mut named) = self.bindings.get(name) else {
            return Ok(None);
        };
        for &i in &self.indices {
            match named {
                Named::Many(entries) => {
                    named = entries.get(i).ok_or_else(|| TranscribeError {
                        message: format!(
                            "`${name}` repeats fewer times than the repetition it is used in"
                        ),
                        span,
                    })?;
                }
                Named::One(_) => break,
            }
        }
        Ok(Some(named))
    }

    /// How many times a repetition runs: the common length of the metavariables inside it
    /// that still repeat at this depth.
    fn repeat_count(&self, body: &[Transcriber], span: Span) -> Result<usize, TranscribeError> {
        let mut names = Vec::new();
        collect_vars(body, &mut names);
        let mut count: Option<(usize, &str)> = None;
        for (name, var_span) in &names {
            if let Some(Named::Many(entries)) = self.lookup(name, *var_span)? {
                match count {
                    None => count = Some((entries.len(), name)),
                    Some((n, first)) if n != entries.len() => {
                        return Err(TranscribeError {
                            message: format!(
                                "`${first}` repeats {n} times but `${name}` repeats {} times",
                                entries.len()
                            ),
                            span: *var_span,
                        })
                    }
                    Some(_) => {}
                }
            }
        }
        count.map(|(n, _)| n).ok_or(TranscribeError {
            message: "this repetition contains no metavariable that repeats at this depth".into(),
            span,
        })
    }
}

/// Makes the last token stand alone if it is a punct joined to what followed it in the
/// source. Where substituted tokens meet body tokens, the spacing written in the source no
/// longer describes the neighbours: `&$t` with `$t = &u8` must stay two `&`, never the `&&`
/// operator (rustc never glues tokens across a substitution either).
fn unjoin(out: &mut [TokenTree]) {
    if let Some(TokenTree::Punct(p)) = out.last_mut() {
        if p.spacing() == Spacing::Joint {
            let mut alone = Punct::new(p.as_char(), Spacing::Alone);
            alone.set_span(p.span());
            *p = alone;
        }
    }
}

fn collect_vars<'t>(body: &'t [Transcriber], out: &mut Vec<(&'t str, Span)>) {
    for t in body {
        match t {
            Transcriber::Var(name, span) => out.push((name, *span)),
            Transcriber::Group(_, inner) | Transcriber::Repeat { body: inner, .. } => {
                collect_vars(inner, out)
            }
            Transcriber::Token(_) | Transcriber::Crate => {}
        }
    }
}
