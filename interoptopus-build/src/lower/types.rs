//! Lowering type expressions (`&Vec3`, `Option<extern "C" fn(u32)>`, `[[u8; 3]; 2]` …) to
//! [`TypeRef`]s, and the table that gives every named type (per generic instance) one id.

use std::collections::{BTreeMap, VecDeque};

use interoptopus_core::model::{
    Docs, FnSig, Guard, Param, PointerKind, Primitive, Span, TypeDef, TypeId, TypeKind, TypeRef,
};

use super::builtins::{self, Builtin};
use super::index::{ItemKind, ItemRef};
use super::resolve::{Entity, Namespace};
use super::Lowerer;

/// What the Rust-side layout check needs to know about a model type.
#[derive(Clone, Debug, Default)]
pub struct RustTypeInfo {
    /// A path that names the type from the crate root (`crate::a::Vec3`, `crate::Pair<f32>`),
    /// or `None` when privacy hides it there.
    pub access_path: Option<String>,
    /// Whether every field can be named from the crate root (for `offset_of!`).
    pub fields_visible: bool,
    /// Fields left out with `#[ffi(skip)]`: the size check names them, since a skipped field
    /// that takes space is the likeliest cause of a size mismatch.
    pub skipped_fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TypeKey {
    Item(ItemRef, Vec<TypeRef>),
    Sig(FnSig),
    /// A type of the `interoptopus` runtime crate (`Slice`, `OwnedVec` …), see `patterns.rs`.
    Runtime(&'static str, Vec<TypeRef>),
}

/// A type whose definition still has to be lowered.
pub(super) struct Pending {
    pub id: TypeId,
    pub item: ItemRef,
    pub args: Vec<TypeRef>,
}

#[derive(Default)]
pub(super) struct TypeTable {
    defs: Vec<TypeDef>,
    rust: Vec<RustTypeInfo>,
    /// Whether each def is opaque (decided when the id is handed out, from attributes, so
    /// that by-value uses can be rejected before the definition is lowered).
    opaque: Vec<bool>,
    keys: BTreeMap<TypeKey, TypeId>,
    pub queue: VecDeque<Pending>,
}

impl TypeTable {
    pub fn def_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0 as usize]
    }

    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0 as usize]
    }

    pub fn rust_mut(&mut self, id: TypeId) -> &mut RustTypeInfo {
        &mut self.rust[id.0 as usize]
    }

    pub fn rust(&self, id: TypeId) -> &RustTypeInfo {
        &self.rust[id.0 as usize]
    }

    pub fn is_opaque(&self, id: TypeId) -> bool {
        self.opaque.get(id.0 as usize).copied().unwrap_or(false)
    }

    /// The id of a runtime type instance already in the table.
    pub fn runtime_id(&self, name: &'static str, args: &[TypeRef]) -> Option<TypeId> {
        self.keys
            .get(&TypeKey::Runtime(name, args.to_vec()))
            .copied()
    }

    /// Adds a runtime type instance (its definition is complete: nothing is queued).
    pub fn push_runtime(
        &mut self,
        name: &'static str,
        args: Vec<TypeRef>,
        def: TypeDef,
        rust: RustTypeInfo,
    ) -> TypeId {
        let id = self.push(TypeKey::Runtime(name, args), def, false);
        *self.rust_mut(id) = rust;
        id
    }

    /// Every instance of a crate item in the table (e.g. to find error enums).
    pub fn item_instances(&self) -> Vec<(ItemRef, TypeId)> {
        self.keys
            .iter()
            .filter_map(|(k, id)| match k {
                TypeKey::Item(item, _) => Some((*item, *id)),
                _ => None,
            })
            .collect()
    }

    pub fn defs_iter(&self) -> impl Iterator<Item = &TypeDef> {
        self.defs.iter()
    }

    pub fn finish(self) -> (Vec<TypeDef>, Vec<RustTypeInfo>) {
        (self.defs, self.rust)
    }

    fn push(&mut self, key: TypeKey, def: TypeDef, opaque: bool) -> TypeId {
        let id = TypeId(self.defs.len() as u32);
        self.defs.push(def);
        self.rust.push(RustTypeInfo::default());
        self.opaque.push(opaque);
        self.keys.insert(key, id);
        id
    }
}

