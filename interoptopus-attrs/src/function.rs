//! `#[ffi_function]`: export a function with the C ABI, optionally behind a panic guard.

use proc_macro2::TokenStream;
use quote::{quote_spanned, ToTokens};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Meta, Token};

use crate::checks;
use crate::tokens::{has_export_attr, item_error, return_span, with_errors};

enum PanicMode {
    /// No guard: a panic reaching the `extern "C"` frame aborts.
    Abort,
    /// `panic`: return `Fallback::on_panic()`.
    Fallback,
    /// `panic = <expr>`: return the expression.
    Value(Box<syn::Expr>),
}

fn parse_args(args: TokenStream, errors: &mut Vec<syn::Error>) -> PanicMode {
    let metas =
        match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args) {
            Ok(m) => m,
            Err(e) => {
                errors.push(e);
                return PanicMode::Abort;
            }
        };
    let mut mode = PanicMode::Abort;
    for meta in metas {
        match &meta {
            Meta::Path(p) if p.is_ident("panic") => mode = PanicMode::Fallback,
            Meta::NameValue(nv) if nv.path.is_ident("panic") => {
                mode = PanicMode::Value(Box::new(nv.value.clone()))
            }
            _ => errors.push(syn::Error::new(
                meta.span(),
                "unknown `ffi_function` option; expected `panic` or `panic = <value>`",
            )),
        }
    }
    mode
}

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let mode = parse_args(args, &mut errors);
    let mut f: syn::ItemFn = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Fn(f)) => f,
        Ok(other) => {
            errors.push(item_error(&other, "`#[ffi_function]` goes on a function"));
            return with_errors(item, errors);
        }
        Err(e) => {
            errors.push(e);
            return with_errors(item, errors);
        }
    };
    checks::check_exportable(&f.sig, &mut errors);
    checks::check_signature(&f.sig, &mut errors);
    match &f.sig.abi {
        None => f.sig.abi = Some(syn::parse_quote!(extern "C")),
        Some(abi) => {
            let ok = abi
                .name
                .as_ref()
                .is_none_or(|n| n.value() == "C" || n.value() == "C-unwind");
            if !ok {
                errors.push(syn::Error::new(
                    abi.span(),
                    "an exported function must use the C ABI; write `extern \"C\"` or leave the ABI out",
                ));
            }
        }
    }
    if !errors.is_empty() {
        return with_errors(item, errors);
    }
    if !has_export_attr(&f.attrs) {
        f.attrs.push(syn::parse_quote!(#[unsafe(no_mangle)]));
    }
    let block = &f.block;
    // Spanned at the return type: a type without a fallback value is reported there.
    let at = return_span(&f.sig.output);
    let guarded = match mode {
        PanicMode::Abort => None,
        PanicMode::Fallback => Some(quote_spanned! {at=>
            { ::interoptopus::__private::guard(move || #block) }
        }),
        PanicMode::Value(value) => Some(quote_spanned! {at=>
            { ::interoptopus::__private::guard_or(move || #block, move || #value) }
        }),
    };
    if let Some(body) = guarded {
        match syn::parse2(body) {
            Ok(b) => f.block = Box::new(b),
            Err(e) => return with_errors(item, vec![e]),
        }
    }
    f.into_token_stream()
}
