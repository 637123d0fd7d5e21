//! Finding the roots of the API (exported functions, public constants, exported statics)
//! and lowering function signatures.

use interoptopus_core::model::{FnSig, Function, Param, PointerKind, TypeRef};
use syn::spanned::Spanned;

use super::attrs;
use super::types::{Position, Reported, TypeScope};
use super::Lowerer;

/// Where an exported function was declared: free, or inside `impl Type { … }`.
pub(super) struct FnSite<'a> {
    pub module: usize,
    pub self_ty: Option<&'a syn::Type>,
    /// `crate::a::Type` for functions in an `impl`, `crate::a` otherwise.
    pub owner_path: String,
    /// The guard of the module, and of the `impl` block around the function.
    pub guard: interoptopus_core::model::Guard,
}

impl Lowerer<'_> {
    /// Walks every module of the crate being built in scan order, so the model lists items in
    /// source order. Dependency crates contribute types only: their own `#[no_mangle]`
    /// functions are symbols of their own, not of this library's API.
    pub(super) fn collect_roots(&mut self) {
        let main_modules = (0..self.sources.modules.len()).filter(|m| self.sources.is_main(*m));
        for module in main_modules.collect::<Vec<_>>() {
            for item in &self.module(module).items {
                match item {
                    syn::Item::Fn(f) => {
                        let site = FnSite {
                            module,
                            self_ty: None,
                            owner_path: self.rust_path(module, ""),
                            guard: self.own_guard(module, &[]),
                        };
                        self.lower_root_fn(&f.attrs, &f.sig, &site);
                    }
                    syn::Item::Impl(imp) if attrs::has_ffi_attr(&imp.attrs, "ffi_service") => {
                        self.lower_service(imp, module);
                    }
                    syn::Item::Impl(imp) if imp.trait_.is_none() => {
                        let owner = match &*imp.self_ty {
                            syn::Type::Path(p) => p
                                .path
                                .segments
                                .last()
                                .map(|s| self.rust_path(module, &s.ident.to_string()))
                                .unwrap_or_else(|| self.rust_path(module, "")),
                            _ => self.rust_path(module, ""),
                        };
                        for impl_item in &imp.items {
                            if let syn::ImplItem::Fn(f) = impl_item {
                                let site = FnSite {
                                    module,
                                    self_ty: Some(&imp.self_ty),
                                    owner_path: owner.clone(),
                                    guard: self.own_guard(module, &imp.attrs),
                                };
                                self.lower_root_fn(&f.attrs, &f.sig, &site);
                            }
                        }
                    }
                    syn::Item::Const(c) => self.lower_root_const(c, module),
                    syn::Item::Static(s) => self.lower_root_static(s, module),
                    _ => {}
                }
            }
        }
    }

    pub(super) fn lower_root_fn(
        &mut self,
        fn_attrs: &[syn::Attribute],
        sig: &syn::Signature,
        site: &FnSite<'_>,
    ) {
        let export_name = attrs::export_name(fn_attrs);
        // `#[ffi_function]` adds `#[no_mangle]` and `extern "C"` when they are missing.
        let marked = attrs::has_ffi_attr(fn_attrs, "ffi_function");
        if !attrs::has_no_mangle(fn_attrs) && export_name.is_none() && !marked {
            return;
        }
        let rust_path = format!("{}::{}", site.owner_path, sig.ident);
        if self.is_excluded(&rust_path) {
            return;
        }
        let module = site.module;
        let abi_ok = attrs::is_c_abi(sig.abi.as_ref()) || (marked && sig.abi.is_none());
        if !abi_ok {
            self.error(
                module,
                sig.ident.span(),
                format!("`{}` is exported but does not use the C ABI", sig.ident),
                "declare it `extern \"C\" fn`",
            );
            return;
        }
        if sig.generics.type_params().next().is_some()
            || sig.generics.const_params().next().is_some()
        {
            self.error(
                module,
                sig.generics.span(),
                format!("exported function `{}` is generic", sig.ident),
                "an exported symbol must be concrete; write a non-generic wrapper per type",
            );
            return;
        }
        if sig.variadic.is_some() {
            self.error(
                module,
                sig.span(),
                "variadic functions cannot be exported",
                "use a fixed parameter list",
            );
            return;
        }
        let scope = TypeScope {
            module,
            generics: &[],
            self_ty: site.self_ty,
        };
        let Ok(sig_model) = self.lower_signature(sig, scope) else {
            return;
        };
        let name = export_name.unwrap_or_else(|| sig.ident.to_string());
        let span = self.span(module, sig.ident.span());
        self.model.functions.push(Function {
            guard: site.guard.and(&crate::scan::item_guard(fn_attrs)),
            name,
            rust_path,
            docs: attrs::docs(fn_attrs),
            span,
            sig: sig_model,
            deprecated: attrs::deprecation(fn_attrs),
        });
    }

    fn lower_signature(
        &mut self,
        sig: &syn::Signature,
        scope: TypeScope<'_>,
    ) -> Result<FnSig, Reported> {
        let mut params = Vec::new();
        let mut failed = false;
        for (i, input) in sig.inputs.iter().enumerate() {
            let lowered = match input {
                syn::FnArg::Receiver(r) => self.lower_receiver(r, scope).map(|ty| Param {
                    name: "self_".into(),
                    ty,
                }),
                syn::FnArg::Typed(t) => {
                    self.lower_type(&t.ty, scope, Position::Value)
                        .map(|ty| Param {
                            name: param_name(&t.pat, i),
                            ty,
                        })
                }
            };
            match lowered {
                Ok(p) => params.push(p),
                Err(Reported) => failed = true,
            }
        }
        let ret = match &sig.output {
            syn::ReturnType::Default => Ok(TypeRef::Void),
            syn::ReturnType::Type(_, t) => self.lower_type(t, scope, Position::Value),
        };
        if failed {
            return Err(Reported);
        }
        Ok(FnSig { params, ret: ret? })
    }

    fn lower_receiver(
        &mut self,
        r: &syn::Receiver,
        scope: TypeScope<'_>,
    ) -> Result<TypeRef, Reported> {
        let Some(self_ty) = scope.self_ty else {
            return self.unsupported(
                scope.module,
                r.span(),
                "`self` outside an `impl` block",
                "remove it",
            );
        };
        let inner = TypeScope {
            self_ty: None,
            ..scope
        };
        match &r.kind {
            syn::ReceiverKind::Reference(_, _, mutability) => {
                let pointee = self.lower_type(self_ty, inner, Position::Pointee)?;
                Ok(TypeRef::pointer(
                    pointee,
                    mutability.is_some(),
                    false,
                    PointerKind::Reference,
                ))
            }
            // `self` and `mut self` are `Self` by value; `self: T` names its type.
            syn::ReceiverKind::Typed(_, ty) => self.lower_type(
                ty,
                TypeScope {
                    self_ty: Some(self_ty),
                    ..scope
                },
                Position::Value,
            ),
            _ => self.lower_type(self_ty, inner, Position::Value),
        }
    }
}

/// The parameter's name, or `arg<i>` for `_` and destructuring patterns.
fn param_name(pat: &syn::Pat, index: usize) -> String {
    match pat {
        syn::Pat::Ident(p) => {
            let n = p.ident.to_string();
            n.strip_prefix("r#").map(str::to_string).unwrap_or(n)
        }
        _ => format!("arg{index}"),
    }
}
