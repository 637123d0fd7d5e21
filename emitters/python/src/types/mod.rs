//! One Python class (or alias) per model type, in model order.

pub(crate) mod arrays;
pub(crate) mod callbacks;
mod enums;
mod fields;
mod opaque;
mod structs;
mod tagged;
mod transparent;
mod unions;

use interoptopus_core::model::TypeKind;
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;

pub(crate) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    for (id, def) in ctx.model.types_with_ids() {
        match &def.kind {
            TypeKind::Struct { fields, tuple, .. } => structs::write(ctx, w, id, fields, *tuple),
            TypeKind::Union { fields, .. } => unions::write(ctx, w, id, fields),
            TypeKind::Enum { variants, .. } => {
                enums::write(ctx, w, id, variants);
                crate::patterns::write_exception(ctx, w, id);
            }
            TypeKind::TaggedUnion {
                style, variants, ..
            } => tagged::write(ctx, w, id, *style, variants),
            TypeKind::Opaque => match crate::patterns::service_of(ctx, id) {
                Some(s) => crate::patterns::write_service(ctx, w, s),
                None => opaque::write(ctx, w, id),
            },
            TypeKind::FnPtr { sig } => callbacks::write(ctx, w, id, sig),
            TypeKind::Transparent { field } => transparent::write(ctx, w, id, field),
        }
        w.blank();
        w.blank();
    }
}
