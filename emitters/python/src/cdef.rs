//! The C subset handed to `ffi.cdef`: declarations only, no preprocessor, every value resolved.
//!
//! cffi lays structs out itself with the natural C rules of the machine it runs on. The model's
//! layout is the truth, so every struct and union is declared such that cffi's rules reproduce
//! it exactly:
//! * `#[repr(packed(N))]` types go into a separate `ffi.cdef(..., pack=N)` call (cffi's own
//!   spelling of `#pragma pack(N)`).
//! * `#[repr(align(N))]` has no cffi spelling, so the emitter inserts explicit `uint8_t` padding
//!   members wherever cffi would place a field earlier than the model (and at the end, for the
//!   size). Offsets and sizes then match; cffi's *alignment* of such a type stays the natural
//!   one, which the module compensates for by allocating over-aligned memory by hand and which
//!   `_CFFI_ALIGN` records for the layout tests.
//!
//! Types that cffi cannot pass by value through libffi (packed structs, unions, and anything
//! with explicit padding or containing those) are marked non-native; signatures that use them
//! by value go through [`crate::abi`].

use std::borrow::Cow;
use std::fmt::Write as _;

use interoptopus_core::layout::FieldLayout;
use interoptopus_core::model::{Primitive, TagStyle, TypeId, TypeKind, TypeRef};
use interoptopus_core::TargetInfo;

use crate::ctx::{Ctx, Diag};
use crate::names::{PAYLOAD, TAG};

/// What the cdef says about one model type.
#[derive(Clone, Debug, Default)]
pub(crate) struct CType<'m> {
    /// `(size, align)` as cffi will compute them from the declaration; `None` for opaque types.
    pub cffi: Option<(u64, u64)>,
    /// libffi can pass the declared type by value and it means the same as the Rust type.
    pub native: bool,
    /// The `pack=` of the `ffi.cdef` call holding the definition.
    pub pack: Option<u32>,
    /// Definition lines (struct/union bodies, typedefs), each ending in a newline: one `String`
    /// per type rather than per line, which a large model has hundreds of thousands of.
    pub definition: String,
    /// `(field path for ffi.offsetof, model offset)`, for `_LAYOUT`.
    pub offsets: Vec<(Cow<'m, str>, u64)>,
}

pub(crate) type CTypes<'m> = Vec<CType<'m>>;

/// One member of a struct or union being declared.
struct Member {
    decl: String,
    offset: u64,
    size: u64,
    align: u64,
}

/// Result of forcing a layout: the member lines (indented, each ending in a newline), cffi's
/// alignment, and whether padding was needed.
struct Forced {
    members: String,
    align: u64,
    padded: bool,
}

fn round_up(v: u64, a: u64) -> u64 {
    v.div_ceil(a.max(1)) * a.max(1)
}

/// Declares struct members at the model's offsets, inserting padding where cffi's natural
/// placement would fall short. `size` forces the total size when given.
fn force_struct(
    members: &[Member],
    size: Option<u64>,
    pack: Option<u32>,
) -> Result<Forced, String> {
    // About one line of 32 bytes per member.
    let mut lines = String::with_capacity(32 * members.len());
    let mut offset = 0u64;
    let mut align = 1u64;
    let mut padded = false;
    let mut pads = 0;
    for m in members {
        let a = match pack {
            Some(p) => m.align.min(u64::from(p)),
            None => m.align,
        };
        let natural = round_up(offset, a);
        if natural > m.offset {
            return Err(format!(
                "cffi would place `{}` at offset {natural}, after the model's {}",
                m.decl, m.offset
            ));
        }
        // Writing into a `String` cannot fail.
        if natural < m.offset {
            let _ = writeln!(lines, "    uint8_t _pad{pads}[{}];", m.offset - offset);
            pads += 1;
            padded = true;
        }
        let _ = writeln!(lines, "    {};", m.decl);
        offset = m.offset + m.size;
        align = align.max(a);
    }
    if let Some(size) = size {
        let natural = round_up(offset, align);
        if natural > size {
            return Err(format!(
                "cffi would make it {natural} bytes, the model {size}"
            ));
        }
        if natural < size {
            let _ = writeln!(lines, "    uint8_t _pad{pads}[{}];", size - offset);
            padded = true;
        }
    }
    Ok(Forced {
        members: lines,
        align,
        padded,
    })
}

