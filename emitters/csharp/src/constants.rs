//! Rust constants → `const` members of the static class with the matching C# type.
//!
//! `usize`/`isize` constants are `static readonly UIntPtr`/`IntPtr`: C# has no pointer-sized
//! `const`. Floats are printed with Rust's shortest round-trip formatting, so C# parses back the
//! exact value Rust computed.

use interoptopus_core::model::{ConstValue, Constant, IntKind, Primitive};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs;
use crate::names::Scope;
use crate::types::enums::int_range;
use crate::types::mapping;

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, scope: &mut Scope) {
    for c in &ctx.model.constants {
        let name = ctx.naming.pascal(&c.name);
        scope.declare_at(ctx, &name, format!("constant `{}`", c.name), &c.rust_path);
        let Some(decl) = declaration(ctx, c, &name) else {
            continue;
        };
        w.blank();
        docs::summary(
            w,
            &c.docs,
            format_args!("Rust `const {}: {}`.", c.name, c.ty.rust_name()),
        );
        docs::obsolete(w, c.deprecated.as_ref());
        w.line(decl);
    }
}

fn declaration(ctx: &Ctx<'_>, c: &Constant, name: &str) -> Option<String> {
    let ty = mapping::primitive(ctx, c.ty);
    let mismatch = || {
        ctx.error(
            &c.rust_path,
            format!(
                "the value {:?} does not fit type `{}`",
                c.value,
                c.ty.rust_name()
            ),
            None,
        );
        None
    };
    let literal = match (c.ty, c.value) {
        (Primitive::Bool, ConstValue::Bool(b)) => b.to_string(),
        (Primitive::F32, ConstValue::Float(v)) => float32(v as f32),
        (Primitive::F32, ConstValue::Int(v)) => float32(v as f32),
        (Primitive::F64, ConstValue::Float(v)) => float64(v),
        (Primitive::F64, ConstValue::Int(v)) => float64(v as f64),
        (p, ConstValue::Int(v)) if p.is_integer() => {
            let (min, max) = integer_range(ctx, p);
            if v < min || v > max {
                return mismatch();
            }
            match p {
                Primitive::Usize => {
                    return Some(format!(
                        "public static readonly UIntPtr {name} = new UIntPtr({v}UL);"
                    ))
                }
                Primitive::Isize => {
                    return Some(format!(
                        "public static readonly IntPtr {name} = new IntPtr({v}L);"
                    ))
                }
                _ => v.to_string(),
            }
        }
        _ => return mismatch(),
    };
    Some(format!("public const {ty} {name} = {literal};"))
}

fn integer_range(ctx: &Ctx<'_>, p: Primitive) -> (i128, i128) {
    let kind = match p {
        Primitive::Char32 => IntKind::U32,
        Primitive::CChar if ctx.layouts.target.c_char_is_signed() => IntKind::I8,
        Primitive::CChar => IntKind::U8,
        Primitive::U8 => IntKind::U8,
        Primitive::U16 => IntKind::U16,
        Primitive::U32 => IntKind::U32,
        Primitive::U64 => IntKind::U64,
        Primitive::I8 => IntKind::I8,
        Primitive::I16 => IntKind::I16,
        Primitive::I32 => IntKind::I32,
        Primitive::I64 => IntKind::I64,
        Primitive::Usize => IntKind::Usize,
        _ => IntKind::Isize,
    };
    int_range(ctx, kind)
}

fn float32(v: f32) -> String {
    if v.is_nan() {
        "float.NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "float.PositiveInfinity"
        } else {
            "float.NegativeInfinity"
        }
        .into()
    } else {
        format!("{v:?}f")
    }
}

fn float64(v: f64) -> String {
    if v.is_nan() {
        "double.NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "double.PositiveInfinity"
        } else {
            "double.NegativeInfinity"
        }
        .into()
    } else {
        format!("{v:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_literals_round_trip() {
        assert_eq!(float32(0.5), "0.5f");
        assert_eq!(float32(0.1), "0.1f");
        assert_eq!(float32(1e20), "1e20f");
        assert_eq!(float64(std::f64::consts::PI), "3.141592653589793");
        assert_eq!(float64(-0.0), "-0.0");
        assert_eq!(float64(f64::NAN), "double.NaN");
        assert_eq!(float32(f32::NEG_INFINITY), "float.NegativeInfinity");
    }
}
