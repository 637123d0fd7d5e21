//! Type declarations, one module per kind of type, plus the shared type mapping and the CLR
//! layout plan.

pub(crate) mod arrays;
pub(crate) mod clr_layout;
pub(crate) mod enums;
pub(crate) mod fnptr;
pub(crate) mod mapping;
pub(crate) mod opaque;
pub(crate) mod structs;
pub(crate) mod tagged;
pub(crate) mod unions;

use interoptopus_core::model::{TypeId, TypeKind};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;

/// The namespace-level names a model type declares. Transparent types declare none: they are
/// spelled as the type they wrap (see [`Ctx::resolve`]).
pub(crate) fn namespace_names(ctx: &Ctx<'_>, id: TypeId) -> Vec<String> {
    let Some(def) = ctx.def(id) else {
        return Vec::new();
    };
    match &def.kind {
        TypeKind::Transparent { .. } => Vec::new(),
        TypeKind::TaggedUnion { .. } => vec![ctx.type_name(id), tagged::tag_enum_name(ctx, id)],
        TypeKind::FnPtr { .. } => vec![
            ctx.type_name(id),
            fnptr::delegate_name(ctx, id),
            fnptr::handle_name(ctx, id),
        ],
        _ => vec![ctx.type_name(id)],
    }
}

/// Writes every model type in model order.
pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let mut first = true;
    for (id, def) in ctx.model.types_with_ids() {
        if matches!(def.kind, TypeKind::Transparent { .. }) {
            continue;
        }
        if !first {
            w.blank();
        }
        first = false;
        match &def.kind {
            TypeKind::Struct { fields, .. } => structs::emit(ctx, w, id, def, fields),
            TypeKind::Union { fields, .. } => unions::emit(ctx, w, id, def, fields),
            TypeKind::Enum { int, variants, .. } => enums::emit(ctx, w, id, def, *int, variants),
            TypeKind::TaggedUnion { tag, variants, .. } => {
                tagged::emit(ctx, w, id, def, *tag, variants)
            }
            TypeKind::Opaque => opaque::emit(ctx, w, id, def),
            TypeKind::FnPtr { sig } => fnptr::emit(ctx, w, id, def, sig),
            TypeKind::Transparent { .. } => {}
        }
    }
}
