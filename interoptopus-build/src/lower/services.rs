//! `#[ffi_service]` impl blocks: the functions the attribute generates, described with the
//! signatures it gives them, and the [`Service`] grouping them.
//!
//! The symbol names come from `interoptopus_core::naming::symbols` and the signature shapes
//! from `interoptopus_core::rust_syntax::service`, the functions the macro calls too:
//! constructor `fn(out: *mut *mut T, args…) -> E` for `Result<Self, E>`; method
//! `fn(this: *const T / *mut T, args…) -> R` where `Result<(), E>` becomes `E` and
//! `Result<V, E>` becomes `FfiResult<V, E>`; destructor `fn(this: *mut T)`.

use interoptopus_core::model::{Docs, FnSig, Function, Param, PointerKind, Service, TypeRef};
use interoptopus_core::naming::symbols;
use interoptopus_core::rust_syntax::service::{self as shape, Receiver, Return};
use syn::spanned::Spanned;

use super::patterns::Runtime;
use super::types::{Position, Reported, TypeScope};
use super::{attrs, Lowerer};

/// `prefix = "..."` of `#[ffi_service(...)]`; `Err` with the span of anything unreadable.
fn prefix_option(attrs: &[syn::Attribute]) -> Result<Option<String>, proc_macro2::Span> {
    let mut prefix = None;
    for a in attrs
        .iter()
        .filter(|a| attrs::is_ffi_attr(a, "ffi_service"))
    {
        if matches!(a.meta, syn::Meta::Path(_)) {
            continue;
        }
        let metas = a
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .map_err(|e| e.span())?;
        for m in metas {
            match &m {
                syn::Meta::NameValue(nv) if nv.path.is_ident("prefix") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => prefix = Some(s.value()),
                    other => return Err(other.span()),
                },
                other => return Err(other.span()),
            }
        }
    }
    Ok(prefix)
}

/// The span of the return type (the function name when there is none).
fn out_span(sig: &syn::Signature) -> proc_macro2::Span {
    match &sig.output {
        syn::ReturnType::Type(_, t) => t.span(),
        syn::ReturnType::Default => sig.ident.span(),
    }
}

fn param_name(pat: &syn::Pat, index: usize) -> String {
    match pat {
        syn::Pat::Ident(p) => {
            let n = p.ident.to_string();
            n.strip_prefix("r#").map(str::to_string).unwrap_or(n)
        }
        _ => format!("arg{index}"),
    }
}

