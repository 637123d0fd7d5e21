//! Fields marked `#[ffi(skip)]`: read with the reader the `#[ffi_type]` macro uses
//! (`interoptopus_core::rust_syntax::field`), left out of the model, and refused when their
//! type is known not to be zero-sized.
//!
//! A skipped field still occupies memory in the Rust struct, so leaving it out of the C struct
//! is only correct when it takes none. What lowering can size from the source (primitives,
//! pointers, `Option`/`Box`/`NonNull`, the runtime's pattern types, arrays, local types with
//! such fields) is checked here, with a located error. Everything else (a `PhantomData`, a
//! unit struct, a type from another crate) is accepted: the size assertion of
//! `interoptopus::layout_checks!()` then makes rustc prove that the struct still has the size
//! the model gives it. Without that macro nothing would, so lowering warns.

use interoptopus_core::model::TypeRef;
use interoptopus_core::rust_syntax::field::{self, FIELD_ATTR};
use syn::spanned::Spanned;

use super::builtins::{self, Builtin};
use super::index::{ItemKind, ItemRef};
use super::resolve::{Entity, Namespace};
use super::types::{Reported, TypeScope};
use super::{attrs, Lowerer};

/// What declares the fields being lowered: only struct fields can be skipped.
#[derive(Clone, Copy)]
pub(super) enum FieldOwner<'s> {
    /// A struct, and whether it carries `#[ffi_type]` (which removes `#[ffi(...)]` before
    /// rustc sees it).
    Struct {
        name: &'s syn::Ident,
        marked: bool,
    },
    Union,
    Variant,
}

/// What lowering knows about the size of a type written in the source.
enum Size {
    Zero,
    /// Not zero-sized; the text says why, for the error.
    NonZero(String),
    /// Cannot tell without rustc.
    Unknown,
}

/// How deep the size of nested local types is followed (recursive types end here).
const MAX_DEPTH: u32 = 16;

