//! `#[ffi_service]`: export an opaque type's constructors, methods and destructor.
//!
//! The symbol names come from `interoptopus_core::naming::symbols` and the signature shapes
//! from `interoptopus_core::rust_syntax::service`, the same functions the build-time scanner
//! uses, so the header always describes what this macro generates.

use interoptopus_core::naming::symbols;
use interoptopus_core::rust_syntax::service::{self as shape, Receiver, Return};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Meta, Token};

use crate::checks::{self, Position};
use crate::tokens::{item_error, replace_self, replace_self_in_type, return_span, with_errors};

/// The lifetime that stands in for `'_` in generated signatures.
const LIFETIME: &str = "ffi";

fn parse_prefix(args: TokenStream, errors: &mut Vec<syn::Error>) -> Option<String> {
    let metas =
        match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args) {
            Ok(m) => m,
            Err(e) => {
                errors.push(e);
                return None;
            }
        };
    let mut prefix = None;
    for meta in metas {
        match &meta {
            Meta::NameValue(nv) if nv.path.is_ident("prefix") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => prefix = Some(s.value()),
                other => errors.push(syn::Error::new(
                    other.span(),
                    "`prefix` takes a string: `prefix = \"engine_\"`",
                )),
            },
            _ => errors.push(syn::Error::new(
                meta.span(),
                "unknown `ffi_service` option; expected `prefix = \"...\"`",
            )),
        }
    }
    prefix
}

/// One parameter of a generated function: its name and (rewritten) type.
struct Param {
    name: syn::Ident,
    ty: TokenStream,
}

struct Ctx<'a> {
    self_ty: TokenStream,
    type_name: &'a syn::Ident,
    prefix: String,
}

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let prefix = parse_prefix(args, &mut errors);
    let imp = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Impl(i)) => i,
        Ok(other) => {
            errors.push(item_error(
                &other,
                "`#[ffi_service]` goes on an inherent `impl` block of an opaque type",
            ));
            return with_errors(item, errors);
        }
        Err(e) => return with_errors(item, vec![e]),
    };
    if let Some((path, _)) = &imp.trait_ {
        errors.push(syn::Error::new(
            path.span(),
            "`#[ffi_service]` goes on an inherent `impl`, not a trait implementation",
        ));
        return with_errors(item, errors);
    }
    if !imp.generics.params.is_empty() {
        errors.push(syn::Error::new(
            imp.generics.span(),
            "a service cannot be generic: C needs one concrete type",
        ));
    }
    let type_name = match &*imp.self_ty {
        syn::Type::Path(p)
            if p.qself.is_none()
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.arguments.is_empty()) =>
        {
            p.path.segments.last().map(|s| s.ident.clone())
        }
        _ => None,
    };
    let Some(type_name) = type_name else {
        errors.push(syn::Error::new(
            imp.self_ty.span(),
            "a service is a named struct without generic arguments",
        ));
        return with_errors(item, errors);
    };
    if !errors.is_empty() {
        return with_errors(item, errors);
    }
    let ctx = Ctx {
        self_ty: imp.self_ty.to_token_stream(),
        prefix: prefix.unwrap_or_else(|| symbols::service_prefix(&type_name.to_string())),
        type_name: &type_name,
    };
    let mut generated = TokenStream::new();
    for impl_item in &imp.items {
        let syn::ImplItem::Fn(f) = impl_item else {
            continue;
        };
        if !matches!(f.vis, syn::Visibility::Public(_)) {
            continue;
        }
        if let Some(tokens) = wrapper(&ctx, f, &mut errors) {
            generated.extend(tokens);
        }
    }
    let destructor = format_ident!("{}", symbols::service_destructor(&ctx.prefix));
    let self_ty = &ctx.self_ty;
    let doc = format!(
        " Destroys a `{type_name}` made by one of its constructors. Null is ignored; call it once per handle."
    );
    generated.extend(quote! {
        #[doc = #doc]
        ///
        /// # Safety
        /// `this` must be null or a live handle of this service, not used afterwards.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn #destructor(this: *mut #self_ty) {
            unsafe { ::interoptopus::__private::service_destroy(this) }
        }
    });
    if !errors.is_empty() {
        return with_errors(item, errors);
    }
    let mut out = item;
    out.extend(generated);
    out
}

