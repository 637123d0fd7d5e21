//! `#[ffi_type]`: names, opacity, error enums, and `#[ffi(skip)]` on fields.

use interoptopus_core::rust_syntax::field::{self, FIELD_ATTR};
use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Meta, Token};

use crate::tokens::{item_error, with_errors};

#[derive(Default)]
struct Options {
    opaque: Option<Span>,
    error: Option<Span>,
    panic: Option<syn::Ident>,
    null: Option<syn::Ident>,
}

fn variant_ident(nv: &syn::MetaNameValue, errors: &mut Vec<syn::Error>) -> Option<syn::Ident> {
    match &nv.value {
        syn::Expr::Path(p) if p.path.get_ident().is_some() => p.path.get_ident().cloned(),
        other => {
            errors.push(syn::Error::new(
                other.span(),
                "expected a variant name, e.g. `panic = Panic`",
            ));
            None
        }
    }
}

fn parse_args(args: TokenStream, errors: &mut Vec<syn::Error>) -> Options {
    let mut o = Options::default();
    let metas =
        match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args) {
            Ok(m) => m,
            Err(e) => {
                errors.push(e);
                return o;
            }
        };
    for meta in metas {
        match &meta {
            Meta::Path(p) if p.is_ident("opaque") => o.opaque = Some(p.span()),
            Meta::Path(p) if p.is_ident("error") => o.error = Some(p.span()),
            Meta::NameValue(nv) if nv.path.is_ident("name") => {
                let is_str = matches!(
                    &nv.value,
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(_),
                        ..
                    })
                );
                if !is_str {
                    errors.push(syn::Error::new(
                        nv.value.span(),
                        "`name` takes a string: `name = \"CName\"`",
                    ));
                }
            }
            Meta::Path(p) if p.is_ident("skip") => errors.push(syn::Error::new(
                p.span(),
                format!("`skip` is not a type option: to leave a field out, write `#[{FIELD_ATTR}(skip)]` on the field; to leave the type out, use `Builder::exclude(\"crate::path::Type\")` in build.rs"),
            )),
            Meta::List(l) if l.path.is_ident("skip") => {
                let fields = l.tokens.to_string();
                errors.push(syn::Error::new_spanned(
                    &meta,
                    format!("fields are skipped where they are declared: write `#[{FIELD_ATTR}(skip)]` on the field (`{fields}`) instead"),
                ));
            }
            Meta::NameValue(nv) if nv.path.is_ident("panic") => o.panic = variant_ident(nv, errors),
            Meta::NameValue(nv) if nv.path.is_ident("null") => o.null = variant_ident(nv, errors),
            _ => errors.push(syn::Error::new(
                meta.span(),
                "unknown `ffi_type` option; expected `name = \"...\"`, `opaque`, or `error` (with optional `panic = Variant`, `null = Variant`)",
            )),
        }
    }
    o
}

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let options = parse_args(args, &mut errors);
    let mut parsed = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(i) => i,
        Err(e) => return with_errors(item, vec![e]),
    };
    if !matches!(
        parsed,
        syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Union(_)
    ) {
        errors.push(item_error(
            &parsed,
            "`#[ffi_type]` goes on a struct, enum or union",
        ));
        return with_errors(item, errors);
    }
    // rustc knows no `#[ffi]` attribute: it is read here (and by the scanner) and removed.
    take_field_attrs(&mut parsed, &mut errors);
    let item = parsed.to_token_stream();
    let mut extra = TokenStream::new();
    match (options.error, &parsed) {
        (Some(_), syn::Item::Enum(e)) => {
            if let Some(span) = options.opaque {
                errors.push(syn::Error::new(
                    span,
                    "an error enum is passed by value; it cannot be `opaque`",
                ));
            }
            if let Some(impls) = error_enum(e, &options, &mut errors) {
                extra = impls;
            }
        }
        (Some(span), _) => errors.push(syn::Error::new(span, "`error` goes on an enum")),
        (None, _) => {
            for (ident, what) in [(&options.panic, "panic"), (&options.null, "null")] {
                if let Some(i) = ident {
                    errors.push(syn::Error::new(
                        i.span(),
                        format!("`{what} = ...` only applies to error enums: add `error`"),
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return with_errors(item, errors);
    }
    let mut out = item;
    out.extend(extra);
    out
}

/// Checks and removes the `#[ffi(...)]` attributes: they belong on the fields of a struct
/// (`#[ffi(skip)]`); anywhere else in the item they are an error.
fn take_field_attrs(item: &mut syn::Item, errors: &mut Vec<syn::Error>) {
    let misplaced = |attrs: &mut Vec<syn::Attribute>, what: &str, errors: &mut Vec<syn::Error>| {
        for a in attrs.iter().filter(|a| field::is_field_attr(a)) {
            errors.push(syn::Error::new_spanned(
                a,
                format!("`#[{FIELD_ATTR}(...)]` goes on a field of a struct, not on {what}"),
            ));
        }
        attrs.retain(|a| !field::is_field_attr(a));
    };
    match item {
        syn::Item::Struct(s) => {
            misplaced(&mut s.attrs, "the struct itself", errors);
            for f in s.fields.iter_mut() {
                if let Err(e) = field::field_options(&f.attrs) {
                    errors.extend(e);
                }
                f.attrs.retain(|a| !field::is_field_attr(a));
            }
        }
        syn::Item::Enum(e) => {
            misplaced(&mut e.attrs, "an enum", errors);
            for v in e.variants.iter_mut() {
                misplaced(&mut v.attrs, "an enum variant", errors);
                for f in v.fields.iter_mut() {
                    misplaced(
                        &mut f.attrs,
                        "a field of an enum variant (every field of a variant is part of its C layout)",
                        errors,
                    );
                }
            }
        }
        syn::Item::Union(u) => {
            misplaced(&mut u.attrs, "a union", errors);
            for f in u.fields.named.iter_mut() {
                misplaced(
                    &mut f.attrs,
                    "a union field (every field of a union is part of its C layout)",
                    errors,
                );
            }
        }
        _ => {}
    }
}

/// The value of each variant, by Rust's rules, for literal discriminants.
fn discriminants(e: &syn::ItemEnum, errors: &mut Vec<syn::Error>) -> Option<Vec<i128>> {
    let mut next: i128 = 0;
    let mut out = Vec::new();
    for v in &e.variants {
        let value = match &v.discriminant {
            None => next,
            Some((_, expr)) => match literal_int(expr) {
                Some(n) => n,
                None => {
                    errors.push(syn::Error::new(
                        expr.span(),
                        "write the discriminants of an error enum as integer literals",
                    ));
                    return None;
                }
            },
        };
        out.push(value);
        next = value.wrapping_add(1);
    }
    Some(out)
}

fn literal_int(expr: &syn::Expr) -> Option<i128> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse().ok(),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => literal_int(expr).map(|n| -n),
        syn::Expr::Paren(p) => literal_int(&p.expr),
        syn::Expr::Group(g) => literal_int(&g.expr),
        _ => None,
    }
}

fn has_c_repr(attrs: &[syn::Attribute]) -> bool {
    const INTS: &[&str] = &[
        "C", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "isize",
    ];
    attrs.iter().filter(|a| a.path().is_ident("repr")).any(|a| {
        a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            .is_ok_and(|list| {
                list.iter()
                    .any(|m| INTS.iter().any(|name| m.path().is_ident(name)))
            })
    })
}

fn error_enum(
    e: &syn::ItemEnum,
    options: &Options,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let name = &e.ident;
    if !e.generics.params.is_empty() {
        errors.push(syn::Error::new(
            e.generics.span(),
            "an error enum cannot be generic",
        ));
    }
    if !has_c_repr(&e.attrs) {
        errors.push(syn::Error::new(
            name.span(),
            format!("error enum `{name}` needs `#[repr(C)]` (or an integer `repr`) so its values have a C type"),
        ));
    }
    for v in &e.variants {
        if !v.fields.is_empty() {
            errors.push(syn::Error::new(
                v.fields.span(),
                "the variants of an error enum cannot carry data",
            ));
        }
    }
    if !errors.is_empty() {
        return None;
    }
    let values = discriminants(e, errors)?;
    let Some(success) = e
        .variants
        .iter()
        .zip(&values)
        .find(|(_, v)| **v == 0)
        .map(|(v, _)| &v.ident)
    else {
        errors.push(syn::Error::new(
            name.span(),
            format!("error enum `{name}` has no variant with value 0; add one (e.g. `Ok = 0`): it means success"),
        ));
        return None;
    };
    let find = |wanted: &syn::Ident, what: &str, errors: &mut Vec<syn::Error>| match e
        .variants
        .iter()
        .find(|v| v.ident == *wanted)
    {
        Some(v) if v.ident == *success => {
            errors.push(syn::Error::new(
                wanted.span(),
                format!("the {what} variant cannot be the success variant"),
            ));
            None
        }
        Some(v) => Some(v.ident.clone()),
        None => {
            errors.push(syn::Error::new(
                wanted.span(),
                format!("`{name}` has no variant `{wanted}`"),
            ));
            None
        }
    };
    let by_name = |names: &[&str]| {
        e.variants
            .iter()
            .find(|v| names.iter().any(|n| v.ident == n) && v.ident != *success)
            .map(|v| v.ident.clone())
    };
    let panic = match &options.panic {
        Some(p) => Some(find(p, "panic", errors)?),
        None => by_name(&["Panic"]),
    };
    let null = match &options.null {
        Some(n) => Some(find(n, "null", errors)?),
        None => by_name(&["Null", "NullPointer"]),
    };
    let mut out = quote! {
        impl ::interoptopus::ErrorEnum for #name {
            const SUCCESS: Self = #name::#success;
            fn is_success(&self) -> bool {
                ::core::matches!(self, #name::#success)
            }
        }
    };
    match (panic, null) {
        (Some(panic), null) => {
            let null = null.unwrap_or_else(|| panic.clone());
            out.extend(quote! {
                impl ::interoptopus::Fallback for #name {
                    fn on_panic() -> Self {
                        #name::#panic
                    }
                    fn on_null() -> Self {
                        #name::#null
                    }
                }
            });
        }
        (None, Some(null)) if options.null.is_some() => {
            errors.push(syn::Error::new(
                null.span(),
                format!("`{name}` has a null variant but no panic variant; add a `Panic` variant or name one with `panic = Variant`"),
            ));
            return None;
        }
        (None, _) => {}
    }
    Some(out)
}