/// Where a type is used: decides whether an opaque or zero-sized type is acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Position {
    /// A field, parameter, return value, static or array element.
    Value,
    /// Behind a pointer or reference.
    Pointee,
}

/// The scope a type expression is written in.
#[derive(Clone, Copy)]
pub(super) struct TypeScope<'s> {
    pub module: usize,
    /// Generic parameters bound to the arguments of the instance being lowered.
    pub generics: &'s [(String, TypeRef)],
    /// `Self` inside an `impl` block: the type and the module of the impl.
    pub self_ty: Option<&'s syn::Type>,
}

/// A type expression that could not be lowered; already reported.
pub(super) struct Reported;

impl Lowerer<'_> {
    pub(super) fn lower_type(
        &mut self,
        ty: &syn::Type,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<TypeRef, Reported> {
        use syn::spanned::Spanned;
        match ty {
            syn::Type::Paren(p) => self.lower_type(&p.elem, scope, position),
            syn::Type::Group(g) => self.lower_type(&g.elem, scope, position),
            syn::Type::Tuple(t) if t.elems.is_empty() => Ok(TypeRef::Void),
            syn::Type::Ptr(p) => {
                let pointee = self.lower_type(&p.elem, scope, Position::Pointee)?;
                Ok(TypeRef::pointer(
                    pointee,
                    matches!(p.mutability, syn::PointerMutability::Mut(_)),
                    true,
                    PointerKind::Raw,
                ))
            }
            syn::Type::Reference(r) => {
                if let syn::Type::Slice(_) = &*r.elem {
                    return self.unsupported(
                        scope.module,
                        ty.span(),
                        "a slice reference has no C layout",
                        "take `interoptopus::Slice<T>` / `SliceMut<T>`, or a pointer and a length as two parameters",
                    );
                }
                let pointee = self.lower_type(&r.elem, scope, Position::Pointee)?;
                Ok(TypeRef::pointer(
                    pointee,
                    r.mutability.is_some(),
                    false,
                    PointerKind::Reference,
                ))
            }
            syn::Type::Array(a) => {
                let element = self.lower_type(&a.elem, scope, Position::Value)?;
                let len = self.eval_array_len(&a.len, scope.module)?;
                if len == 0 {
                    return self.unsupported(
                        scope.module,
                        ty.span(),
                        "a zero-length array cannot be declared in standard C",
                        "remove the field, or make the whole type opaque (only used behind pointers)",
                    );
                }
                Ok(TypeRef::Array {
                    element: Box::new(element),
                    len,
                })
            }
            syn::Type::FnPtr(f) => self.lower_fn_pointer(f, scope, None),
            syn::Type::Path(p) if p.qself.is_none() => {
                self.lower_path_type(&p.path, scope, position)
            }
            syn::Type::Never(_) => self.unsupported(
                scope.module,
                ty.span(),
                "`!` cannot cross the C ABI",
                "return `()` instead",
            ),
            syn::Type::Slice(_) => self.unsupported(
                scope.module,
                ty.span(),
                "a slice has no C layout",
                "take `interoptopus::Slice<T>`, or a pointer and a length",
            ),
            syn::Type::Tuple(_) => self.unsupported(
                scope.module,
                ty.span(),
                "tuples have no C layout",
                "use a `#[repr(C)]` struct",
            ),
            syn::Type::TraitObject(_) | syn::Type::ImplTrait(_) => self.unsupported(
                scope.module,
                ty.span(),
                "trait objects have no C layout",
                "hide the value behind an opaque struct and pass a pointer to it",
            ),
            _ => self.unsupported(
                scope.module,
                ty.span(),
                "this type cannot cross the C ABI",
                "use a `#[repr(C)]` type, a primitive or a pointer",
            ),
        }
    }

    pub(super) fn unsupported<T>(
        &mut self,
        module: usize,
        span: proc_macro2::Span,
        message: &str,
        hint: &str,
    ) -> Result<T, Reported> {
        self.error(module, span, message, hint);
        Err(Reported)
    }

    fn lower_path_type(
        &mut self,
        path: &syn::Path,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<TypeRef, Reported> {
        use syn::spanned::Spanned;
        let span = path.span();
        if let Some(ident) = path.get_ident() {
            if let Some((_, bound)) = scope.generics.iter().find(|(n, _)| ident == n) {
                return Ok(bound.clone());
            }
        }
        if path.segments.len() == 1 && path.segments[0].ident == "Self" {
            let Some(self_ty) = scope.self_ty else {
                return self.unsupported(
                    scope.module,
                    span,
                    "`Self` outside an `impl` block",
                    "write the type's name",
                );
            };
            let inner = TypeScope {
                self_ty: None,
                ..scope
            };
            return self.lower_type(self_ty, inner, position);
        }
        let entity = self.index.resolve_path(scope.module, path, Namespace::Type);
        let last = path.segments.last().map(|s| &s.arguments);
        match entity {
            Some(Entity::Item(item)) => self.lower_item_type(item, last, span, scope, position),
            Some(Entity::External(ext)) => {
                if let Some(runtime) = super::patterns::runtime_type(&ext) {
                    return self.lower_runtime_type(runtime, last, span, scope, position);
                }
                match builtins::lookup(&ext, &self.options.target) {
                    Some(b) => self.lower_builtin(b, last, span, scope, position),
                    None => match unread_crate(&ext) {
                        // Read for another dependency, but not a dependency of this crate.
                        Some(krate)
                            if self.sources.crates.iter().any(|c| c.path_name == krate) =>
                        {
                            let owner = if self.sources.is_main(scope.module) {
                                "this crate".to_string()
                            } else {
                                format!("`{}`", self.sources.crate_of(scope.module).path_name)
                            };
                            self.unsupported(
                                scope.module,
                                span,
                                &format!(
                                    "`{}`: {owner} does not depend on the crate `{krate}`",
                                    ext.join("::")
                                ),
                                "add it to `[dependencies]` in Cargo.toml, or name the type through a crate that re-exports it",
                            )
                        }
                        Some(krate) => self.unsupported(
                            scope.module,
                            span,
                            &format!(
                                "`{}` is defined in the crate `{krate}`, whose source is not read",
                                ext.join("::")
                            ),
                            &format!(
                                "dependency crates are read only on request: call `Builder::dependency(\"{krate}\")` in build.rs (in the config file: `dependencies = [\"{krate}\"]`)"
                            ),
                        ),
                        None => self.unsupported(
                            scope.module,
                            span,
                            &format!("unknown type `{}`", ext.join("::")),
                            "declare or import it, or use a primitive or pointer",
                        ),
                    },
                }
            }
            _ => self.unsupported(
                scope.module,
                span,
                &format!("cannot resolve type `{}`", path_text(path)),
                "check the path and its `use` items",
            ),
        }
    }

    fn generic_args(
        &mut self,
        args: Option<&syn::PathArguments>,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<Vec<TypeRef>, Reported> {
        let mut out = Vec::new();
        if let Some(syn::PathArguments::AngleBracketed(a)) = args {
            for arg in &a.args {
                if let syn::GenericArgument::Type(t) = arg {
                    out.push(self.lower_type(t, scope, position)?);
                }
            }
        }
        Ok(out)
    }

    fn first_type_arg(args: Option<&syn::PathArguments>) -> Option<&syn::Type> {
        match args {
            Some(syn::PathArguments::AngleBracketed(a)) => a.args.iter().find_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            }),
            _ => None,
        }
    }

    fn lower_builtin(
        &mut self,
        builtin: Builtin,
        args: Option<&syn::PathArguments>,
        span: proc_macro2::Span,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<TypeRef, Reported> {
        match builtin {
            Builtin::Primitive(p) => Ok(TypeRef::primitive(p)),
            Builtin::Void => {
                if position == Position::Pointee {
                    Ok(TypeRef::Void)
                } else {
                    self.unsupported(
                        scope.module,
                        span,
                        "`c_void` can only be used behind a pointer",
                        "use `*const c_void` / `*mut c_void`",
                    )
                }
            }
            Builtin::NonZero(p) => Ok(TypeRef::Primitive {
                primitive: p,
                non_zero: true,
            }),
            Builtin::NonZeroGeneric => {
                let Some(arg) = Self::first_type_arg(args) else {
                    return self.unsupported(
                        scope.module,
                        span,
                        "`NonZero` needs a type argument",
                        "write `NonZero<u32>`",
                    );
                };
                match self.lower_type(arg, scope, Position::Value)? {
                    TypeRef::Primitive { primitive, .. } if primitive.is_integer() => {
                        Ok(TypeRef::Primitive {
                            primitive,
                            non_zero: true,
                        })
                    }
                    _ => self.unsupported(
                        scope.module,
                        span,
                        "`NonZero` of a non-integer",
                        "use an integer type",
                    ),
                }
            }
            Builtin::Box | Builtin::NonNull => {
                let Some(arg) = Self::first_type_arg(args) else {
                    return self.unsupported(
                        scope.module,
                        span,
                        "missing type argument",
                        "write `Box<T>` / `NonNull<T>`",
                    );
                };
                let pointee = self.lower_type(arg, scope, Position::Pointee)?;
                let kind = if builtin == Builtin::Box {
                    PointerKind::Boxed
                } else {
                    PointerKind::NonNull
                };
                Ok(TypeRef::pointer(pointee, true, false, kind))
            }
            Builtin::Option => {
                let Some(arg) = Self::first_type_arg(args) else {
                    return self.unsupported(
                        scope.module,
                        span,
                        "`Option` needs a type argument",
                        "write `Option<&T>`",
                    );
                };
                match self.lower_type(arg, scope, position)? {
                    TypeRef::Pointer {
                        pointee,
                        mutable,
                        nullable: false,
                        pointer_kind,
                    } => Ok(TypeRef::Pointer {
                        pointee,
                        mutable,
                        nullable: true,
                        pointer_kind,
                    }),
                    TypeRef::Named { id, nullable: false }
                        if matches!(self.types.def(id).kind, TypeKind::FnPtr { .. }) =>
                    {
                        Ok(TypeRef::Named { id, nullable: true })
                    }
                    TypeRef::Primitive {
                        primitive,
                        non_zero: true,
                    } => Ok(TypeRef::primitive(primitive)),
                    _ => self.unsupported(
                        scope.module,
                        span,
                        "`Option` of this type has no C layout",
                        "only `Option` of references, `NonNull`, `Box`, function pointers and `NonZero*` integers is FFI-safe; use `interoptopus::FfiOption<T>` for values",
                    ),
                }
            }
            Builtin::PhantomData => self.unsupported(
                scope.module,
                span,
                "`PhantomData` can only be a struct field",
                "remove it from the signature",
            ),
            Builtin::Unsupported(hint) => {
                self.unsupported(scope.module, span, "this type cannot cross the C ABI", hint)
            }
        }
    }

    fn lower_item_type(
        &mut self,
        item: ItemRef,
        args: Option<&syn::PathArguments>,
        span: proc_macro2::Span,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<TypeRef, Reported> {
        let generic_args = self.generic_args(args, scope, Position::Value)?;
        if item.kind == ItemKind::TypeAlias {
            return self.lower_alias(item, generic_args, span, scope, position);
        }
        let id = self.intern_item(item, generic_args, span, scope.module)?;
        if position == Position::Value && self.types.opaque[id.0 as usize] {
            let name = self.types.def(id).rust_path.clone();
            return self.unsupported(
                scope.module,
                span,
                &format!("`{name}` is used by value but has no C layout"),
                "add `#[repr(C)]` (or `#[repr(u8)]`… for enums) to the type, or pass it behind a pointer so it becomes opaque",
            );
        }
        Ok(TypeRef::named(id))
    }

    fn lower_alias(
        &mut self,
        item: ItemRef,
        args: Vec<TypeRef>,
        span: proc_macro2::Span,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<TypeRef, Reported> {
        let syn::Item::Type(alias) = self.item(item) else {
            return self.unsupported(
                scope.module,
                span,
                "internal: alias is not a type item",
                "report this bug",
            );
        };
        let params: Vec<String> = alias
            .generics
            .type_params()
            .map(|p| p.ident.to_string())
            .collect();
        if params.len() != args.len() {
            return self.unsupported(
                scope.module,
                span,
                &format!(
                    "`{}` takes {} type arguments, {} given",
                    alias.ident,
                    params.len(),
                    args.len()
                ),
                "write every generic argument",
            );
        }
        let generics: Vec<(String, TypeRef)> = params.into_iter().zip(args).collect();
        let inner = TypeScope {
            module: item.module,
            generics: &generics,
            self_ty: None,
        };
        if generics.is_empty() && self.keeps_alias(alias) {
            return self.lower_kept_alias(item, alias, inner, position);
        }
        if let syn::Type::FnPtr(f) = &*alias.ty {
            let name = alias.ident.to_string();
            let docs = super::attrs::docs(&alias.attrs);
            let span = self.span(item.module, alias.ident.span());
            let rust_path = self.rust_path(item.module, &name);
            let guard = self.own_guard(item.module, &alias.attrs);
            return self.lower_fn_pointer(f, inner, Some((name, rust_path, docs, span, guard)));
        }
        self.lower_type(&alias.ty, inner, position)
    }

    /// Whether `alias` becomes a named type of its own (see `LowerOptions::keep_type_aliases`):
    /// public, not generic, not a function pointer (those always keep their name), and not
    /// spelling a name C already has (`pub type size_t = usize;` must stay `size_t`).
    fn keeps_alias(&self, alias: &syn::ItemType) -> bool {
        self.options.keep_type_aliases
            && matches!(alias.vis, syn::Visibility::Public(_))
            && !matches!(&*alias.ty, syn::Type::FnPtr(_))
            && super::builtins::lookup(
                &["libc".to_string(), alias.ident.to_string()],
                &self.options.target,
            )
            .is_none()
    }

    /// `pub type Handle = *mut c_void;` as a transparent type named `Handle`, so C says
    /// `typedef void *Handle;` and every signature keeps the alias. Aliases of anything but a
    /// primitive or a pointer resolve as usual: a typedef of a struct adds nothing.
    fn lower_kept_alias(
        &mut self,
        item: ItemRef,
        alias: &syn::ItemType,
        scope: TypeScope<'_>,
        position: Position,
    ) -> Result<TypeRef, Reported> {
        let key = TypeKey::Item(item, Vec::new());
        if let Some(id) = self.types.keys.get(&key) {
            return Ok(TypeRef::named(*id));
        }
        let target = self.lower_type(&alias.ty, scope, position)?;
        if !matches!(target, TypeRef::Primitive { .. } | TypeRef::Pointer { .. }) {
            return Ok(target);
        }
        let ident = alias.ident.to_string();
        let rust_path = self.rust_path(item.module, &ident);
        let def = TypeDef {
            guard: Default::default(),
            name: self.renamed(&rust_path).unwrap_or(ident),
            rust_path,
            docs: super::attrs::docs(&alias.attrs),
            span: self.span(item.module, alias.ident.span()),
            deprecated: super::attrs::deprecation(&alias.attrs),
            kind: TypeKind::Transparent {
                field: interoptopus_core::model::Field {
                    name: "0".into(),
                    rust_name: "0".into(),
                    docs: Docs::default(),
                    ty: target,
                },
            },
        };
        Ok(TypeRef::named(self.types.push(key, def, false)))
    }

    /// The id of a struct/enum/union instance, queueing its definition the first time.
    fn intern_item(
        &mut self,
        item: ItemRef,
        args: Vec<TypeRef>,
        span: proc_macro2::Span,
        use_module: usize,
    ) -> Result<TypeId, Reported> {
        let key = TypeKey::Item(item, args.clone());
        if let Some(id) = self.types.keys.get(&key) {
            return Ok(*id);
        }
        let (ident, attrs, generics) = match self.item(item) {
            syn::Item::Struct(s) => (&s.ident, &s.attrs, &s.generics),
            syn::Item::Enum(e) => (&e.ident, &e.attrs, &e.generics),
            syn::Item::Union(u) => (&u.ident, &u.attrs, &u.generics),
            _ => {
                return self.unsupported(
                    use_module,
                    span,
                    "not a type",
                    "name a struct, enum or union",
                )
            }
        };
        let params = generics.type_params().count();
        if params != args.len() {
            return self.unsupported(
                use_module,
                span,
                &format!(
                    "`{ident}` takes {params} type arguments, {} given",
                    args.len()
                ),
                "write every generic argument; exported types must be concrete",
            );
        }
        if generics.const_params().next().is_some() {
            return self.unsupported(
                use_module,
                span,
                "const generic types are not supported yet",
                "use a concrete type",
            );
        }
        let mut rust_path = self.rust_path(item.module, &ident.to_string());
        let mut name = match self.renamed(&rust_path) {
            Some(n) => n,
            None => super::attrs::ffi_name_override(attrs, "ffi_type")
                .unwrap_or_else(|| ident.to_string()),
        };
        let mut arg_text = Vec::new();
        for a in &args {
            name.push('_');
            name.push_str(&self.mangle(a));
            arg_text.push(self.rust_text(a));
        }
        if !arg_text.is_empty() {
            rust_path = format!("{rust_path}<{}>", arg_text.join(", "));
        }
        let opaque = self.decides_opaque(item, attrs);
        let def = TypeDef {
            guard: self.own_guard(item.module, attrs),
            name,
            rust_path,
            docs: super::attrs::docs(attrs),
            span: self.span(item.module, ident.span()),
            kind: TypeKind::Opaque,
            deprecated: super::attrs::deprecation(attrs),
        };
        let id = self.types.push(key, def, opaque);
        if !opaque {
            self.types.queue.push_back(Pending { id, item, args });
        }
        Ok(id)
    }

    /// A type without a C layout can still be passed behind pointers; it becomes opaque.
    fn decides_opaque(&self, item: ItemRef, attrs: &[syn::Attribute]) -> bool {
        if super::attrs::ffi_flag(attrs, "ffi_type", "opaque") {
            return true;
        }
        let Ok(repr) = super::attrs::repr(attrs) else {
            return false; // reported when the definition is lowered
        };
        match self.item(item) {
            syn::Item::Struct(s) => {
                if !(repr.c || repr.transparent) {
                    return true;
                }
                // The `_private: [u8; 0]` idiom: a repr(C) struct with nothing but zero-sized
                // fields exists only to be pointed at. (`#[ffi(skip)]` declares a field
                // zero-sized.)
                !s.fields.is_empty()
                    && s.fields.iter().all(|f| {
                        is_zero_sized(&f.ty)
                            || interoptopus_core::rust_syntax::field::is_skipped(&f.attrs)
                    })
            }
            syn::Item::Union(_) => !repr.c,
            syn::Item::Enum(_) => !(repr.c || repr.int.is_some()),
            _ => true,
        }
    }

    /// A function pointer type, named by its alias or (written inline) by its signature.
    pub(super) fn lower_fn_pointer(
        &mut self,
        f: &syn::TypeFnPtr,
        scope: TypeScope<'_>,
        alias: Option<(String, String, Docs, Span, Guard)>,
    ) -> Result<TypeRef, Reported> {
        use syn::spanned::Spanned;
        let abi_ok = super::attrs::is_c_abi(f.abi.as_ref());
        if !abi_ok {
            return self.unsupported(
                scope.module,
                f.span(),
                "function pointers must use the C ABI",
                "write `extern \"C\" fn(...)`",
            );
        }
        if f.variadic.is_some() {
            return self.unsupported(
                scope.module,
                f.span(),
                "variadic function pointers are not supported",
                "use a fixed parameter list",
            );
        }
        let mut params = Vec::new();
        for (i, input) in f.inputs.iter().enumerate() {
            let ty = self.lower_type(&input.ty, scope, Position::Value)?;
            let name = input
                .name
                .as_ref()
                .map(|(n, _)| n.to_string())
                .filter(|n| n != "_")
                .unwrap_or_else(|| format!("arg{i}"));
            params.push(Param { name, ty });
        }
        let ret = match &f.output {
            syn::ReturnType::Default => TypeRef::Void,
            syn::ReturnType::Type(_, t) => self.lower_type(t, scope, Position::Value)?,
        };
        let sig = FnSig { params, ret };
        let (name, rust_path, docs, span, key, guard) = match alias {
            Some((name, rust_path, docs, span, guard)) => {
                let key = TypeKey::Sig(FnSig {
                    params: vec![Param {
                        name: format!("alias:{rust_path}"),
                        ty: TypeRef::Void,
                    }],
                    ret: TypeRef::Void,
                });
                (name, rust_path, docs, span, key, guard)
            }
            None => {
                let name = self.signature_name(&sig);
                let key_sig = FnSig {
                    params: sig
                        .params
                        .iter()
                        .map(|p| Param {
                            name: String::new(),
                            ty: p.ty.clone(),
                        })
                        .collect(),
                    ret: sig.ret.clone(),
                };
                let span = self.span(scope.module, f.span());
                (
                    name.clone(),
                    format!("extern \"C\" fn {name}"),
                    Docs::default(),
                    span,
                    TypeKey::Sig(key_sig),
                    Guard::default(),
                )
            }
        };
        if let Some(id) = self.types.keys.get(&key) {
            return Ok(TypeRef::named(*id));
        }
        let def = TypeDef {
            guard,
            name,
            rust_path,
            docs,
            span,
            kind: TypeKind::FnPtr { sig },
            deprecated: None,
        };
        Ok(TypeRef::named(self.types.push(key, def, false)))
    }

    /// `fn_u32_ptr_Vec3_ret_bool`: unique per signature and readable in every language.
    fn signature_name(&self, sig: &FnSig) -> String {
        let mut name = String::from("fn");
        for p in &sig.params {
            name.push('_');
            name.push_str(&self.mangle(&p.ty));
        }
        if !sig.ret.is_void() {
            name.push_str("_ret_");
            name.push_str(&self.mangle(&sig.ret));
        }
        name
    }

    /// A name fragment for a type argument (`Pair<f32>` → `Pair_f32`).
    pub(super) fn mangle(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Void => "void".into(),
            TypeRef::Primitive { primitive, .. } => match primitive {
                Primitive::CChar => "c_char".into(),
                p => p.rust_name().into(),
            },
            TypeRef::Pointer {
                pointee, mutable, ..
            } => {
                format!(
                    "{}ptr_{}",
                    if *mutable { "mut" } else { "" },
                    self.mangle(pointee)
                )
            }
            TypeRef::Array { element, len } => format!("{}_{len}", self.mangle(element)),
            TypeRef::Named { id, .. } => self.types.def(*id).name.clone(),
        }
    }

    /// Rust source text for a lowered type, for `rust_path`s of generic instances.
    pub(super) fn rust_text(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Void => "core::ffi::c_void".into(),
            TypeRef::Primitive {
                primitive,
                non_zero,
            } => {
                if *non_zero {
                    format!("core::num::NonZero<{}>", primitive.rust_name())
                } else {
                    primitive.rust_name().into()
                }
            }
            TypeRef::Pointer {
                pointee, mutable, ..
            } => {
                format!(
                    "*{} {}",
                    if *mutable { "mut" } else { "const" },
                    self.rust_text(pointee)
                )
            }
            TypeRef::Array { element, len } => format!("[{}; {len}]", self.rust_text(element)),
            TypeRef::Named { id, .. } => self.types.def(*id).rust_path.clone(),
        }
    }

    /// Lowers queued definitions until none are left (definitions can queue more).
    pub(super) fn drain_type_queue(&mut self) {
        while let Some(pending) = self.types.queue.pop_front() {
            self.lower_definition(pending);
        }
    }
}

fn is_zero_sized(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Array(a) => {
            matches!(&a.len, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.base10_digits() == "0")
        }
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "PhantomData" || s.ident == "PhantomPinned"),
        syn::Type::Tuple(t) => t.elems.is_empty(),
        _ => false,
    }
}

pub(super) fn is_phantom(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "PhantomData" || s.ident == "PhantomPinned"))
}

/// The extern crate a path outside the crates read starts with, when it names a type of a
/// crate that could be opted in (not std, and not the `interoptopus` runtime, whose types are
/// known by name).
fn unread_crate(path: &[String]) -> Option<&str> {
    let (first, rest) = path.split_first()?;
    let known = matches!(
        first.as_str(),
        "std" | "core" | "alloc" | "interoptopus" | "self" | "super" | "crate"
    );
    (!rest.is_empty() && !known).then_some(first.as_str())
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}
