//! By-value structs the runtime would pass with the wrong calling convention.
//!
//! The System V x86-64 ABI passes and returns a struct of at most 16 bytes in registers,
//! *unless* one of its fields sits at an offset that is not a multiple of that field's alignment
//! (a `#[repr(packed)]` struct, or a struct containing one): then the struct is class MEMORY —
//! arguments are copied to the stack and results are written through a hidden pointer passed
//! as the first argument. rustc and C compilers follow this rule; Mono does not (it only looks
//! at the size and whether a field straddles the 8-byte boundary), so a plain `[DllImport]` of
//! `fn packed_make(..) -> Packed` writes through a register that holds another argument and
//! crashes, and `fn packed_sum(p: Packed)` reads garbage.
//!
//! For such a type ("passed in memory") the generated code spells out what the ABI does:
//!
//! * **returns** become an explicit first `out T` parameter of a private import (exactly the
//!   hidden pointer), behind a public method with the Rust signature;
//! * **parameters** are passed inside a private 24-byte wrapper struct, which every runtime
//!   passes on the stack (it is larger than 16 bytes); the callee reads the first bytes of its
//!   stack slot, which hold the value. The bytes past the value are harmless only when no other
//!   stack argument follows it, so this is done only for the last parameter, or when every
//!   other parameter is a scalar that surely travels in a register; anything else is an error.
//!
//! Windows x64 and 32-bit targets decide by size alone, where every runtime agrees with the
//! native compilers, so nothing changes there. Callbacks (reverse P/Invoke, and `Invoke` on a
//! function pointer) cannot be rewritten this way: a callback signature with such a type is an
//! error on the affected targets.

use interoptopus_core::model::{Primitive, TypeKind, TypeRef};

use crate::ctx::Ctx;

/// The size of the stack wrapper: more than 16 bytes, so runtimes pass it in memory, and a
/// multiple of 8, the stack slot size.
pub(crate) const STACK_WRAPPER_SIZE: u64 = 24;

/// Whether the target uses the System V x86-64 calling convention.
fn sysv_x86_64(ctx: &Ctx<'_>) -> bool {
    let t = &ctx.layouts.target;
    t.arch == "x86_64" && t.os != "windows" && t.os != "uefi"
}

/// Whether `ty`, passed or returned by value, is class MEMORY on System V x86-64 because of a
/// misaligned field while small enough that a runtime classifying by size would use registers.
pub(crate) fn passed_in_memory<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef) -> bool {
    if !sysv_x86_64(ctx) {
        return false;
    }
    let Some(resolved) = ctx.resolve(ty) else {
        return false;
    };
    let TypeRef::Named { .. } = resolved else {
        return false;
    };
    match ctx.layouts.size_align(resolved) {
        Some((size, _)) if size <= 16 => has_misaligned_field(ctx, resolved, 0, 0),
        _ => false,
    }
}

/// Whether a scalar inside `ty` (placed at `offset`) is not aligned to its own alignment.
fn has_misaligned_field<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef, offset: u64, depth: u32) -> bool {
    if depth > 64 {
        return false;
    }
    let target = &ctx.layouts.target;
    let misaligned = |align: u64| align > 1 && offset % align != 0;
    let Some(ty) = ctx.resolve(ty) else {
        return false;
    };
    match ty {
        TypeRef::Void => false,
        TypeRef::Primitive { primitive, .. } => misaligned(target.primitive_layout(*primitive).1),
        TypeRef::Pointer { .. } => misaligned(ctx.pointer_bytes()),
        TypeRef::Array { element, len } => {
            let Some((size, _)) = ctx.layouts.size_align(element) else {
                return false;
            };
            (0..(*len).min(16))
                .any(|i| has_misaligned_field(ctx, element, offset + i * size, depth + 1))
        }
        TypeRef::Named { id, .. } => {
            let (Some(def), Some(layout)) = (ctx.def(*id), ctx.layouts.of(*id)) else {
                return false;
            };
            match &def.kind {
                TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => fields
                    .iter()
                    .zip(&layout.fields)
                    .any(|(f, l)| has_misaligned_field(ctx, &f.ty, offset + l.offset, depth + 1)),
                TypeKind::TaggedUnion { tag, variants, .. } => {
                    let tag_align = target.int_layout(*tag).1;
                    let tag_offset = layout.fields.first().map_or(0, |f| f.offset);
                    (tag_align > 1 && (offset + tag_offset) % tag_align != 0)
                        || variants.iter().zip(&layout.variants).any(|(v, vl)| {
                            v.fields.iter().zip(&vl.fields).any(|(f, l)| {
                                has_misaligned_field(ctx, &f.ty, offset + l.offset, depth + 1)
                            })
                        })
                }
                TypeKind::Enum { int, .. } => misaligned(target.int_layout(*int).1),
                TypeKind::FnPtr { .. } | TypeKind::Opaque => misaligned(ctx.pointer_bytes()),
                TypeKind::Transparent { .. } => false,
            }
        }
    }
}

/// Whether a parameter surely travels in one register (so it cannot follow the stack wrapper
/// on the stack as long as registers remain): a scalar, pointer, enum or function pointer.
/// `Some(true)` for a float (SSE register), `Some(false)` for an integer register, `None` when
/// it is a struct.
pub(crate) fn register_class<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef) -> Option<bool> {
    match ctx.resolve(ty)? {
        TypeRef::Primitive {
            primitive: Primitive::F32 | Primitive::F64,
            ..
        } => Some(true),
        TypeRef::Primitive { .. } | TypeRef::Pointer { .. } => Some(false),
        TypeRef::Named { id, .. } => match &ctx.def(*id)?.kind {
            TypeKind::Enum { .. } | TypeKind::FnPtr { .. } => Some(false),
            _ => None,
        },
        TypeRef::Void | TypeRef::Array { .. } => None,
    }
}
