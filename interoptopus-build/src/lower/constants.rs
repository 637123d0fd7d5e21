//! Public constants and exported statics.

use interoptopus_core::model::{ConstValue, Constant, Primitive, Static, TypeRef};
use syn::spanned::Spanned;

use super::attrs;
use super::const_eval::cast;
use super::types::{Position, TypeScope};
use super::Lowerer;

impl Lowerer<'_> {
    /// `pub const` items of primitive type become model constants. A `pub const` of another
    /// type is an error: exporting it silently as nothing would hide a missing API.
    pub(super) fn lower_root_const(&mut self, c: &syn::ItemConst, module: usize) {
        let rust_path = self.rust_path(module, &c.ident.to_string());
        let exported = matches!(c.vis, syn::Visibility::Public(_))
            || c.attrs
                .iter()
                .any(|a| attrs::is_ffi_attr(a, "ffi_constant"))
            || self.is_included(&rust_path);
        if !exported {
            return;
        }
        if self.is_excluded(&rust_path) || attrs::ffi_flag(&c.attrs, "ffi_constant", "skip") {
            return;
        }
        let Some(ty) = self.const_primitive(&c.ty, module) else {
            self.error(
                module,
                c.ty.span(),
                format!("public constant `{}` is not of a primitive type", c.ident),
                format!("only integer, float and bool constants can be exported; leave it out with `Builder::exclude(\"{rust_path}\")` or make it `pub(crate)`"),
            );
            return;
        };
        let Ok(value) = self.eval(&c.expr, module) else {
            return;
        };
        let value = cast(value, ty, self.options.target.pointer_width).value;
        let value = match (ty, value) {
            (Primitive::Bool, ConstValue::Int(i)) => ConstValue::Bool(i != 0),
            (_, v) => v,
        };
        let name = match self.renamed(&rust_path) {
            Some(n) => n,
            None => attrs::ffi_name_override(&c.attrs, "ffi_constant")
                .unwrap_or_else(|| c.ident.to_string()),
        };
        let span = self.span(module, c.ident.span());
        self.model.constants.push(Constant {
            guard: self.own_guard(module, &c.attrs),
            name,
            rust_path,
            docs: attrs::docs(&c.attrs),
            span,
            ty,
            value,
            deprecated: attrs::deprecation(&c.attrs),
        });
    }

    /// `#[no_mangle] static` items are symbols the foreign side can read (and write, if `mut`).
    pub(super) fn lower_root_static(&mut self, s: &syn::ItemStatic, module: usize) {
        let export_name = attrs::export_name(&s.attrs);
        if !attrs::has_no_mangle(&s.attrs) && export_name.is_none() {
            return;
        }
        let rust_path = self.rust_path(module, &s.ident.to_string());
        if self.is_excluded(&rust_path) {
            return;
        }
        let scope = TypeScope {
            module,
            generics: &[],
            self_ty: None,
        };
        let Ok(ty) = self.lower_type(&s.ty, scope, Position::Value) else {
            return;
        };
        if ty == TypeRef::Void {
            return;
        }
        let span = self.span(module, s.ident.span());
        self.model.statics.push(Static {
            guard: self.own_guard(module, &s.attrs),
            name: export_name.unwrap_or_else(|| s.ident.to_string()),
            rust_path,
            docs: attrs::docs(&s.attrs),
            span,
            ty,
            mutable: matches!(s.mutability, syn::StaticMutability::Mut(_)),
            deprecated: attrs::deprecation(&s.attrs),
        });
    }
}
