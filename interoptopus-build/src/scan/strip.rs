//! Removes what `#[cfg]` turns off, the way rustc's cfg-stripping pass does before anything else
//! looks at the code.
//!
//! For every attribute list: `#[cfg_attr(pred, a, b)]` is replaced by `a, b` when `pred` holds
//! (recursively, so `cfg_attr` may produce `cfg_attr` or `cfg`) and dropped otherwise; then every
//! `#[cfg(pred)]` is evaluated. One false `cfg` removes the thing the list belongs to; the `cfg`
//! attributes of what stays are removed, so later stages never see `cfg` or `cfg_attr`.
//!
//! Covered: items, struct/union fields (named and tuple), enum variants and their fields,
//! impl/trait/foreign-block items, function parameters and generic parameters, and the leading
//! attributes of syntax syn keeps only as raw tokens (see `Stripper::verbatim`). Not covered:
//! expressions and statements inside bodies and initialisers, which the bindings never read.
//! `mod` items get their attributes processed here; their contents are the walker's job.

use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Fields, FnArg, ForeignItem, GenericParam, Generics, ImplItem, Item, Meta, Signature,
    TraitItem,
};

use interoptopus_core::model::Guard;

use super::cfg::CfgContext;
use super::guard::{guard_attribute, Resolved};
use super::predicate::{parse, split_commas};
use crate::diagnostic::Diagnostic;

/// What a cfg that depends on a guarded predicate means where it is written (see `guard.rs`).
#[derive(Clone, Copy, Debug)]
pub(super) enum GuardUse {
    /// An item the bindings may describe: it stays, marked with its guard.
    Mark,
    /// Syntax the bindings never describe (`use`, traits, extern blocks): it stays unmarked,
    /// as in the builds where the guard holds.
    Keep,
    /// A place that one C declaration cannot have conditionally: an error.
    Refuse(Refusal),
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Refusal {
    Field,
    Variant,
    Param,
    Generic,
    CrateRoot,
}

impl Refusal {
    /// Message and hint for a guarded cfg here; `guard` is the condition it would need.
    fn explain(self, guard: &str) -> (String, &'static str) {
        let (what, why, hint) = match self {
            Refusal::Field => (
                "a field",
                "the field changes the type's layout, so one C declaration cannot describe both feature sets",
                "keep the field in every build (the feature can decide what it holds), or move the feature's data into a guarded type of its own behind a pointer",
            ),
            Refusal::Variant => (
                "an enum variant",
                "the variant changes the enum's declaration (and, with data, its layout) between feature sets",
                "keep the variant in every build (a feature can decide whether it is produced), or guard the whole enum",
            ),
            Refusal::Param => (
                "a parameter",
                "the function's C prototype would differ between feature sets",
                "write one function per signature and guard each function",
            ),
            Refusal::Generic => (
                "a generic parameter",
                "exported types and functions must be the same in every feature set",
                "guard the whole item instead",
            ),
            Refusal::CrateRoot => (
                "the crate root",
                "the header would have to guard the whole crate",
                "guard the items or modules inside it instead",
            ),
        };
        (
            format!("{what} under a guarded cfg ({guard}) cannot be guarded: {why}"),
            hint,
        )
    }
}

/// Strips one file's syntax; problems are collected into `errors`.
pub(super) struct Stripper<'a> {
    cfg: &'a CfgContext,
    file: &'a Path,
    errors: &'a mut Vec<Diagnostic>,
}

impl<'a> Stripper<'a> {
    pub(super) fn new(
        cfg: &'a CfgContext,
        file: &'a Path,
        errors: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Stripper { cfg, file, errors }
    }

