//! Syntactic checks for types that can never cross the C ABI, so the mistake is reported at
//! the type with a hint towards the interoptopus type that does the job.

use syn::spanned::Spanned;
use syn::Type;

/// Where a type appears: decides which replacement the hint suggests.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Param,
    Return,
}

/// Every problem found in `ty` (and the types nested in it).
pub fn check_type(ty: &Type, position: Position, errors: &mut Vec<syn::Error>) {
    let err = |t: &Type, message: &str| syn::Error::new_spanned(t, message);
    match ty {
        Type::Reference(r) => match &*r.elem {
            Type::Path(p) if p.path.is_ident("str") => errors.push(err(
                ty,
                "`&str` cannot cross the C ABI; take `interoptopus::StrView` (UTF-8 pointer + length) or `interoptopus::CStrPtr` (NUL-terminated)",
            )),
            Type::Slice(_) => errors.push(err(
                ty,
                "a slice reference cannot cross the C ABI; use `interoptopus::Slice<T>` or `interoptopus::SliceMut<T>`",
            )),
            other => check_type(other, position, errors),
        },
        Type::Slice(_) => errors.push(err(
            ty,
            "a slice cannot cross the C ABI; use `interoptopus::Slice<T>`",
        )),
        Type::Tuple(t) if !t.elems.is_empty() => errors.push(err(
            ty,
            "tuples have no C layout; use a `#[repr(C)]` struct",
        )),
        Type::ImplTrait(_) | Type::TraitObject(_) => errors.push(err(
            ty,
            "trait types cannot cross the C ABI; pass an opaque handle (see `#[ffi_service]`) or an `interoptopus::Callback`",
        )),
        Type::Paren(p) => check_type(&p.elem, position, errors),
        Type::Group(g) => check_type(&g.elem, position, errors),
        Type::Ptr(p) => check_type(&p.elem, position, errors),
        Type::Array(a) => check_type(&a.elem, position, errors),
        Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return;
            };
            let name = last.ident.to_string();
            let message = match (name.as_str(), position) {
                ("String", Position::Return) => Some("`String` has no C layout; return `interoptopus::OwnedString`"),
                ("String", Position::Param) => Some("`String` has no C layout; take `interoptopus::StrView` or `interoptopus::CStrPtr`"),
                ("str", _) => Some("`str` cannot cross the C ABI; use `interoptopus::StrView`"),
                ("Vec", Position::Return) => Some("`Vec` has no C layout; return `interoptopus::OwnedVec<T>`"),
                ("Vec", Position::Param) => Some("`Vec` has no C layout; take `interoptopus::Slice<T>`"),
                ("Result", _) => Some("`Result` has no C layout; return an `#[ffi_type(error)]` enum or `interoptopus::FfiResult<T, E>`"),
                _ => None,
            };
            if let Some(m) = message {
                errors.push(err(ty, m));
                return;
            }
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                for a in &args.args {
                    if let syn::GenericArgument::Type(t) = a {
                        check_type(t, position, errors);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Checks every parameter and the return type of a signature.
pub fn check_signature(sig: &syn::Signature, errors: &mut Vec<syn::Error>) {
    for input in &sig.inputs {
        if let syn::FnArg::Typed(t) = input {
            check_type(&t.ty, Position::Param, errors);
        }
    }
    if let syn::ReturnType::Type(_, t) = &sig.output {
        check_type(t, Position::Return, errors);
    }
}

/// Generic, async and variadic functions cannot be exported.
pub fn check_exportable(sig: &syn::Signature, errors: &mut Vec<syn::Error>) {
    if let Some(a) = &sig.asyncness {
        errors.push(syn::Error::new(
            a.span(),
            "an exported function cannot be `async`; C cannot await it",
        ));
    }
    if let Some(p) = sig
        .generics
        .params
        .iter()
        .find(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
    {
        errors.push(syn::Error::new(
            p.span(),
            "an exported function cannot be generic; write one non-generic function per type",
        ));
    }
    if let Some(v) = &sig.variadic {
        errors.push(syn::Error::new(
            v.span(),
            "variadic functions cannot be exported",
        ));
    }
}
