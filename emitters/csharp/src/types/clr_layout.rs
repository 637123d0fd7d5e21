//! Deciding between `LayoutKind.Sequential` and `LayoutKind.Explicit` for every struct.
//!
//! `Sequential` is the idiom, but the CLR computes it from the *natural* alignment of each C#
//! field, which cannot express `#[repr(align(N))]` and differs from the C ABI where C aligns
//! 8-byte scalars to 4 (i386 System V). So we predict what the CLR would compute from the C#
//! representation of each field and compare it with the layout model: when they agree the
//! struct is `Sequential`; otherwise it is `Explicit` with every `FieldOffset` and the `Size`
//! copied from the model, which is correct whatever the runtime would have done.
//!
//! The prediction also gives every C# type its CLR alignment, which decides how it places
//! inside other structs. The runtime test compares `Marshal.SizeOf`/`OffsetOf` with the model,
//! so a wrong prediction is caught there rather than silently trusted.

use interoptopus_core::layout::TypeLayout;
use interoptopus_core::model::{Primitive, TypeKind, TypeRef};

use crate::ctx::Ctx;

/// How a struct, union or tagged union is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// `[StructLayout(LayoutKind.Sequential, Pack = …)]`.
    Sequential { pack: Option<u32> },
    /// `[StructLayout(LayoutKind.Explicit, Size = …, Pack = …)]` with model offsets.
    Explicit { size: u64, pack: Option<u64> },
}

/// CLR alignment and declaration plan per type id.
#[derive(Debug, Default)]
pub(crate) struct ClrLayouts {
    align: Vec<u64>,
    plans: Vec<Option<Plan>>,
}

/// Saturating, so absurd sizes make the prediction differ (→ explicit layout) instead of
/// overflowing.
fn round_up(value: u64, align: u64) -> u64 {
    value.div_ceil(align.max(1)).saturating_mul(align.max(1))
}

impl ClrLayouts {
    pub fn compute(ctx: &Ctx<'_>) -> ClrLayouts {
        let mut out = ClrLayouts::default();
        for (id, def) in ctx.model.types_with_ids() {
            let layout = ctx.layouts.of(id);
            let (align, plan) = match (&def.kind, layout) {
                (TypeKind::Struct { fields, repr, .. }, Some(l)) => {
                    let tys: Vec<&TypeRef> = fields.iter().map(|f| &f.ty).collect();
                    out.struct_plan(ctx, &tys, repr.packed, l)
                }
                (TypeKind::Union { fields, .. }, Some(l)) => {
                    let tys: Vec<&TypeRef> = fields.iter().map(|f| &f.ty).collect();
                    out.explicit(ctx, &tys, l)
                }
                (TypeKind::TaggedUnion { tag, variants, .. }, Some(l)) => {
                    let tag_ty = TypeRef::primitive(Primitive::from_int_kind(*tag));
                    let mut tys: Vec<&TypeRef> = vec![&tag_ty];
                    tys.extend(variants.iter().flat_map(|v| v.fields.iter().map(|f| &f.ty)));
                    out.explicit(ctx, &tys, l)
                }
                (TypeKind::Transparent { field }, _) => (out.align_of(ctx, &field.ty), None),
                (TypeKind::Enum { int, .. }, _) => (ctx.layouts.target.int_layout(*int).0, None),
                _ => (ctx.pointer_bytes(), None),
            };
            out.align.push(align.max(1));
            out.plans.push(plan);
        }
        out
    }

    /// The declaration plan of a struct, union or tagged union (`None` if it has no layout).
    pub fn plan(&self, id: interoptopus_core::model::TypeId) -> Option<&Plan> {
        self.plans.get(id.0 as usize).and_then(Option::as_ref)
    }

    fn struct_plan(
        &self,
        ctx: &Ctx<'_>,
        fields: &[&TypeRef],
        pack: Option<u32>,
        model: &TypeLayout,
    ) -> (u64, Option<Plan>) {
        let cap = |a: u64| pack.map_or(a, |p| a.min(u64::from(p)));
        let mut offset = 0;
        let mut align = 1;
        let mut same = fields.len() == model.fields.len();
        for (i, ty) in fields.iter().enumerate() {
            let Some((size, _)) = ctx.layouts.size_align(ty) else {
                return (1, None);
            };
            let a = cap(self.align_of(ctx, ty));
            offset = round_up(offset, a);
            same &= model.fields.get(i).map(|f| f.offset) == Some(offset);
            offset = offset.saturating_add(size);
            align = align.max(a);
        }
        same &= round_up(offset, align) == model.size;
        if same {
            (align, Some(Plan::Sequential { pack }))
        } else {
            self.explicit(ctx, fields, model)
        }
    }

    fn explicit(
        &self,
        ctx: &Ctx<'_>,
        fields: &[&TypeRef],
        model: &TypeLayout,
    ) -> (u64, Option<Plan>) {
        let natural = fields
            .iter()
            .map(|ty| self.align_of(ctx, ty))
            .max()
            .unwrap_or(1);
        // The CLR rounds an explicit struct's size up to its field alignment; `Pack` stops that
        // for packed structs whose model alignment is smaller than their fields'.
        if natural > model.align {
            (
                model.align,
                Some(Plan::Explicit {
                    size: model.size,
                    pack: Some(model.align),
                }),
            )
        } else {
            (
                natural,
                Some(Plan::Explicit {
                    size: model.size,
                    pack: None,
                }),
            )
        }
    }

    /// The alignment the CLR gives the C# representation of `ty`.
    fn align_of(&self, ctx: &Ctx<'_>, ty: &TypeRef) -> u64 {
        let ptr = ctx.pointer_bytes();
        match ty {
            TypeRef::Void => 1,
            TypeRef::Primitive { primitive, .. } => primitive_align(*primitive, ptr),
            TypeRef::Pointer { .. } => ptr,
            TypeRef::Array { element, .. } => match ctx.resolve(element) {
                // A fixed buffer of the element's own type (bool as byte, enums as their integer).
                Some(TypeRef::Primitive { primitive, .. }) => primitive_align(*primitive, ptr),
                Some(TypeRef::Named { id, .. })
                    if matches!(ctx.def(*id).map(|d| &d.kind), Some(TypeKind::Enum { .. })) =>
                {
                    self.align.get(id.0 as usize).copied().unwrap_or(1)
                }
                // A fixed buffer of 1/2/4/8-byte units, reinterpreted as the element type.
                Some(other) => ctx
                    .layouts
                    .size_align(other)
                    .map_or(1, |(_, a)| super::arrays::unit_for_align(a).1),
                None => 1,
            },
            TypeRef::Named { id, .. } => self.align.get(id.0 as usize).copied().unwrap_or(1),
        }
    }
}

fn primitive_align(p: Primitive, ptr: u64) -> u64 {
    match p {
        Primitive::Bool | Primitive::CChar | Primitive::U8 | Primitive::I8 => 1,
        Primitive::U16 | Primitive::I16 => 2,
        Primitive::U32 | Primitive::I32 | Primitive::F32 | Primitive::Char32 => 4,
        Primitive::U64 | Primitive::I64 | Primitive::F64 => 8,
        Primitive::Usize | Primitive::Isize => ptr,
    }
}