    /// Expands `cfg_attr` and evaluates `cfg` in place; returns whether the owner stays.
    /// A malformed predicate is reported and counts as false, so nothing behind it is read.
    /// A cfg that depends on a guarded predicate is handled as `guard_use` says.
    pub(super) fn attrs(&mut self, attrs: &mut Vec<Attribute>, guard_use: GuardUse) -> bool {
        // Most lists hold neither (docs, `repr`, `no_mangle`): leave them as they are.
        if !attrs
            .iter()
            .any(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"))
        {
            return true;
        }
        let mut expanded = Vec::with_capacity(attrs.len());
        for attr in attrs.drain(..) {
            self.expand_cfg_attr(attr, &mut expanded);
        }
        let mut keep = true;
        let mut conditions = Vec::new();
        let mut guarded_at = None;
        expanded.retain(|attr| {
            if attr.path().is_ident("cfg") {
                match self.eval_cfg(attr) {
                    Resolved::Known(holds) => keep &= holds,
                    Resolved::Guarded(cs) => {
                        conditions.extend(cs);
                        guarded_at.get_or_insert(attr.pound_token.span);
                    }
                }
                false
            } else {
                true
            }
        });
        let guard = Guard::new(conditions);
        if guard.contradiction().is_some() {
            keep = false;
        }
        if let (true, Some(span)) = (keep && !guard.is_always(), guarded_at) {
            match guard_use {
                GuardUse::Mark => expanded.push(guard_attribute(&guard.all, span)),
                GuardUse::Keep => {}
                GuardUse::Refuse(what) => {
                    let (message, hint) = what.explain(&self.cfg.describe(&guard.all));
                    self.errors.push(
                        Diagnostic::error(message)
                            .at_span(self.file, span)
                            .hint(hint),
                    );
                    keep = false;
                }
            }
        }
        *attrs = expanded;
        keep
    }

    /// Strips an item and everything inside it that can carry attributes; returns whether the
    /// item stays.
    pub(super) fn item(&mut self, item: &mut Item) -> bool {
        let guard_use = match item {
            Item::Fn(_)
            | Item::Struct(_)
            | Item::Enum(_)
            | Item::Union(_)
            | Item::Const(_)
            | Item::Static(_)
            | Item::Mod(_)
            | Item::Type(_)
            | Item::Impl(_)
            | Item::Macro(_) => GuardUse::Mark,
            _ => GuardUse::Keep,
        };
        let Some(attrs) = item_attrs(item) else {
            return match item {
                Item::Verbatim(tokens) => self.verbatim(tokens),
                _ => true,
            };
        };
        if !self.attrs(attrs, guard_use) {
            return false;
        }
        match item {
            Item::Struct(s) => {
                self.generics(&mut s.generics);
                self.fields(&mut s.fields);
            }
            Item::Enum(e) => {
                self.generics(&mut e.generics);
                retain(&mut e.variants, |v| {
                    let keep = self.attrs(&mut v.attrs, GuardUse::Refuse(Refusal::Variant));
                    if keep {
                        self.fields(&mut v.fields);
                    }
                    keep
                });
            }
            Item::Union(u) => {
                self.generics(&mut u.generics);
                retain(&mut u.fields.named, |f| {
                    self.attrs(&mut f.attrs, GuardUse::Refuse(Refusal::Field))
                });
            }
            Item::Fn(f) => self.signature(&mut f.sig),
            Item::Impl(i) => {
                self.generics(&mut i.generics);
                i.items.retain_mut(|it| self.impl_item(it));
            }
            Item::Trait(t) => {
                self.generics(&mut t.generics);
                t.items.retain_mut(|it| self.trait_item(it));
            }
            Item::ForeignMod(f) => f.items.retain_mut(|it| self.foreign_item(it)),
            Item::Type(t) => self.generics(&mut t.generics),
            Item::TraitAlias(t) => self.generics(&mut t.generics),
            _ => {}
        }
        true
    }

    fn impl_item(&mut self, item: &mut ImplItem) -> bool {
        match item {
            ImplItem::Const(c) => self.attrs(&mut c.attrs, GuardUse::Keep),
            ImplItem::Fn(f) => {
                self.attrs(&mut f.attrs, GuardUse::Mark) && self.then(|s| s.signature(&mut f.sig))
            }
            ImplItem::Type(t) => {
                self.attrs(&mut t.attrs, GuardUse::Keep)
                    && self.then(|s| s.generics(&mut t.generics))
            }
            ImplItem::Macro(m) => self.attrs(&mut m.attrs, GuardUse::Keep),
            ImplItem::Verbatim(tokens) => self.verbatim(tokens),
            _ => true,
        }
    }

    fn trait_item(&mut self, item: &mut TraitItem) -> bool {
        match item {
            TraitItem::Const(c) => self.attrs(&mut c.attrs, GuardUse::Keep),
            TraitItem::Fn(f) => {
                self.attrs(&mut f.attrs, GuardUse::Keep) && self.then(|s| s.signature(&mut f.sig))
            }
            TraitItem::Type(t) => {
                self.attrs(&mut t.attrs, GuardUse::Keep)
                    && self.then(|s| s.generics(&mut t.generics))
            }
            TraitItem::Macro(m) => self.attrs(&mut m.attrs, GuardUse::Keep),
            TraitItem::Verbatim(tokens) => self.verbatim(tokens),
            _ => true,
        }
    }

    fn foreign_item(&mut self, item: &mut ForeignItem) -> bool {
        match item {
            ForeignItem::Fn(f) => {
                self.attrs(&mut f.attrs, GuardUse::Keep) && self.then(|s| s.signature(&mut f.sig))
            }
            ForeignItem::Static(s) => self.attrs(&mut s.attrs, GuardUse::Keep),
            ForeignItem::Type(t) => self.attrs(&mut t.attrs, GuardUse::Keep),
            ForeignItem::Macro(m) => self.attrs(&mut m.attrs, GuardUse::Keep),
            ForeignItem::Verbatim(tokens) => self.verbatim(tokens),
            _ => true,
        }
    }

    /// Syntax syn has no structure for (`safe fn` in an `unsafe extern` block, a `fn` without
    /// body, …) arrives as raw tokens. Its leading attributes still decide whether it exists, so
    /// they are evaluated; the tokens themselves are left untouched (a true `cfg` stays in them),
    /// since rebuilding them would need `quote`.
    fn verbatim(&mut self, tokens: &TokenStream) -> bool {
        let leading_attrs = |input: ParseStream| {
            let attrs = input.call(Attribute::parse_outer)?;
            input.parse::<TokenStream>()?;
            Ok(attrs)
        };
        match leading_attrs.parse2(tokens.clone()) {
            Ok(mut attrs) => self.attrs(&mut attrs, GuardUse::Keep),
            Err(_) => true,
        }
    }

    /// Runs `f` and returns true: lets "keep it, then strip its insides" read as one expression.
    fn then(&mut self, f: impl FnOnce(&mut Self)) -> bool {
        f(self);
        true
    }

    fn fields(&mut self, fields: &mut Fields) {
        match fields {
            Fields::Named(named) => retain(&mut named.named, |f| {
                self.attrs(&mut f.attrs, GuardUse::Refuse(Refusal::Field))
            }),
            Fields::Unnamed(unnamed) => retain(&mut unnamed.unnamed, |f| {
                self.attrs(&mut f.attrs, GuardUse::Refuse(Refusal::Field))
            }),
            Fields::Unit => {}
        }
    }

    fn signature(&mut self, sig: &mut Signature) {
        self.generics(&mut sig.generics);
        retain(&mut sig.inputs, |arg| match arg {
            FnArg::Receiver(r) => self.attrs(&mut r.attrs, GuardUse::Refuse(Refusal::Param)),
            FnArg::Typed(t) => self.attrs(&mut t.attrs, GuardUse::Refuse(Refusal::Param)),
        });
    }

    fn generics(&mut self, generics: &mut Generics) {
        retain(&mut generics.params, |p| match p {
            GenericParam::Lifetime(l) => {
                self.attrs(&mut l.attrs, GuardUse::Refuse(Refusal::Generic))
            }
            GenericParam::Type(t) => self.attrs(&mut t.attrs, GuardUse::Refuse(Refusal::Generic)),
            GenericParam::Const(c) => self.attrs(&mut c.attrs, GuardUse::Refuse(Refusal::Generic)),
        });
    }

    /// Appends `attr` to `out`, or for `cfg_attr` the attributes it expands to.
    fn expand_cfg_attr(&mut self, attr: Attribute, out: &mut Vec<Attribute>) {
        if !attr.path().is_ident("cfg_attr") {
            out.push(attr);
            return;
        }
        let malformed = || {
            Diagnostic::error("malformed `cfg_attr` attribute")
                .hint("write it as `#[cfg_attr(predicate, attribute, ...)]`")
        };
        let Meta::List(list) = &attr.meta else {
            self.errors
                .push(malformed().at_span(self.file, attr.pound_token.span));
            return;
        };
        let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
        let Some(comma) = tokens
            .iter()
            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        else {
            self.errors
                .push(malformed().at_span(self.file, list.delimiter.span().join()));
            return;
        };
        let predicate: TokenStream = tokens[..comma].iter().cloned().collect();
        let whole = Some(list.delimiter.span().join());
        match self.cfg.eval_in(self.file, &predicate, whole) {
            Ok(true) => {}
            Ok(false) => return,
            Err(d) => {
                self.errors.push(d);
                return;
            }
        }
        for piece in split_commas(&tokens[comma + 1..]) {
            let meta_tokens: TokenStream = piece.iter().cloned().collect();
            match syn::parse2::<Meta>(meta_tokens) {
                Ok(meta) => {
                    let produced = Attribute {
                        meta,
                        ..attr.clone()
                    };
                    self.expand_cfg_attr(produced, out);
                }
                Err(e) => self.errors.push(
                    Diagnostic::error(format!("malformed attribute in `cfg_attr`: {e}"))
                        .at_span(self.file, e.span()),
                ),
            }
        }
    }

    /// A `#[cfg]`: decided for this build, or kept under guard conditions. A malformed one is
    /// reported and counts as false.
    fn eval_cfg(&mut self, attr: &Attribute) -> Resolved {
        let Meta::List(list) = &attr.meta else {
            self.errors.push(
                Diagnostic::error("malformed `cfg` attribute")
                    .at_span(self.file, attr.pound_token.span)
                    .hint("write it as `#[cfg(predicate)]`"),
            );
            return Resolved::Known(false);
        };
        let resolved = parse(self.file, &list.tokens, Some(list.delimiter.span().join()))
            .and_then(|p| self.cfg.resolve(self.file, &p));
        match resolved {
            Ok(r) => r,
            Err(d) => {
                self.errors.push(d);
                Resolved::Known(false)
            }
        }
    }
}

/// Strips one item that did not come from the walk (an item written by a macro expansion)
/// exactly as the walk strips written items; returns whether it stays. `mod` items get their
/// attributes processed only, as in the walk.
pub(crate) fn strip_item(
    cfg: &CfgContext,
    file: &Path,
    item: &mut Item,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    Stripper::new(cfg, file, errors).item(item)
}

/// The attribute list of any item that has one (`Item::Verbatim` has none).
pub(super) fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::ForeignMod(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::TraitAlias(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// `Vec::retain_mut` for comma lists.
fn retain<T, P: Default>(list: &mut Punctuated<T, P>, mut keep: impl FnMut(&mut T) -> bool) {
    *list = std::mem::take(list)
        .into_iter()
        .filter_map(|mut v| if keep(&mut v) { Some(v) } else { None })
        .collect();
}