impl Lowerer<'_> {
    /// Lowers the functions `#[ffi_service]` generates for this impl block.
    pub(super) fn lower_service(&mut self, imp: &syn::ItemImpl, module: usize) {
        let span = imp.self_ty.span();
        if imp.trait_.is_some() || !imp.generics.params.is_empty() {
            self.error(
                module,
                imp.impl_token.span,
                "`#[ffi_service]` goes on a non-generic inherent `impl` block",
                "write `impl MyType { … }` for one concrete, opaque type",
            );
            return;
        }
        let prefix_attr = match prefix_option(&imp.attrs) {
            Ok(p) => p,
            Err(span) => {
                self.error(
                    module,
                    span,
                    "cannot read this `#[ffi_service]` option",
                    "the only option is `prefix = \"...\"`",
                );
                return;
            }
        };
        let type_name = match &*imp.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        let Some(type_name) = type_name else {
            self.error(
                module,
                span,
                "a service is a named struct",
                "put `#[ffi_service]` on `impl MyType { … }`",
            );
            return;
        };
        let scope = TypeScope {
            module,
            generics: &[],
            self_ty: Some(&imp.self_ty),
        };
        let handle = match self.lower_type(&imp.self_ty, scope, Position::Pointee) {
            Ok(TypeRef::Named { id, .. }) if self.types.is_opaque(id) => id,
            Ok(TypeRef::Named { id, .. }) => {
                let path = self.types.def(id).rust_path.clone();
                self.error(
                    module,
                    span,
                    format!("`#[ffi_service]` needs an opaque type, but `{path}` has a C layout"),
                    "a service's fields stay private to Rust: remove `#[repr(C)]` or mark the type `#[ffi_type(opaque)]`",
                );
                return;
            }
            Ok(_) => {
                self.error(
                    module,
                    span,
                    "`#[ffi_service]` needs a struct declared in this crate",
                    "declare `pub struct MyType { … }` without `#[repr(C)]`",
                );
                return;
            }
            Err(Reported) => return,
        };
        let prefix = prefix_attr.unwrap_or_else(|| symbols::service_prefix(&type_name));
        let owner = self.rust_path(module, "");
        let handle_ref = TypeRef::named(handle);
        let mut service = Service {
            name: self.types.def(handle).name.clone(),
            rust_path: self.types.def(handle).rust_path.clone(),
            docs: self.types.def(handle).docs.clone(),
            span: self.span(module, span),
            handle,
            constructors: Vec::new(),
            methods: Vec::new(),
            destructor: symbols::service_destructor(&prefix),
        };
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else {
                continue;
            };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let name = symbols::service_function(&prefix, &f.sig.ident.to_string());
            let Ok((sig, is_ctor)) = self.service_signature(f, &type_name, &handle_ref, scope)
            else {
                continue;
            };
            if is_ctor {
                service.constructors.push(name.clone());
            } else {
                service.methods.push(name.clone());
            }
            let span = self.span(module, f.sig.ident.span());
            self.model.functions.push(Function {
                guard: self
                    .own_guard(module, &imp.attrs)
                    .and(&crate::scan::item_guard(&f.attrs)),
                rust_path: format!("{owner}::{name}"),
                name,
                docs: attrs::docs(&f.attrs),
                span,
                sig,
                deprecated: attrs::deprecation(&f.attrs),
            });
        }
        self.model.functions.push(Function {
            guard: self.own_guard(module, &imp.attrs),
            name: service.destructor.clone(),
            rust_path: format!("{owner}::{}", service.destructor),
            docs: Docs::from_lines([format!(
                "Destroys a `{type_name}` made by one of its constructors. Null is ignored; call it once per handle."
            )]),
            span: service.span.clone(),
            sig: FnSig {
                params: vec![Param {
                    name: symbols::SERVICE_THIS_PARAM.into(),
                    ty: TypeRef::pointer(handle_ref, true, true, PointerKind::Raw),
                }],
                ret: TypeRef::Void,
            },
            deprecated: None,
        });
        self.model.services.push(service);
    }

    /// The signature of the generated function and whether it is a constructor.
    fn service_signature(
        &mut self,
        f: &syn::ImplItemFn,
        type_name: &str,
        handle: &TypeRef,
        scope: TypeScope<'_>,
    ) -> Result<(FnSig, bool), Reported> {
        let sig = &f.sig;
        let module = scope.module;
        if sig.ident == symbols::SERVICE_DESTRUCTOR {
            return self.unsupported(
                module,
                sig.ident.span(),
                "a service method cannot be called `destroy`",
                "that name belongs to the generated destructor; rename the method",
            );
        }
        if sig.generics.type_params().next().is_some()
            || sig.generics.const_params().next().is_some()
            || sig.asyncness.is_some()
        {
            return self.unsupported(
                module,
                sig.ident.span(),
                "service functions cannot be generic or `async`",
                "write a concrete, synchronous function",
            );
        }
        let receiver = shape::receiver(sig);
        let first = match receiver {
            Receiver::None => Param {
                name: symbols::SERVICE_OUT_PARAM.into(),
                ty: TypeRef::pointer(
                    TypeRef::pointer(handle.clone(), true, true, PointerKind::Raw),
                    true,
                    true,
                    PointerKind::Raw,
                ),
            },
            Receiver::Shared | Receiver::Exclusive => Param {
                name: symbols::SERVICE_THIS_PARAM.into(),
                ty: TypeRef::pointer(
                    handle.clone(),
                    matches!(receiver, Receiver::Exclusive),
                    true,
                    PointerKind::Raw,
                ),
            },
            Receiver::Invalid(span) => {
                return self.unsupported(
                    module,
                    span,
                    "service methods take `&self` or `&mut self`",
                    "the generated destructor is what consumes the value",
                )
            }
        };
        let mut params = vec![first];
        let mut failed = false;
        for (i, input) in sig.inputs.iter().enumerate() {
            let syn::FnArg::Typed(t) = input else {
                continue;
            };
            match self.lower_type(&t.ty, scope, Position::Value) {
                Ok(ty) => params.push(Param {
                    name: param_name(&t.pat, i),
                    ty,
                }),
                Err(Reported) => failed = true,
            }
        }
        let ret = match shape::service_return(sig, type_name) {
            Return::Constructor { error } => self.lower_type(error, scope, Position::Value),
            Return::NotAConstructor(span) => self.unsupported(
                module,
                span,
                "a public associated function of a service must be a constructor returning `Result<Self, E>`",
                "make it private to keep it out of the C API, or give it a `&self` receiver",
            ),
            Return::Nothing => Ok(TypeRef::Void),
            Return::Error { error } => self.lower_type(error, scope, Position::Value),
            Return::ValueOrError { value, error } => {
                let value = self.lower_type(value, scope, Position::Value);
                let error = self.lower_type(error, scope, Position::Value);
                match (value, error) {
                    (Ok(v), Ok(e)) => self
                        .runtime_instance(Runtime::FfiResult, vec![v, e], out_span(sig), module)
                        .map(TypeRef::named),
                    _ => Err(Reported),
                }
            }
            Return::Value(ty) => self.lower_type(ty, scope, Position::Value),
        };
        if failed {
            return Err(Reported);
        }
        Ok((
            FnSig { params, ret: ret? },
            matches!(receiver, Receiver::None),
        ))
    }
}
