//! Token-level helpers shared by the macros.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::ToTokens;

/// The item followed by `compile_error!`s: keeping the item avoids a cascade of follow-up
/// errors about it being missing.
pub fn with_errors(item: TokenStream, errors: Vec<syn::Error>) -> TokenStream {
    let mut out = item;
    for e in errors {
        out.extend(e.into_compile_error());
    }
    out
}

/// Replaces every `Self` with `with`, and every `'_` with `'lifetime` (an explicit lifetime
/// the generated function declares).
pub fn replace_self(tokens: TokenStream, with: &TokenStream, lifetime: &str) -> TokenStream {
    let mut out = Vec::new();
    let mut after_quote = false;
    for tt in tokens {
        let was_quote = after_quote;
        after_quote = false;
        match tt {
            TokenTree::Ident(i) if i == "Self" => out.extend(with.clone()),
            TokenTree::Ident(i) if was_quote && i == "_" => {
                out.push(TokenTree::Ident(proc_macro2::Ident::new(
                    lifetime,
                    i.span(),
                )));
            }
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                after_quote = true;
                out.push(TokenTree::Punct(p));
            }
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), replace_self(g.stream(), with, lifetime));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// A type with `Self` and `'_` replaced.
pub fn replace_self_in_type(ty: &syn::Type, with: &TokenStream, lifetime: &str) -> TokenStream {
    replace_self(ty.to_token_stream(), with, lifetime)
}

/// Whether the attributes already export the symbol (`no_mangle` / `export_name`, plain or
/// inside `unsafe(...)`).
pub fn has_export_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        if path.is_ident("no_mangle") || path.is_ident("export_name") {
            return true;
        }
        path.is_ident("unsafe")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("no_mangle") || m.path().is_ident("export_name"))
    })
}

/// An error pointing at the head of an item (`struct Name`, `fn name`, `impl Type`), which
/// names it without underlining its whole body.
pub fn item_error(item: &syn::Item, message: &str) -> syn::Error {
    use quote::quote;
    let head = match item {
        syn::Item::Struct(i) => {
            let (k, n) = (&i.struct_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Enum(i) => {
            let (k, n) = (&i.enum_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Union(i) => {
            let (k, n) = (&i.union_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Fn(i) => {
            let (k, n) = (&i.sig.fn_token, &i.sig.ident);
            quote!(#k #n)
        }
        syn::Item::Impl(i) => {
            let (k, t) = (&i.impl_token, &i.self_ty);
            quote!(#k #t)
        }
        syn::Item::Trait(i) => {
            let (k, n) = (&i.trait_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Const(i) => {
            let (k, n) = (&i.const_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Static(i) => {
            let (k, n) = (&i.static_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Type(i) => {
            let (k, n) = (&i.type_token, &i.ident);
            quote!(#k #n)
        }
        syn::Item::Mod(i) => {
            let (k, n) = (&i.mod_token, &i.ident);
            quote!(#k #n)
        }
        other => other.to_token_stream(),
    };
    syn::Error::new_spanned(head, message)
}

/// The span of a return type, for errors about the returned value (`()` when there is none).
pub fn return_span(output: &syn::ReturnType) -> Span {
    match output {
        syn::ReturnType::Default => Span::call_site(),
        syn::ReturnType::Type(_, t) => syn::spanned::Spanned::span(&**t),
    }
}
