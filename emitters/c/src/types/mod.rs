//! Type definitions, one module per kind of type.

pub(crate) mod enums;
pub(crate) mod fnptr;
pub(crate) mod structs;
pub(crate) mod tagged;
pub(crate) mod transparent;
pub(crate) mod unions;

use interoptopus_core::model::{TagStyle, TypeId, TypeKind};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;
use crate::guards::GuardRegion;
use crate::order::Plan;

/// The C keyword a forward-declarable type is defined with.
pub(crate) fn record_keyword(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Union { .. }
        | TypeKind::TaggedUnion {
            style: TagStyle::Inline,
            ..
        } => "union",
        _ => "struct",
    }
}

/// `typedef struct X X;` for every type the plan marks, in writing order. Opaque types get
/// their docs here: this is their only declaration.
pub(crate) fn write_forward_declarations(ctx: &mut Ctx<'_>, w: &mut CodeWriter, plan: &Plan) {
    let mut any = false;
    let mut region = GuardRegion::default();
    for id in &plan.order {
        if !plan.forward.get(id.0 as usize).copied().unwrap_or(false) {
            continue;
        }
        let def = ctx.model.type_def(*id);
        region.enter(w, &def.guard);
        let name = &ctx.names.types[id.0 as usize];
        if matches!(def.kind, TypeKind::Opaque) {
            if any && !def.docs.is_empty() {
                w.blank();
            }
            write_docs(w, ctx.config.doc_style_value(), &def.docs);
        }
        let keyword = record_keyword(&def.kind);
        let deprecated = crate::deprecated::prefix(ctx, def.deprecated.as_ref());
        w.line(format!("{deprecated}typedef {keyword} {name} {name};"));
        any = true;
    }
    if any {
        region.close(w);
        w.blank();
    }
}

/// Writes the definition of one type followed by a blank line (nothing for opaque types),
/// inside its guard's region.
pub(crate) fn write_type(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    forwarded: bool,
    region: &mut GuardRegion,
) {
    let def = ctx.model.type_def(id);
    if matches!(def.kind, TypeKind::Opaque) {
        return;
    }
    region.enter(w, &def.guard);
    match &def.kind {
        TypeKind::Opaque => return,
        TypeKind::Struct { fields, repr, .. } => {
            structs::write_struct(ctx, w, id, fields, *repr, forwarded)
        }
        TypeKind::Union { fields, repr } => {
            unions::write_union(ctx, w, id, fields, *repr, forwarded)
        }
        TypeKind::Transparent { field } => transparent::write_transparent(ctx, w, id, field),
        TypeKind::Enum {
            int,
            repr_c,
            variants,
        } => enums::write_enum(ctx, w, id, *int, *repr_c, variants),
        TypeKind::TaggedUnion {
            tag,
            style,
            variants,
        } => tagged::write_tagged_union(ctx, w, id, *tag, *style, variants, forwarded),
        TypeKind::FnPtr { sig } => fnptr::write_fn_ptr(ctx, w, id, sig),
    }
    w.blank();
}
