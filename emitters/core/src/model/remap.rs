//! Renumbering type ids: whoever reorders or drops entries of `Model::types` (the dependency
//! sort, the active-items view) must rewrite every reference the same way.

use super::{FnSig, Model, Pattern, TypeDef, TypeId, TypeKind, TypeRef};

impl TypeRef {
    /// Rewrites every named type id in this reference.
    pub fn remap_ids(&mut self, remap: &dyn Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named { id, .. } => *id = remap(*id),
            TypeRef::Array { element, .. } => element.remap_ids(remap),
            TypeRef::Pointer { pointee, .. } => pointee.remap_ids(remap),
            TypeRef::Void | TypeRef::Primitive { .. } => {}
        }
    }
}

impl FnSig {
    pub fn remap_ids(&mut self, remap: &dyn Fn(TypeId) -> TypeId) {
        for p in &mut self.params {
            p.ty.remap_ids(remap);
        }
        self.ret.remap_ids(remap);
    }
}

impl TypeDef {
    pub fn remap_ids(&mut self, remap: &dyn Fn(TypeId) -> TypeId) {
        match &mut self.kind {
            TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => {
                fields.iter_mut().for_each(|f| f.ty.remap_ids(remap))
            }
            TypeKind::Transparent { field } => field.ty.remap_ids(remap),
            TypeKind::TaggedUnion { variants, .. } => variants
                .iter_mut()
                .flat_map(|v| v.fields.iter_mut())
                .for_each(|f| f.ty.remap_ids(remap)),
            TypeKind::FnPtr { sig } => sig.remap_ids(remap),
            TypeKind::Enum { .. } | TypeKind::Opaque => {}
        }
    }
}

impl Pattern {
    pub fn remap_ids(&mut self, remap: &dyn Fn(TypeId) -> TypeId) {
        match self {
            Pattern::Slice { element, .. } | Pattern::OwnedVec { element, .. } => {
                element.remap_ids(remap)
            }
            Pattern::Option { inner } => inner.remap_ids(remap),
            Pattern::Result { value, error } => {
                value.remap_ids(remap);
                *error = remap(*error);
            }
            Pattern::Callback { function } => *function = remap(*function),
            Pattern::Utf8View
            | Pattern::CStr
            | Pattern::OwnedString { .. }
            | Pattern::Bool
            | Pattern::ErrorEnum => {}
        }
    }
}

impl Model {
    /// Rewrites every type id outside `Model::types` itself and the types' own references
    /// (functions, statics, patterns, services); patterns stay sorted by type.
    pub fn remap_ids(&mut self, remap: &dyn Fn(TypeId) -> TypeId) {
        for t in &mut self.types {
            t.remap_ids(remap);
        }
        for f in &mut self.functions {
            f.sig.remap_ids(remap);
        }
        for s in &mut self.statics {
            s.ty.remap_ids(remap);
        }
        for p in &mut self.patterns {
            p.ty = remap(p.ty);
            p.pattern.remap_ids(remap);
        }
        self.patterns.sort_by_key(|p| p.ty);
        for s in &mut self.services {
            s.handle = remap(s.handle);
        }
    }
}
