//! Lowering the definitions of structs, enums and unions (one generic instance at a time).

use interoptopus_core::model::{
    DataVariant, EnumVariant, Field, IntKind, StructRepr, TagStyle, TypeId, TypeKind, TypeRef,
};
use interoptopus_core::rust_syntax::field;
use syn::ext::IdentExt;
use syn::spanned::Spanned;

use super::attrs::{self, Repr};
use super::skip::FieldOwner;
use super::types::{is_phantom, Pending, Position, Reported, TypeScope};
use super::Lowerer;

impl Lowerer<'_> {
    pub(super) fn lower_definition(&mut self, pending: Pending) {
        let item = self.item(pending.item);
        let module = pending.item.module;
        let (generics, attrs) = match item {
            syn::Item::Struct(s) => (&s.generics, &s.attrs),
            syn::Item::Enum(e) => (&e.generics, &e.attrs),
            syn::Item::Union(u) => (&u.generics, &u.attrs),
            _ => return,
        };
        let bound: Vec<(String, TypeRef)> = generics
            .type_params()
            .map(|p| p.ident.to_string())
            .zip(pending.args.iter().cloned())
            .collect();
        let scope = TypeScope {
            module,
            generics: &bound,
            self_ty: None,
        };
        let repr = match attrs::repr(attrs) {
            Ok(r) => r,
            Err(e) => {
                self.error(
                    module,
                    e.span,
                    e.message,
                    "use `#[repr(C)]`, `#[repr(transparent)]` or an integer repr",
                );
                return;
            }
        };
        let kind = match item {
            syn::Item::Struct(s) => self.lower_struct(s, &repr, scope),
            syn::Item::Enum(e) => self.lower_enum(e, &repr, scope),
            syn::Item::Union(u) => self
                .lower_fields(
                    &syn::Fields::Named(u.fields.clone()),
                    scope,
                    FieldOwner::Union,
                )
                .map(|(fields, _)| TypeKind::Union {
                    fields,
                    repr: StructRepr {
                        packed: repr.packed,
                        align: repr.align,
                    },
                }),
            _ => return,
        };
        if let Ok(kind) = kind {
            self.types.def_mut(pending.id).kind = kind;
        }
        self.record_rust_access(pending.id, pending.item, item, &pending.args);
    }

    fn lower_struct(
        &mut self,
        s: &syn::ItemStruct,
        repr: &Repr,
        scope: TypeScope<'_>,
    ) -> Result<TypeKind, Reported> {
        let owner = FieldOwner::Struct {
            name: &s.ident,
            marked: attrs::has_ffi_attr(&s.attrs, "ffi_type"),
        };
        let (fields, tuple) = self.lower_fields(&s.fields, scope, owner)?;
        if repr.transparent {
            let mut fields = fields;
            return match (fields.pop(), fields.is_empty()) {
                (Some(field), true) => Ok(TypeKind::Transparent { field }),
                _ => self.unsupported(
                    scope.module,
                    s.ident.span(),
                    "`repr(transparent)` needs exactly one non-zero-sized field",
                    "mark the other fields `PhantomData`",
                ),
            };
        }
        if repr.int.is_some() {
            return self.unsupported(
                scope.module,
                s.ident.span(),
                "integer `repr` on a struct",
                "use `#[repr(C)]`",
            );
        }
        if repr.packed.is_some() && repr.align.is_some() {
            return self.unsupported(
                scope.module,
                s.ident.span(),
                "a struct cannot be both packed and aligned",
                "choose one",
            );
        }
        if fields.is_empty() {
            return self.unsupported(
                scope.module,
                s.ident.span(),
                "a struct without fields has no C equivalent (empty structs are not standard C)",
                "add a field, or make the type opaque by passing it only behind pointers",
            );
        }
        Ok(TypeKind::Struct {
            fields,
            repr: StructRepr {
                packed: repr.packed,
                align: repr.align,
            },
            tuple,
        })
    }

    /// Fields with `PhantomData` and `#[ffi(skip)]` fields dropped. Tuple fields are named
    /// `_0`, `_1` … after their position in Rust, so a dropped marker leaves a gap rather
    /// than renumbering.
    fn lower_fields(
        &mut self,
        fields: &syn::Fields,
        scope: TypeScope<'_>,
        owner: FieldOwner<'_>,
    ) -> Result<(Vec<Field>, bool), Reported> {
        let mut out = Vec::new();
        let mut failed = false;
        let tuple = matches!(fields, syn::Fields::Unnamed(_));
        for (i, f) in fields.iter().enumerate() {
            match self.is_skipped_field(f, i, owner, scope) {
                Ok(true) => continue,
                Ok(false) => {}
                Err(Reported) => {
                    failed = true;
                    continue;
                }
            }
            if is_phantom(&f.ty) {
                continue;
            }
            let (name, rust_name) = match &f.ident {
                Some(ident) => {
                    let n = ident.to_string();
                    let n = n.strip_prefix("r#").map(str::to_string).unwrap_or(n);
                    (n.clone(), ident.to_string())
                }
                None => (format!("_{i}"), i.to_string()),
            };
            match self.lower_type(&f.ty, scope, Position::Value) {
                Ok(ty) => out.push(Field {
                    name,
                    rust_name,
                    docs: attrs::docs(&f.attrs),
                    ty,
                }),
                Err(Reported) => failed = true,
            }
        }
        if failed {
            return Err(Reported);
        }
        Ok((out, tuple))
    }

    fn lower_enum(
        &mut self,
        e: &syn::ItemEnum,
        repr: &Repr,
        scope: TypeScope<'_>,
    ) -> Result<TypeKind, Reported> {
        if e.variants.is_empty() {
            return self.unsupported(
                scope.module,
                e.ident.span(),
                "an enum without variants has no values to pass",
                "add a variant or remove the type from the API",
            );
        }
        let has_data = e.variants.iter().any(|v| !v.fields.is_empty());
        let int = repr.int.unwrap_or(IntKind::I32);
        let values = self.discriminants(e, scope.module, int)?;
        if !has_data {
            let variants = e
                .variants
                .iter()
                .zip(values)
                .map(|(v, value)| EnumVariant {
                    name: v.ident.to_string(),
                    value,
                    docs: attrs::docs(&v.attrs),
                    deprecated: attrs::deprecation(&v.attrs),
                })
                .collect();
            return Ok(TypeKind::Enum {
                int,
                repr_c: repr.c,
                variants,
            });
        }
        let style = if repr.c {
            TagStyle::Separate
        } else {
            TagStyle::Inline
        };
        let mut variants = Vec::new();
        for (v, value) in e.variants.iter().zip(values) {
            let (fields, tuple) = self.lower_fields(&v.fields, scope, FieldOwner::Variant)?;
            variants.push(DataVariant {
                name: v.ident.to_string(),
                value,
                docs: attrs::docs(&v.attrs),
                fields,
                tuple,
            });
        }
        Ok(TypeKind::TaggedUnion {
            tag: int,
            style,
            variants,
        })
    }

    /// Discriminants by Rust's rules: explicit values evaluated, the rest one more than the
    /// previous; each must fit the tag type.
    pub(super) fn discriminants(
        &mut self,
        e: &syn::ItemEnum,
        module: usize,
        int: IntKind,
    ) -> Result<Vec<i128>, Reported> {
        let (min, max) = int_range(int, self.options.target.pointer_width);
        let mut next: i128 = 0;
        let mut out = Vec::new();
        for v in &e.variants {
            let value = match &v.discriminant {
                Some((_, expr)) => self.eval_int(expr, module)?,
                None => next,
            };
            if value < min || value > max {
                return self.unsupported(
                    module,
                    v.span(),
                    &format!("discriminant {value} does not fit `{}`", int.rust_name()),
                    "choose a wider `repr`",
                );
            }
            out.push(value);
            next = value + 1;
        }
        Ok(out)
    }

    /// Whether the crate root can name this type and its fields, for Rust-side asserts.
    fn record_rust_access(
        &mut self,
        id: TypeId,
        item: super::index::ItemRef,
        syn_item: &syn::Item,
        args: &[TypeRef],
    ) {
        let main = self.sources.is_main(item.module);
        let depth = self.module(item.module).path.len();
        // Another crate sees only `pub` (no `pub(crate)`, no privacy exception at its root).
        let visible = |vis: &syn::Visibility| {
            if main {
                visible_at_depth(vis, depth)
            } else {
                matches!(vis, syn::Visibility::Public(_))
            }
        };
        let (vis, fields_pub) = match syn_item {
            // Only fields in the model are named by `offset_of!`: markers may stay private.
            syn::Item::Struct(s) => (
                &s.vis,
                s.fields
                    .iter()
                    .filter(|f| !is_phantom(&f.ty) && !field::is_skipped(&f.attrs))
                    .all(|f| visible(&f.vis)),
            ),
            syn::Item::Enum(e) => (&e.vis, true),
            syn::Item::Union(u) => (&u.vis, u.fields.named.iter().all(|f| visible(&f.vis))),
            _ => return,
        };
        let at_root = main && depth == 0;
        let base = if main {
            let accessible = self.modules_visible_from_root(item.module) && visible(vis);
            accessible.then(|| {
                let name = self.types.def(id).rust_path.clone();
                match name.split_once('<') {
                    Some((base, _)) => base.to_string(),
                    None => name,
                }
            })
        } else {
            self.dependency_path(item)
        };
        let access_path = match (base, args.is_empty()) {
            (Some(base), true) => Some(base),
            (Some(base), false) => {
                let path = self.instance_path(&base, args);
                if path.is_none() {
                    // An argument's path is not known yet (runtime types get theirs last).
                    self.pending_instance_paths.push((
                        id,
                        base,
                        args.to_vec(),
                        at_root || fields_pub,
                    ));
                }
                path
            }
            (None, _) => None,
        };
        let accessible = access_path.is_some();
        let skipped_fields = match syn_item {
            syn::Item::Struct(s) => s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| field::is_skipped(&f.attrs))
                .map(|(i, f)| {
                    f.ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), |n| n.to_string())
                })
                .collect(),
            _ => Vec::new(),
        };
        let info = self.types.rust_mut(id);
        info.access_path = access_path;
        info.fields_visible = accessible && (at_root || fields_pub);
        info.skipped_fields = skipped_fields;
    }

    /// A generic instance spelled with its arguments the way the root can name them.
    fn instance_path(&self, base: &str, args: &[TypeRef]) -> Option<String> {
        args.iter()
            .map(|a| self.root_type_text(a))
            .collect::<Option<Vec<_>>>()
            .map(|a| format!("{base}<{}>", a.join(", ")))
    }

    /// Retries the generic instances whose arguments had no path yet, once every other path
    /// is known.
    pub(super) fn finish_instance_paths(&mut self) {
        for (id, base, args, fields) in std::mem::take(&mut self.pending_instance_paths) {
            let path = self.instance_path(&base, &args);
            let info = self.types.rust_mut(id);
            info.fields_visible = path.is_some() && fields;
            info.access_path = path;
        }
    }

    /// Every module on the way from the root must be visible to the root: direct children
    /// are (their parent is the root); deeper ones need a non-private `mod` item.
    fn modules_visible_from_root(&self, module: usize) -> bool {
        let path = &self.module(module).path;
        // Declared items stand for items rustc knows under another path (or none): the root
        // cannot name them through this one.
        if path.iter().any(|p| p == crate::scan::DECLARED_MODULE) {
            return false;
        }
        for depth in 2..=path.len() {
            let parent = &path[..depth - 1];
            let name = &path[depth - 1];
            let Some(parent_index) = self.index.module_in(module, parent) else {
                return false;
            };
            let declared_visible = self.module(parent_index).items.iter().any(|i| {
                matches!(i, syn::Item::Mod(m) if m.ident.unraw() == name && visible_at_depth(&m.vis, depth - 1))
            });
            if !declared_visible {
                return false;
            }
        }
        true
    }
}

/// Whether something declared with `vis` in a module `depth` levels below the root can be
/// named from the root.
fn visible_at_depth(vis: &syn::Visibility, depth: usize) -> bool {
    match vis {
        syn::Visibility::Public(_) => true,
        syn::Visibility::Inherited => depth == 0,
        syn::Visibility::Restricted(r) => {
            let segs: Vec<String> = r
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            match segs
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["crate"] => true,
                ["super"] => depth <= 1,
                ["self"] => depth == 0,
                _ => false,
            }
        }
    }
}

/// Smallest and largest value of an integer kind.
pub(super) fn int_range(int: IntKind, pointer_width: u32) -> (i128, i128) {
    let bits = match int {
        IntKind::U8 | IntKind::I8 => 8,
        IntKind::U16 | IntKind::I16 => 16,
        IntKind::U32 | IntKind::I32 => 32,
        IntKind::U64 | IntKind::I64 => 64,
        IntKind::Usize | IntKind::Isize => pointer_width,
    };
    let signed = matches!(
        int,
        IntKind::I8 | IntKind::I16 | IntKind::I32 | IntKind::I64 | IntKind::Isize
    );
    if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}
