//! By-value arguments and returns that libffi cannot express, and the substitutes that make
//! them work anyway.
//!
//! cffi's ABI mode calls through libffi, which only knows plain structs of scalars. It refuses
//! unions and packed structs outright, and silently mis-passes over-aligned structs (libffi has
//! no notion of `align(N)`). Yet all three are legal by value in `extern "C"` signatures.
//!
//! The workaround: the cdef declares such a parameter or return with a *substitute* struct that
//! libffi classifies exactly like the C ABI classifies the real type, and the wrapper
//! reinterprets the value's memory as the substitute (`ffi.cast(SUB *, ptr)[0]`, no copy on the
//! way in; one copy on the way out). Correctness rests on the classification, which is
//! target-specific; it is implemented for the x86-64 System V ABI (Linux, macOS, BSDs):
//!
//! * larger than 16 bytes, or with a misaligned field → passed in memory: the substitute is an
//!   array of the type's alignment unit (`long double` for 16), same size and alignment;
//! * otherwise each eightbyte is INTEGER if any scalar in it is, else SSE: the substitute
//!   spells each eightbyte with members of that class (`uint32_t e0[2]`, `float e1[2]`, …),
//!   trailing all-padding eightbytes dropped, as rustc does.
//!
//! Everything else (a small in-memory type, alignment above 16, padding before data, other
//! targets) is an [`EmitError`](interoptopus_core::EmitError) with a hint.

use std::collections::BTreeMap;

use interoptopus_core::model::{FnSig, TypeId, TypeKind, TypeRef};

use crate::ctx::{peel, Ctx, Diag};

/// The substitute of one type.
#[derive(Clone, Debug)]
pub(crate) struct Subst {
    pub c_name: String,
    pub members: Vec<String>,
}

pub(crate) type Substitutes = BTreeMap<TypeId, Subst>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Int,
    Sse,
}

struct Leaf {
    offset: u64,
    size: u64,
    align: u64,
    class: Class,
}

/// Checks every signature and records the substitutes it needs.
pub(crate) fn build(ctx: &mut Ctx<'_>, diag: &mut Diag) {
    let mut sigs: Vec<(String, FnSig)> = ctx
        .model
        .functions
        .iter()
        .map(|f| (f.rust_path.clone(), f.sig.clone()))
        .collect();
    for def in &ctx.model.types {
        if let TypeKind::FnPtr { sig } = &def.kind {
            sigs.push((def.rust_path.clone(), sig.clone()));
        }
    }
    for (path, sig) in &sigs {
        for p in &sig.params {
            check(ctx, diag, path, &p.ty, false);
        }
        check(ctx, diag, path, &sig.ret, true);
    }
}

fn check(ctx: &mut Ctx<'_>, diag: &mut Diag, path: &str, ty: &TypeRef, ret: bool) {
    let peeled = peel(ctx.model, ty).clone();
    match &peeled {
        TypeRef::Void if !ret => diag.error(path, "a parameter of type `void`", None),
        TypeRef::Array { .. } => diag.error(
            path,
            "a fixed-size array by value in a signature, which C cannot express",
            Some("wrap the array in a `#[repr(C)]` struct, or pass a pointer".into()),
        ),
        TypeRef::Named { id, .. } => {
            if matches!(ctx.kind(*id), TypeKind::Opaque) {
                diag.error(
                    path,
                    format!(
                        "the opaque type `{}` by value",
                        ctx.model.type_def(*id).name
                    ),
                    Some("pass it behind a pointer".into()),
                );
            } else if !ctx.is_native(&peeled) && !ctx.subst.contains_key(id) {
                match substitute(ctx, *id) {
                    Ok(members) => {
                        let c_name = format!("_abi_{}", ctx.c(*id));
                        if let Err(previous) = ctx.names.c_scope.claim(&c_name.clone().into(), path)
                        {
                            diag.error(
                                path,
                                format!("the C name `{c_name}` is taken by `{previous}`"),
                                None,
                            );
                        }
                        ctx.subst.insert(*id, Subst { c_name, members });
                    }
                    Err(why) => {
                        let name = &ctx.model.type_def(*id).name;
                        diag.error(
                            path,
                            format!("cffi's ABI mode cannot pass `{name}` by value: {why}"),
                            Some(format!(
                                "take `&{name}` (a pointer) instead of `{name}` in the Rust signature"
                            )),
                        );
                    }
                }
            }
        }
        _ => {}
    }
}