impl Lowerer<'_> {
    /// Whether a field is skipped. Errors (unreadable options, a misplaced attribute, a field
    /// known not to be zero-sized) are reported here.
    pub(super) fn is_skipped_field(
        &mut self,
        f: &syn::Field,
        index: usize,
        owner: FieldOwner<'_>,
        scope: TypeScope<'_>,
    ) -> Result<bool, Reported> {
        let module = scope.module;
        let Some(attr) = f.attrs.iter().find(|a| field::is_field_attr(a)) else {
            return Ok(false);
        };
        let options = match field::field_options(&f.attrs) {
            Ok(o) => o,
            Err(errors) => {
                for e in errors {
                    self.error(
                        module,
                        e.span(),
                        e.to_string(),
                        format!("the only field option is `skip`: `#[{FIELD_ATTR}(skip)]`"),
                    );
                }
                return Err(Reported);
            }
        };
        let what = match owner {
            FieldOwner::Struct { marked: true, .. } => None,
            FieldOwner::Struct {
                name,
                marked: false,
            } => Some((
                format!("`#[{FIELD_ATTR}(...)]` on a field of `{name}`, which has no `#[ffi_type]`"),
                format!("add `#[interoptopus::ffi_type]` to `{name}`: it reads and removes `#[{FIELD_ATTR}(...)]`, which rustc does not know"),
            )),
            FieldOwner::Union => Some((
                format!("`#[{FIELD_ATTR}(...)]` on a union field"),
                "only struct fields can be skipped: every field of a union is part of its C layout".to_string(),
            )),
            FieldOwner::Variant => Some((
                format!("`#[{FIELD_ATTR}(...)]` on a field of an enum variant"),
                "only struct fields can be skipped: every field of a variant is part of its C layout".to_string(),
            )),
        };
        if let Some((message, hint)) = what {
            self.error(module, attr.span(), message, hint);
            return Err(Reported);
        }
        if options.skip.is_none() {
            return Ok(false);
        }
        let bound = match &f.ty {
            syn::Type::Path(p) => p.path.get_ident().and_then(|ident| {
                scope
                    .generics
                    .iter()
                    .find(|(n, _)| ident == n)
                    .map(|(n, ty)| bound_size(ty, n))
            }),
            _ => None,
        };
        let params: Vec<String> = scope.generics.iter().map(|(n, _)| n.clone()).collect();
        let size = match bound {
            Some(size) => size,
            None => self.size_in_source(&f.ty, module, &params, 0),
        };
        match size {
            Size::Zero => {}
            Size::NonZero(why) => {
                let name = f
                    .ident
                    .as_ref()
                    .map_or_else(|| index.to_string(), ToString::to_string);
                self.error(
                    module,
                    f.ty.span(),
                    format!("field `{name}` is marked `#[{FIELD_ATTR}(skip)]` but is not zero-sized: {why}"),
                    "a skipped field still takes space in the `#[repr(C)]` struct, so C would read every later field at the wrong offset; only zero-sized markers (`PhantomData<T>`, unit structs) can be skipped: remove `#[ffi(skip)]` or move the data out of the struct",
                );
                return Err(Reported);
            }
            Size::Unknown => self.unproven_skips.push((module, f.ty.span())),
        }
        Ok(true)
    }

    /// Skipped fields of unknown size are proven zero-sized only by the Rust-side layout check;
    /// a crate without `interoptopus::layout_checks!()` gets a warning per field.
    pub(super) fn warn_unproven_skips(&mut self) {
        if self.unproven_skips.is_empty() || super::patterns::support_macro_span(self).is_some() {
            return;
        }
        // A generic struct is lowered once per instance: one warning per field is enough.
        let mut seen = std::collections::BTreeSet::new();
        for (module, span) in std::mem::take(&mut self.unproven_skips) {
            let start = span.start();
            if !seen.insert((module, start.line, start.column)) {
                continue;
            }
            let file = self.file_of(module).to_path_buf();
            self.warnings.push(
                crate::diagnostic::Diagnostic::warning(format!(
                    "nothing checks that this `#[{FIELD_ATTR}(skip)]` field is zero-sized"
                ))
                .at_span(&file, span)
                .hint("add `interoptopus::layout_checks!();` to the crate root: rustc then proves the struct still has the size the bindings give it"),
            );
        }
    }

    /// The size of `ty` as far as the source tells, without lowering it (nothing is reported
    /// and nothing is added to the model). `params` are generic parameter names in scope,
    /// whose size is unknown.
    fn size_in_source(
        &mut self,
        ty: &syn::Type,
        module: usize,
        params: &[String],
        depth: u32,
    ) -> Size {
        if depth > MAX_DEPTH {
            return Size::Unknown;
        }
        match ty {
            syn::Type::Paren(p) => self.size_in_source(&p.elem, module, params, depth + 1),
            syn::Type::Group(g) => self.size_in_source(&g.elem, module, params, depth + 1),
            syn::Type::Ptr(_) => Size::NonZero("it is a pointer".into()),
            syn::Type::Reference(_) => Size::NonZero("it is a reference".into()),
            syn::Type::FnPtr(_) => Size::NonZero("it is a function pointer".into()),
            syn::Type::Tuple(t) => {
                let sizes: Vec<Size> = t
                    .elems
                    .iter()
                    .map(|e| self.size_in_source(e, module, params, depth + 1))
                    .collect();
                all_or_any(sizes, "a tuple element is not zero-sized")
            }
            syn::Type::Array(a) => {
                // Evaluated quietly: an unreadable length is simply unknown here.
                let reported = self.errors.len();
                let len = self.eval_array_len(&a.len, module);
                self.errors.truncate(reported);
                match len {
                    Ok(0) => Size::Zero,
                    Ok(n) => match self.size_in_source(&a.elem, module, params, depth + 1) {
                        Size::NonZero(_) => {
                            Size::NonZero(format!("it is an array of {n} non-zero-sized elements"))
                        }
                        other => other,
                    },
                    Err(Reported) => Size::Unknown,
                }
            }
            syn::Type::Path(p) if p.qself.is_none() => {
                if let Some(ident) = p.path.get_ident() {
                    if params.iter().any(|n| ident == n) || ident == "Self" {
                        return Size::Unknown;
                    }
                }
                match self.index.resolve_path(module, &p.path, Namespace::Type) {
                    Some(Entity::Item(item)) => self.size_of_item(item, depth + 1),
                    Some(Entity::External(ext)) => self.size_of_external(&ext, &p.path),
                    _ => Size::Unknown,
                }
            }
            _ => Size::Unknown,
        }
    }

    fn size_of_external(&mut self, ext: &[String], path: &syn::Path) -> Size {
        if super::patterns::runtime_type(ext).is_some() {
            return Size::NonZero(format!(
                "`interoptopus::{}` holds pointers or values",
                ext.last().map_or("", String::as_str)
            ));
        }
        match builtins::lookup(ext, &self.options.target) {
            Some(Builtin::Primitive(p) | Builtin::NonZero(p)) => {
                Size::NonZero(format!("`{}` is a primitive", p.rust_name()))
            }
            Some(Builtin::NonZeroGeneric) => Size::NonZero("`NonZero` is a primitive".into()),
            Some(Builtin::Option | Builtin::Box | Builtin::NonNull) => {
                let name = path
                    .segments
                    .last()
                    .map_or(String::new(), |s| s.ident.to_string());
                Size::NonZero(format!("`{name}` always takes space"))
            }
            Some(Builtin::PhantomData) => Size::Zero,
            Some(Builtin::Void | Builtin::Unsupported(_)) | None => Size::Unknown,
        }
    }

    fn size_of_item(&mut self, item: ItemRef, depth: u32) -> Size {
        let syntax = self.item(item);
        let params = |g: &syn::Generics| -> Vec<String> {
            g.type_params().map(|p| p.ident.to_string()).collect()
        };
        match (item.kind, syntax) {
            (ItemKind::TypeAlias, syn::Item::Type(t)) => {
                self.size_in_source(&t.ty, item.module, &params(&t.generics), depth)
            }
            (ItemKind::Struct, syn::Item::Struct(s)) => {
                let names = params(&s.generics);
                let sizes: Vec<Size> = s
                    .fields
                    .iter()
                    .map(|f| self.size_in_source(&f.ty, item.module, &names, depth))
                    .collect();
                all_or_any(sizes, &format!("`{}` has a non-zero-sized field", s.ident))
            }
            (ItemKind::Union, syn::Item::Union(u)) => {
                let names = params(&u.generics);
                let sizes: Vec<Size> = u
                    .fields
                    .named
                    .iter()
                    .map(|f| self.size_in_source(&f.ty, item.module, &names, depth))
                    .collect();
                all_or_any(sizes, &format!("`{}` has a non-zero-sized field", u.ident))
            }
            (ItemKind::Enum, syn::Item::Enum(e)) => {
                let c_like = attrs::repr(&e.attrs).is_ok_and(|r| r.c || r.int.is_some());
                let tagged = if c_like { 1 } else { 2 };
                if e.variants.len() >= tagged {
                    Size::NonZero(format!("enum `{}` stores a discriminant", e.ident))
                } else {
                    Size::Unknown
                }
            }
            _ => Size::Unknown,
        }
    }
}

/// Zero when every part is, non-zero when any part is, else unknown.
fn all_or_any(sizes: Vec<Size>, why: &str) -> Size {
    let mut all_zero = true;
    for s in sizes {
        match s {
            Size::NonZero(_) => return Size::NonZero(why.to_string()),
            Size::Unknown => all_zero = false,
            Size::Zero => {}
        }
    }
    if all_zero {
        Size::Zero
    } else {
        Size::Unknown
    }
}

/// The size of a generic argument bound in scope, from its lowered form.
fn bound_size(ty: &TypeRef, param: &str) -> Size {
    match ty {
        TypeRef::Primitive { .. } => {
            Size::NonZero(format!("`{param}` is a primitive in this instance"))
        }
        TypeRef::Pointer { .. } => {
            Size::NonZero(format!("`{param}` is a pointer in this instance"))
        }
        TypeRef::Array { len: 0, .. } => Size::Zero,
        TypeRef::Array { element, .. } => match bound_size(element, param) {
            Size::NonZero(_) => {
                Size::NonZero(format!("`{param}` is a non-empty array in this instance"))
            }
            other => other,
        },
        TypeRef::Void | TypeRef::Named { .. } => Size::Unknown,
    }
}
