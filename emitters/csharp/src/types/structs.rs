//! `#[repr(C)]` structs (also packed and over-aligned ones), and the field-writing shared with
//! unions.

use interoptopus_core::model::{Field, TypeDef, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::clr_layout::Plan;
use super::mapping::{self, FieldTy};
use crate::ctx::Ctx;
use crate::docs;
use crate::names::Scope;

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, def: &TypeDef, fields: &[Field]) {
    let name = ctx.type_name(id);
    let Some(plan) = plan_or_error(ctx, id, def) else {
        return;
    };
    let offsets = explicit_offsets(ctx, id, &plan);
    docs::summary(
        w,
        &def.docs,
        format_args!("Rust struct `{}`.", def.rust_path),
    );
    docs::obsolete(w, def.deprecated.as_ref());
    w.line(layout_attribute(&plan));
    w.line_fmt(format_args!(
        "{} partial struct {name}",
        ctx.config.access()
    ));
    w.block("{", "}", |w| {
        let mut scope = member_scope(ctx, def, &name);
        write_fields(ctx, w, &mut scope, def, fields, offsets.as_deref());
    });
}

/// The plan for `id`, or an error when the type has no layout or is zero-sized.
pub(crate) fn plan_or_error(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef) -> Option<Plan> {
    match (ctx.clr.plan(id), ctx.layouts.of(id)) {
        (_, Some(l)) if l.size == 0 => {
            ctx.error(
                &def.rust_path,
                "a zero-sized type has no C# representation (C# structs are never empty)",
                Some("remove it from the FFI surface or give it a field".into()),
            );
            None
        }
        (Some(plan), Some(_)) => Some(plan.clone()),
        _ => {
            ctx.error(
                &def.rust_path,
                "the layout model has no layout for this type",
                None,
            );
            None
        }
    }
}

/// Field offsets from the layout model when the plan is explicit.
pub(crate) fn explicit_offsets(ctx: &Ctx<'_>, id: TypeId, plan: &Plan) -> Option<Vec<u64>> {
    match plan {
        Plan::Explicit { .. } => ctx
            .layouts
            .of(id)
            .map(|l| l.fields.iter().map(|f| f.offset).collect()),
        Plan::Sequential { .. } => None,
    }
}

pub(crate) fn layout_attribute(plan: &Plan) -> String {
    match plan {
        Plan::Sequential { pack: None } => "[StructLayout(LayoutKind.Sequential)]".to_string(),
        Plan::Sequential { pack: Some(p) } => {
            format!("[StructLayout(LayoutKind.Sequential, Pack = {p})]")
        }
        Plan::Explicit { size, pack: None } => {
            format!("[StructLayout(LayoutKind.Explicit, Size = {size})]")
        }
        Plan::Explicit {
            size,
            pack: Some(p),
        } => format!("[StructLayout(LayoutKind.Explicit, Size = {size}, Pack = {p})]"),
    }
}

/// A member scope for type `name`: members may not repeat it (CS0542) nor shadow framework
/// names the bodies use.
pub(crate) fn member_scope(ctx: &Ctx<'_>, def: &TypeDef, name: &str) -> Scope {
    let mut scope = Scope::with_reserved(format_args!("type `{name}`"), &def.rust_path);
    scope.declare(ctx, name, "the type itself");
    scope
}

/// The name of the stored C# field for `field`: `bool`s hide behind a property, so their
/// storage is a private `_camelCase` byte.
pub(crate) fn storage_name(ctx: &Ctx<'_>, field: &Field, ty: &FieldTy) -> String {
    match ty {
        FieldTy::Bool => ctx.naming.private(&field.name),
        FieldTy::Plain(_) => ctx.naming.pascal(&field.name),
    }
}

/// Writes every field of a struct or union (offsets given for explicit layouts).
pub(crate) fn write_fields(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    scope: &mut Scope,
    def: &TypeDef,
    fields: &[Field],
    offsets: Option<&[u64]>,
) {
    for (i, field) in fields.iter().enumerate() {
        let rust_path = format_args!("{}::{}", def.rust_path, field.rust_name);
        let Some(ty) = mapping::field(ctx, &field.ty, &rust_path) else {
            continue;
        };
        if i > 0 {
            w.blank();
        }
        let offset = offsets.and_then(|o| o.get(i));
        let write_offset = |w: &mut CodeWriter| {
            if let Some(o) = offset {
                w.line_fmt(format_args!("[FieldOffset({o})]"));
            }
        };
        let public_name = ctx.naming.pascal(&field.name);
        let rust_type = docs::rust_type(ctx, &field.ty);
        let fallback = format_args!("Rust field `{}: {rust_type}`.", field.rust_name);
        match &ty {
            FieldTy::Plain(t) => {
                scope.declare(
                    ctx,
                    &public_name,
                    format_args!("field `{}`", field.rust_name),
                );
                docs::summary(w, &field.docs, fallback);
                write_offset(w);
                w.line_fmt(format_args!("public {t} {public_name};"));
            }
            FieldTy::Bool => {
                let storage = storage_name(ctx, field, &ty);
                scope.declare(
                    ctx,
                    &storage,
                    format_args!("the storage of field `{}`", field.rust_name),
                );
                scope.declare(
                    ctx,
                    &public_name,
                    format_args!("field `{}`", field.rust_name),
                );
                write_offset(w);
                w.line_fmt(format_args!("private byte {storage};"));
                w.blank();
                docs::summary(w, &field.docs, fallback);
                w.line_fmt(format_args!(
                    "public bool {public_name} {{ get => {}; set => {storage} = {}; }}",
                    ty.read(&storage),
                    ty.write("value")
                ));
            }
        }
    }
}