/// Declares union members (all at offset 0), padding the size up to the model's.
fn force_union(members: &[Member], size: u64, pack: Option<u32>) -> Forced {
    let mut lines = String::with_capacity(32 * members.len());
    let mut max = 0u64;
    let mut align = 1u64;
    for m in members {
        let a = match pack {
            Some(p) => m.align.min(u64::from(p)),
            None => m.align,
        };
        // Writing into a `String` cannot fail.
        let _ = writeln!(lines, "    {};", m.decl);
        max = max.max(m.size);
        align = align.max(a);
    }
    let padded = round_up(max, align) < size;
    if padded {
        let _ = writeln!(lines, "    uint8_t _pad0[{size}];");
    }
    Forced {
        members: lines,
        align,
        padded,
    }
}

/// The C type of a primitive used by value.
pub(crate) fn primitive(p: Primitive, target: &TargetInfo) -> &'static str {
    match p {
        Primitive::Bool => "bool",
        Primitive::Char32 => "char32_t",
        // By value, `c_char` is a number; its signedness is the target's.
        Primitive::CChar if target.c_char_is_signed() => "int8_t",
        Primitive::CChar => "uint8_t",
        Primitive::U8 => "uint8_t",
        Primitive::U16 => "uint16_t",
        Primitive::U32 => "uint32_t",
        Primitive::U64 => "uint64_t",
        Primitive::I8 => "int8_t",
        Primitive::I16 => "int16_t",
        Primitive::I32 => "int32_t",
        Primitive::I64 => "int64_t",
        Primitive::Usize => "uintptr_t",
        Primitive::Isize => "intptr_t",
        Primitive::F32 => "float",
        Primitive::F64 => "double",
    }
}

/// C type of an integer kind.
pub(crate) fn int_kind(k: interoptopus_core::model::IntKind, target: &TargetInfo) -> &'static str {
    primitive(Primitive::from_int_kind(k), target)
}

impl Ctx<'_> {
    /// A C declarator for `ty` named `name` (`const Vec3 *input`, `uint8_t _0[2][3]`).
    pub fn declare(&self, ty: &TypeRef, name: &str) -> String {
        let mut declaration = self.declarator(ty, name.to_string(), false);
        declaration.truncate(declaration.trim_end().len());
        declaration
    }

    /// Like [`Ctx::declare`], but top-level by-value types that libffi cannot pass use their
    /// ABI substitute (function parameters, returns and fn-pointer signatures).
    pub fn declare_in_sig(&self, ty: &TypeRef, name: &str) -> String {
        if let TypeRef::Named { id, .. } = crate::ctx::peel(self.model, ty) {
            if let Some(s) = self.subst.get(id) {
                return format!("struct {} {name}", s.c_name).trim_end().to_string();
            }
        }
        self.declare(ty, name)
    }

    fn declarator(&self, ty: &TypeRef, inner: String, konst: bool) -> String {
        let q = if konst { "const " } else { "" };
        match ty {
            TypeRef::Void => format!("{q}void {inner}"),
            TypeRef::Primitive { primitive: p, .. } => {
                format!("{q}{} {inner}", primitive(*p, &self.layouts.target))
            }
            TypeRef::Named { id, .. } => format!("{q}{} {inner}", self.c(*id)),
            TypeRef::Array { element, len } => {
                self.declarator(element, format!("{inner}[{len}]"), konst)
            }
            TypeRef::Pointer {
                pointee, mutable, ..
            } => {
                let star = if konst {
                    format!("*const {inner}")
                } else {
                    format!("*{inner}")
                };
                let inner = if matches!(**pointee, TypeRef::Array { .. }) {
                    format!("({star})")
                } else {
                    star
                };
                // Behind a pointer `c_char` is C's `char`, so cffi accepts `bytes` for it.
                if let TypeRef::Primitive {
                    primitive: Primitive::CChar,
                    ..
                } = **pointee
                {
                    let q = if *mutable { "" } else { "const " };
                    return format!("{q}char {inner}");
                }
                self.declarator(pointee, inner, !*mutable)
            }
        }
    }

    /// `(size, align)` cffi computes for a type use.
    pub fn cffi_size_align(&self, ty: &TypeRef) -> Option<(u64, u64)> {
        let target = &self.layouts.target;
        match ty {
            TypeRef::Void => None,
            TypeRef::Primitive { primitive: p, .. } => Some(target.primitive_layout(*p)),
            TypeRef::Pointer { .. } => Some((target.pointer_bytes(), target.pointer_bytes())),
            TypeRef::Array { element, len } => {
                let (s, a) = self.cffi_size_align(element)?;
                Some((s.checked_mul(*len)?, a))
            }
            TypeRef::Named { id, .. } => self.ctypes.get(id.0 as usize).and_then(|c| c.cffi),
        }
    }

    /// Whether libffi can pass `ty` by value exactly as the Rust type.
    pub fn is_native(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named { id, .. } => self.ctypes.get(id.0 as usize).is_some_and(|c| c.native),
            TypeRef::Array { element, .. } => self.is_native(element),
            _ => true,
        }
    }

    fn member(&self, ty: &TypeRef, name: &str, f: Option<&FieldLayout>) -> Option<Member> {
        let (size, align) = self.cffi_size_align(ty)?;
        Some(Member {
            decl: self.declare(ty, name),
            offset: f.map_or(0, |f| f.offset),
            size,
            align,
        })
    }
}