fn substitute(ctx: &Ctx<'_>, id: TypeId) -> Result<Vec<String>, String> {
    let target = &ctx.layouts.target;
    if target.arch != "x86_64" || target.os == "windows" || target.os == "uefi" {
        return Err(format!(
            "libffi cannot express it (it is or contains a union, a packed struct or an over-aligned struct), \
             and the emitter's ABI substitute exists only for x86-64 System V, not {}-{}",
            target.arch, target.os
        ));
    }
    let ty = TypeRef::named(id);
    let (size, align) = ctx
        .layouts
        .size_align(&ty)
        .ok_or_else(|| "it has no layout".to_string())?;
    if size > 16 {
        return memory(size, align);
    }
    let mut leaves = Vec::new();
    collect(ctx, &ty, 0, &mut leaves)?;
    if leaves.iter().any(|l| l.offset % l.align.max(1) != 0) {
        return Err(format!(
            "it is {size} bytes with a misaligned field, which the C ABI passes in memory and libffi \
             would pass in registers"
        ));
    }
    let eightbytes = size.div_ceil(8) as usize;
    let mut classes: Vec<Option<Class>> = vec![None; eightbytes];
    for l in &leaves {
        let first = (l.offset / 8) as usize;
        let last = ((l.offset + l.size.max(1) - 1) / 8) as usize;
        for c in classes.iter_mut().take(last + 1).skip(first) {
            *c = Some(match (*c, l.class) {
                (Some(Class::Int), _) | (_, Class::Int) => Class::Int,
                _ => Class::Sse,
            });
        }
    }
    while classes.last() == Some(&None) {
        classes.pop();
    }
    let mut members = Vec::new();
    for (i, class) in classes.iter().enumerate() {
        let n = (size - 8 * i as u64).min(8);
        match class {
            None => {
                return Err(
                    "an eightbyte of padding precedes data, which compilers pass differently"
                        .into(),
                )
            }
            Some(Class::Int) => {
                let unit = align.min(8);
                members.push(format!("{} e{i}[{}];", unsigned(unit), n / unit));
            }
            Some(Class::Sse) if n == 8 && align >= 8 => members.push(format!("double e{i};")),
            Some(Class::Sse) if n % 4 == 0 => members.push(format!("float e{i}[{}];", n / 4)),
            Some(Class::Sse) => return Err("a floating-point eightbyte of odd size".into()),
        }
    }
    Ok(members)
}

fn memory(size: u64, align: u64) -> Result<Vec<String>, String> {
    let unit = match align {
        1 | 2 | 4 | 8 => unsigned(align),
        // The one cffi type aligned to 16 on x86-64; only its size and alignment matter here
        // since the whole value is passed in memory.
        16 => "long double",
        _ => {
            return Err(format!(
                "its alignment {align} exceeds what any cffi type has (16)"
            ))
        }
    };
    Ok(vec![format!("{unit} w[{}];", size / align.max(1))])
}

fn unsigned(bytes: u64) -> &'static str {
    match bytes {
        1 => "uint8_t",
        2 => "uint16_t",
        4 => "uint32_t",
        _ => "uint64_t",
    }
}

/// Every scalar inside `ty` at its offset (the type is at most 16 bytes, so this is small).
fn collect(ctx: &Ctx<'_>, ty: &TypeRef, base: u64, out: &mut Vec<Leaf>) -> Result<(), String> {
    let target = &ctx.layouts.target;
    let ptr = target.pointer_bytes();
    let mut scalar = |size: u64, align: u64, class: Class| {
        out.push(Leaf {
            offset: base,
            size,
            align,
            class,
        })
    };
    match ty {
        TypeRef::Void => return Err("it contains `void`".into()),
        TypeRef::Primitive { primitive, .. } => {
            let (s, a) = target.primitive_layout(*primitive);
            scalar(
                s,
                a,
                if primitive.is_float() {
                    Class::Sse
                } else {
                    Class::Int
                },
            );
        }
        TypeRef::Pointer { .. } => scalar(ptr, ptr, Class::Int),
        TypeRef::Array { element, len } => {
            let (esize, _) = ctx
                .layouts
                .size_align(element)
                .ok_or_else(|| "an array element has no layout".to_string())?;
            for i in 0..(*len).min(16) {
                collect(ctx, element, base + i * esize, out)?;
            }
        }
        TypeRef::Named { id, .. } => {
            let layout = ctx.layout(*id);
            match ctx.kind(*id) {
                TypeKind::Opaque => return Err("it contains an opaque type by value".into()),
                TypeKind::FnPtr { .. } => scalar(ptr, ptr, Class::Int),
                TypeKind::Enum { int, .. } => {
                    let (s, a) = target.int_layout(*int);
                    scalar(s, a, Class::Int);
                }
                TypeKind::Transparent { field } => collect(ctx, &field.ty, base, out)?,
                TypeKind::Struct { fields, .. } => {
                    let layout = layout.ok_or_else(|| "a struct has no layout".to_string())?;
                    for (f, fl) in fields.iter().zip(&layout.fields) {
                        collect(ctx, &f.ty, base + fl.offset, out)?;
                    }
                }
                TypeKind::Union { fields, .. } => {
                    for f in fields {
                        collect(ctx, &f.ty, base, out)?;
                    }
                }
                TypeKind::TaggedUnion { tag, variants, .. } => {
                    let layout =
                        layout.ok_or_else(|| "a tagged union has no layout".to_string())?;
                    let (s, a) = target.int_layout(*tag);
                    scalar(s, a, Class::Int);
                    for (v, vl) in variants.iter().zip(&layout.variants) {
                        for (f, fl) in v.fields.iter().zip(&vl.fields) {
                            collect(ctx, &f.ty, base + fl.offset, out)?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
