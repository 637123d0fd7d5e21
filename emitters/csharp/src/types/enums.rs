//! Fieldless enums → C# `enum` with the Rust representation as underlying type and the Rust
//! discriminants as values. Also writes the tag enums of tagged unions.

use interoptopus_core::model::{Deprecation, Docs, EnumVariant, IntKind, TypeDef, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::mapping;
use crate::ctx::Ctx;
use crate::docs;
use crate::names::Scope;

pub(crate) fn emit(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    def: &TypeDef,
    int: IntKind,
    variants: &[EnumVariant],
) {
    let members: Vec<Member<'_>> = variants
        .iter()
        .map(|v| Member {
            rust_name: &v.name,
            value: v.value,
            docs: &v.docs,
            deprecated: v.deprecated.as_ref(),
        })
        .collect();
    docs::summary(w, &def.docs, format_args!("Rust enum `{}`.", def.rust_path));
    docs::obsolete(w, def.deprecated.as_ref());
    write(ctx, w, &ctx.type_name(id), int, &members, def);
}

/// One enum member.
pub(crate) struct Member<'a> {
    pub rust_name: &'a str,
    pub value: i128,
    pub docs: &'a Docs,
    pub deprecated: Option<&'a Deprecation>,
}

/// Writes `enum name : int { … }` (the summary is the caller's).
pub(crate) fn write(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    name: &str,
    int: IntKind,
    members: &[Member<'_>],
    def: &TypeDef,
) {
    let underlying = mapping::int_kind(ctx, int);
    let (min, max) = int_range(ctx, int);
    w.line_fmt(format_args!(
        "{} enum {name} : {underlying}",
        ctx.config.access()
    ));
    w.block("{", "}", |w| {
        let mut scope = Scope::with_reserved(format_args!("enum `{name}`"), &def.rust_path);
        for (i, m) in members.iter().enumerate() {
            let member = ctx.naming.pascal(m.rust_name);
            scope.declare(ctx, &member, format_args!("variant `{}`", m.rust_name));
            if m.value < min || m.value > max {
                ctx.error(
                    &def.rust_path,
                    format!(
                        "variant `{}` has value {} which does not fit `{underlying}`",
                        m.rust_name, m.value
                    ),
                    None,
                );
                continue;
            }
            if i > 0 {
                w.blank();
            }
            docs::summary(
                w,
                m.docs,
                format_args!("Rust variant `{}::{}`.", def.name, m.rust_name),
            );
            docs::obsolete(w, m.deprecated);
            w.line_fmt(format_args!("{member} = {},", m.value));
        }
    });
}

/// The values an integer kind holds on the target.
pub(crate) fn int_range(ctx: &Ctx<'_>, k: IntKind) -> (i128, i128) {
    // Clamped so that a malformed target (pointer width 0 or > 64) cannot overflow the shifts.
    let bits = (ctx.layouts.target.int_layout(k).0 * 8).clamp(8, 64);
    let signed = interoptopus_core::model::Primitive::from_int_kind(k).is_signed();
    if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}