/// Computes the declaration of every type, in model order (so by-value dependencies are done
/// before the types that embed them).
pub(crate) fn build(ctx: &mut Ctx<'_>, diag: &mut Diag) {
    for (id, def) in ctx.model.types_with_ids() {
        let ctype = match declare_type(ctx, id) {
            Ok(c) => c,
            Err(message) => {
                diag.error(
                    &def.rust_path,
                    format!("cannot declare `{}` to cffi: {message}", def.name),
                    None,
                );
                CType::default()
            }
        };
        ctx.ctypes.push(ctype);
    }
}

fn declare_type<'m>(ctx: &Ctx<'m>, id: TypeId) -> Result<CType<'m>, String> {
    let def = ctx.model.type_def(id);
    let t = &ctx.names.types[id.0 as usize];
    let target = &ctx.layouts.target;
    let layout = ctx.layout(id);
    let size = layout.map(|l| l.size);
    let missing = || "the layout model has no layout for it".to_string();
    let mut out = CType::default();
    match &def.kind {
        TypeKind::Opaque => {}
        TypeKind::FnPtr { .. } => {
            out.cffi = Some((target.pointer_bytes(), target.pointer_bytes()));
            out.native = true;
        }
        TypeKind::Enum {
            int,
            repr_c,
            variants,
        } => {
            out.cffi = Some(target.int_layout(*int));
            out.native = true;
            if *repr_c && *int == interoptopus_core::model::IntKind::I32 {
                let values: Vec<String> = variants
                    .iter()
                    .zip(&t.variants)
                    .map(|(v, n)| format!("{} = {}", n.c, v.value))
                    .collect();
                let _ = writeln!(
                    out.definition,
                    "typedef enum {} {{ {} }} {};",
                    t.c,
                    values.join(", "),
                    t.c
                );
            } else {
                let _ = writeln!(
                    out.definition,
                    "typedef {} {};",
                    int_kind(*int, target),
                    t.c
                );
            }
        }
        TypeKind::Transparent { field } => {
            out.cffi = ctx.cffi_size_align(&field.ty);
            out.native = ctx.is_native(&field.ty);
            let _ = writeln!(out.definition, "typedef {};", ctx.declare(&field.ty, &t.c));
        }
        TypeKind::Struct { fields, repr, .. } => {
            let layout = layout.ok_or_else(missing)?;
            if fields.is_empty() {
                return Err("C has no empty structs".into());
            }
            let mut members = Vec::new();
            let mut native = repr.packed.is_none();
            for ((f, n), fl) in fields.iter().zip(&t.fields).zip(&layout.fields) {
                members.push(ctx.member(&f.ty, &n.c, Some(fl)).ok_or_else(missing)?);
                native &= ctx.is_native(&f.ty);
                out.offsets.push((n.c.clone(), fl.offset));
            }
            let forced = force_struct(&members, size, repr.packed)?;
            out.native = native && !forced.padded;
            out.pack = repr.packed;
            out.cffi = Some((layout.size, forced.align));
            body(&mut out.definition, "struct", &t.c, &forced.members);
        }
        TypeKind::Union { fields, repr } => {
            let layout = layout.ok_or_else(missing)?;
            let mut members = Vec::new();
            for ((f, n), fl) in fields.iter().zip(&t.fields).zip(&layout.fields) {
                members.push(ctx.member(&f.ty, &n.c, Some(fl)).ok_or_else(missing)?);
                out.offsets.push((n.c.clone(), 0));
            }
            let forced = force_union(&members, layout.size, repr.packed);
            out.pack = repr.packed;
            out.cffi = Some((layout.size, forced.align));
            body(&mut out.definition, "union", &t.c, &forced.members);
        }
        TypeKind::TaggedUnion {
            tag,
            style,
            variants,
        } => {
            let layout = layout.ok_or_else(missing)?;
            let (tag_size, tag_align) = target.int_layout(*tag);
            let tag_member = |offset| Member {
                decl: format!("{} {TAG}", int_kind(*tag, target)),
                offset,
                size: tag_size,
                align: tag_align,
            };
            let base = match style {
                TagStyle::Separate => layout.payload_offset.unwrap_or(0),
                TagStyle::Inline => 0,
            };
            // One struct per variant with fields (unit variants add nothing to the layout).
            let mut holders = Vec::new();
            out.offsets.push((TAG.into(), 0));
            for ((v, n), vl) in variants.iter().zip(&t.variants).zip(&layout.variants) {
                if v.fields.is_empty() && *style == TagStyle::Separate {
                    continue;
                }
                let mut members = Vec::new();
                if *style == TagStyle::Inline {
                    members.push(tag_member(0));
                }
                let prefix = match style {
                    TagStyle::Separate => format!("{PAYLOAD}.{}", n.c_member),
                    TagStyle::Inline => n.c_member.clone(),
                };
                for ((f, fname), fl) in v.fields.iter().zip(&n.fields).zip(&vl.fields) {
                    let mut m = ctx.member(&f.ty, &fname.c, Some(fl)).ok_or_else(missing)?;
                    m.offset = m.offset.checked_sub(base).ok_or_else(|| {
                        format!("variant field `{}` lies before the payload", fname.c)
                    })?;
                    members.push(m);
                    out.offsets
                        .push((format!("{prefix}.{}", fname.c).into(), fl.offset));
                }
                let forced = force_struct(&members, None, None)?;
                let last = members.last().map_or(0, |m| m.offset + m.size);
                body(&mut out.definition, "struct", &n.c, &forced.members);
                holders.push(Member {
                    decl: format!("struct {} {}", n.c, n.c_member),
                    offset: 0,
                    size: round_up(last, forced.align),
                    align: forced.align,
                });
            }
            let forced = match style {
                TagStyle::Separate => {
                    let mut outer = vec![tag_member(0)];
                    if !holders.is_empty() {
                        let u = force_union(&holders, 0, None);
                        let usize_ = holders.iter().map(|h| h.size).max().unwrap_or(0);
                        body(&mut out.definition, "union", &t.c_payload, &u.members);
                        outer.push(Member {
                            decl: format!("union {} {PAYLOAD}", t.c_payload),
                            offset: base,
                            size: round_up(usize_, u.align),
                            align: u.align,
                        });
                    }
                    let forced = force_struct(&outer, Some(layout.size), None)?;
                    body(&mut out.definition, "struct", &t.c, &forced.members);
                    forced
                }
                TagStyle::Inline => {
                    let mut all = vec![tag_member(0)];
                    all.extend(holders);
                    let forced = force_union(&all, layout.size, None);
                    body(&mut out.definition, "union", &t.c, &forced.members);
                    forced
                }
            };
            out.cffi = Some((layout.size, forced.align));
        }
    }
    Ok(out)
}