/// The exported function for one public function of the service.
fn wrapper(
    ctx: &Ctx<'_>,
    f: &syn::ImplItemFn,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let sig = &f.sig;
    let method = &sig.ident;
    let before = errors.len();
    if method == symbols::SERVICE_DESTRUCTOR {
        errors.push(syn::Error::new(
            method.span(),
            format!(
                "`{}` is the name of the generated destructor (`{}`); rename this method",
                symbols::SERVICE_DESTRUCTOR,
                symbols::service_destructor(&ctx.prefix)
            ),
        ));
    }
    checks::check_exportable(sig, errors);
    let receiver = shape::receiver(sig);
    if let Receiver::Invalid(span) = receiver {
        errors.push(syn::Error::new(
            span,
            "service methods take `&self` or `&mut self`; the generated destructor is what consumes the value",
        ));
    }
    let reserved = if matches!(receiver, Receiver::None) {
        symbols::SERVICE_OUT_PARAM
    } else {
        symbols::SERVICE_THIS_PARAM
    };
    let mut params = Vec::new();
    for (i, input) in sig.inputs.iter().enumerate() {
        let syn::FnArg::Typed(t) = input else {
            continue;
        };
        checks::check_type(&t.ty, Position::Param, errors);
        let name = match &*t.pat {
            syn::Pat::Ident(p) => p.ident.clone(),
            _ => format_ident!("arg{i}"),
        };
        if name == reserved {
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "the generated function uses a parameter named `{reserved}`; rename this one"
                ),
            ));
        }
        params.push(Param {
            name,
            ty: replace_self_in_type(&t.ty, &ctx.self_ty, LIFETIME),
        });
    }
    let returns = shape::service_return(sig, &ctx.type_name.to_string());
    let (ret, convert) = c_return(ctx, returns, errors);
    if errors.len() > before {
        return None;
    }
    let name = format_ident!(
        "{}",
        symbols::service_function(&ctx.prefix, &method.to_string())
    );
    let self_ty = &ctx.self_ty;
    let docs: Vec<&syn::Attribute> = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let lifetimes: Vec<TokenStream> = sig
        .generics
        .lifetimes()
        .map(|l| replace_self(l.to_token_stream(), self_ty, LIFETIME))
        .collect();
    let ffi_lifetime = syn::Lifetime::new(&format!("'{LIFETIME}"), Span::call_site());
    let names: Vec<&syn::Ident> = params.iter().map(|p| &p.name).collect();
    let types: Vec<&TokenStream> = params.iter().map(|p| &p.ty).collect();
    let call = quote! { <#self_ty>::#method };
    // Spanned at the return type: a type without a fallback value is reported there.
    let at = return_span(&sig.output);
    let (first, body, safety) = match (receiver, returns) {
        (Receiver::None, _) => (
            quote! { out: *mut *mut #self_ty },
            {
                let at = match returns {
                    Return::Constructor { error } => error.span(),
                    _ => at,
                };
                quote_spanned! {at=>
                    ::interoptopus::__private::service_new(out, move || #call(#(#names),*))
                }
            },
            "`out` must be null or valid for writing one pointer.",
        ),
        (Receiver::Shared | Receiver::Exclusive, _) => {
            let (ptr, helper) = if matches!(receiver, Receiver::Exclusive) {
                (quote! { *mut #self_ty }, quote! { service_mut })
            } else {
                (quote! { *const #self_ty }, quote! { service_ref })
            };
            let converted = match convert {
                Some(c) => quote! { #c(#call(__interoptopus_self, #(#names),*)) },
                None => quote! { #call(__interoptopus_self, #(#names),*) },
            };
            (
                quote! { this: #ptr },
                quote_spanned! {at=>
                    ::interoptopus::__private::#helper(this, move |__interoptopus_self| #converted)
                },
                "`this` must be null or a live handle of this service, not used elsewhere during the call.",
            )
        }
        // Reported above.
        (Receiver::Invalid(_), _) => return None,
    };
    Some(quote! {
        #(#docs)*
        ///
        /// # Safety
        #[doc = #safety]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn #name<#ffi_lifetime, #(#lifetimes),*>(#first, #(#names: #types),*) -> #ret {
            unsafe { #body }
        }
    })
}

/// The C return type of a service function and how its Rust value is converted.
fn c_return(
    ctx: &Ctx<'_>,
    returns: Return<'_>,
    errors: &mut Vec<syn::Error>,
) -> (TokenStream, Option<TokenStream>) {
    let c_type = |ty: &syn::Type| replace_self_in_type(ty, &ctx.self_ty, LIFETIME);
    match returns {
        Return::Constructor { error } => {
            checks::check_type(error, Position::Return, errors);
            (c_type(error), None)
        }
        Return::NotAConstructor(span) => {
            errors.push(syn::Error::new(
                span,
                "a public associated function of a service must be a constructor returning `Result<Self, E>` (E an `#[ffi_type(error)]` enum); make it private to keep it out of the C API",
            ));
            (TokenStream::new(), None)
        }
        Return::Nothing => (quote! { () }, None),
        Return::Error { error } => {
            checks::check_type(error, Position::Return, errors);
            (
                c_type(error),
                Some(quote! { ::interoptopus::__private::unit_result }),
            )
        }
        Return::ValueOrError { value, error } => {
            checks::check_type(value, Position::Return, errors);
            checks::check_type(error, Position::Return, errors);
            let (ok, err) = (c_type(value), c_type(error));
            (
                quote! { ::interoptopus::FfiResult<#ok, #err> },
                Some(quote! { ::interoptopus::__private::value_result }),
            )
        }
        Return::Value(ty) => {
            checks::check_type(ty, Position::Return, errors);
            (c_type(ty), None)
        }
    }
}
