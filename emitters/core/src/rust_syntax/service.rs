//! The shape of a public function in an `#[ffi_service]` impl block: what its receiver and
//! return type become in the exported C function.

use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Signature, Type};

/// `Result<A, B>` → `(A, B)`, when written with exactly two type arguments (the last path
/// segment is `Result`, so `std::result::Result` counts too).
pub fn result_parts(ty: &Type) -> Option<(&Type, &Type)> {
    let Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
        return None;
    };
    let types: Vec<&Type> = a
        .args
        .iter()
        .filter_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect();
    match types.as_slice() {
        [ok, err] => Some((ok, err)),
        _ => None,
    }
}

/// `()`.
pub fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(t) if t.elems.is_empty())
}

/// `Self` or the service type's own name.
pub fn is_self(ty: &Type, type_name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && (p.path.is_ident("Self") || p.path.is_ident(type_name)))
}

/// How a service function receives the handle.
#[derive(Clone, Copy, Debug)]
pub enum Receiver {
    /// No `self`: a constructor.
    None,
    /// `&self`: the C function takes `this: *const T`.
    Shared,
    /// `&mut self`: the C function takes `this: *mut T`.
    Exclusive,
    /// `self`, `mut self`, `self: Box<Self>` …: not allowed (the generated destructor is what
    /// consumes the value). The span is the receiver's.
    Invalid(proc_macro2::Span),
}

/// The receiver of a service function.
pub fn receiver(sig: &Signature) -> Receiver {
    let Some(FnArg::Receiver(r)) = sig.inputs.first() else {
        return Receiver::None;
    };
    match (&r.kind, r.mutability) {
        (syn::ReceiverKind::Reference(_, _, None), None) => Receiver::Shared,
        (syn::ReceiverKind::Reference(_, _, Some(_)), None) => Receiver::Exclusive,
        _ => Receiver::Invalid(r.span()),
    }
}

/// What the Rust return type becomes in C.
#[derive(Clone, Copy)]
pub enum Return<'a> {
    /// A function without receiver returning `Result<Self, E>`: a constructor that writes the
    /// handle to `out` and returns `E`.
    Constructor { error: &'a Type },
    /// A function without receiver returning anything else: not allowed (it would not be a
    /// constructor, and there is no handle to call it on). The span is the return type's, or
    /// the function name's when there is none.
    NotAConstructor(proc_macro2::Span),
    /// A method without return type.
    Nothing,
    /// `Result<(), E>`: the C function returns `E`.
    Error { error: &'a Type },
    /// `Result<V, E>`: the C function returns `interoptopus::FfiResult<V, E>`.
    ValueOrError { value: &'a Type, error: &'a Type },
    /// Any other type, returned as it is.
    Value(&'a Type),
}

/// The C return of a public service function of the type named `type_name`.
pub fn service_return<'a>(sig: &'a Signature, type_name: &str) -> Return<'a> {
    let output = match &sig.output {
        ReturnType::Default => None,
        ReturnType::Type(_, t) => Some(&**t),
    };
    if matches!(receiver(sig), Receiver::None) {
        return match output.and_then(result_parts) {
            Some((ok, error)) if is_self(ok, type_name) => Return::Constructor { error },
            _ => Return::NotAConstructor(output.map_or(sig.ident.span(), Spanned::span)),
        };
    }
    match output {
        None => Return::Nothing,
        Some(out) => match result_parts(out) {
            Some((ok, error)) if is_unit(ok) => Return::Error { error },
            Some((value, error)) => Return::ValueOrError { value, error },
            None => Return::Value(out),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(src: &str) -> Signature {
        syn::parse_str::<syn::ImplItemFn>(src)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .sig
    }

    /// Token text without pulling `quote` in: enough for the simple types used here.
    fn text(ty: &Type) -> String {
        match ty {
            Type::Path(p) => p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::"),
            Type::Tuple(t) if t.elems.is_empty() => "()".into(),
            _ => "?".into(),
        }
    }

    #[test]
    fn result_parts_needs_two_type_arguments() {
        let ty = |s: &str| syn::parse_str::<Type>(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let two = ty("std::result::Result<u32, E>");
        let (ok, err) = result_parts(&two).unwrap_or_else(|| panic!("not split"));
        assert_eq!((text(ok), text(err)), ("u32".into(), "E".into()));
        assert!(
            result_parts(&ty("Result<u32>")).is_none(),
            "an alias with one argument"
        );
        assert!(result_parts(&ty("Option<u32>")).is_none());
        assert!(result_parts(&ty("&Result<u32, E>")).is_none());
    }

    #[test]
    fn constructors() {
        let s = sig("pub fn new(x: u32) -> Result<Self, E> {}");
        assert!(
            matches!(service_return(&s, "Engine"), Return::Constructor { error } if text(error) == "E")
        );
        let s = sig("pub fn new() -> Result<Engine, E> {}");
        assert!(matches!(
            service_return(&s, "Engine"),
            Return::Constructor { .. }
        ));
        for bad in [
            "pub fn new() -> Result<Other, E> {}",
            "pub fn new() -> Self {}",
            "pub fn new() {}",
        ] {
            assert!(
                matches!(
                    service_return(&sig(bad), "Engine"),
                    Return::NotAConstructor(_)
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn methods() {
        let (nothing, error, both, value) = (
            sig("pub fn f(&self) {}"),
            sig("pub fn f(&mut self) -> Result<(), E> {}"),
            sig("pub fn f(&self) -> Result<f32, E> {}"),
            sig("pub fn f(&self) -> u32 {}"),
        );
        assert!(matches!(
            service_return(&nothing, "Engine"),
            Return::Nothing
        ));
        assert!(
            matches!(service_return(&error, "Engine"), Return::Error { error } if text(error) == "E")
        );
        assert!(matches!(
            service_return(&both, "Engine"),
            Return::ValueOrError { value, error } if text(value) == "f32" && text(error) == "E"
        ));
        assert!(matches!(service_return(&value, "Engine"), Return::Value(t) if text(t) == "u32"));
    }

    #[test]
    fn receivers() {
        assert!(matches!(receiver(&sig("fn f() {}")), Receiver::None));
        assert!(matches!(receiver(&sig("fn f(&self) {}")), Receiver::Shared));
        assert!(matches!(
            receiver(&sig("fn f(&'a mut self) {}")),
            Receiver::Exclusive
        ));
        for bad in [
            "fn f(self) {}",
            "fn f(mut self) {}",
            "fn f(self: Box<Self>) {}",
            "fn f(self: &Self) {}",
        ] {
            assert!(matches!(receiver(&sig(bad)), Receiver::Invalid(_)), "{bad}");
        }
    }
}