/// Appends `keyword name { … };` around `members` (see [`Forced`]).
fn body(out: &mut String, keyword: &str, name: &str, members: &str) {
    out.reserve(keyword.len() + name.len() + members.len() + 8);
    // Writing into a `String` cannot fail.
    let _ = writeln!(out, "{keyword} {name} {{");
    out.push_str(members);
    out.push_str("};\n");
}

/// The keyword a named aggregate is forward-declared with, if any.
pub(crate) fn forward_keyword(kind: &TypeKind) -> Option<&'static str> {
    match kind {
        TypeKind::Struct { .. } | TypeKind::Opaque => Some("struct"),
        TypeKind::Union { .. } => Some("union"),
        TypeKind::TaggedUnion { style, .. } => Some(match style {
            TagStyle::Separate => "struct",
            TagStyle::Inline => "union",
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(offset: u64, size: u64, align: u64) -> Member {
        Member {
            decl: format!("uint8_t f{offset}[{size}]"),
            offset,
            size,
            align,
        }
    }

    #[test]
    fn pads_over_aligned_members_and_size() {
        let f = force_struct(&[m(0, 1, 1), m(16, 4, 4)], Some(32), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(f.padded);
        assert_eq!(f.align, 4);
        let lines: Vec<&str> = f.members.lines().collect();
        assert_eq!(lines[1], "    uint8_t _pad0[15];");
        assert_eq!(lines[3], "    uint8_t _pad1[12];");
    }

    #[test]
    fn natural_layout_needs_no_padding() {
        let f = force_struct(&[m(0, 1, 1), m(4, 4, 4)], Some(8), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!f.padded);
        let f = force_struct(&[m(0, 1, 1), m(1, 4, 4)], Some(5), Some(1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!f.padded);
    }

    #[test]
    fn too_early_model_offset_is_an_error() {
        assert!(force_struct(&[m(0, 1, 1), m(1, 4, 4)], None, None).is_err());
    }
}
