//! `pub const` items: module constants with their values resolved at generation time.

use interoptopus_core::model::{ConstValue, Primitive};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::docstring;

/// A Python literal for a constant's value.
pub(crate) fn literal(value: ConstValue, ty: Primitive) -> String {
    match value {
        ConstValue::Bool(b) => if b { "True" } else { "False" }.into(),
        ConstValue::Int(i) if ty == Primitive::Char32 => {
            match u32::try_from(i).ok().and_then(char::from_u32) {
                Some(c) => crate::loader::literal(&c.to_string()),
                None => i.to_string(),
            }
        }
        ConstValue::Int(i) => i.to_string(),
        ConstValue::Float(f) if f.is_nan() => "float(\"nan\")".into(),
        ConstValue::Float(f) if f.is_infinite() && f > 0.0 => "float(\"inf\")".into(),
        ConstValue::Float(f) if f.is_infinite() => "float(\"-inf\")".into(),
        // Rust's `{:?}` is the shortest round-tripping form and always has a `.` or exponent.
        ConstValue::Float(f) => format!("{f:?}"),
    }
}

fn hint(value: ConstValue, ty: Primitive) -> &'static str {
    match value {
        ConstValue::Bool(_) => "bool",
        ConstValue::Int(_) if ty == Primitive::Char32 => "str",
        ConstValue::Int(_) => "int",
        ConstValue::Float(_) => "float",
    }
}

pub(crate) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    for (c, py) in ctx.model.constants.iter().zip(&ctx.names.constants) {
        w.line(format!(
            "{py}: _t.Final[{}] = {}",
            hint(c.value, c.ty),
            literal(c.value, c.ty)
        ));
        docstring(w, &c.docs, &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(literal(ConstValue::Float(0.5), Primitive::F32), "0.5");
        assert_eq!(literal(ConstValue::Float(1.0), Primitive::F64), "1.0");
        assert_eq!(literal(ConstValue::Float(1e300), Primitive::F64), "1e300");
        assert_eq!(
            literal(ConstValue::Float(f64::NAN), Primitive::F64),
            "float(\"nan\")"
        );
        assert_eq!(
            literal(ConstValue::Float(f64::NEG_INFINITY), Primitive::F64),
            "float(\"-inf\")"
        );
        assert_eq!(literal(ConstValue::Int(-7), Primitive::I32), "-7");
        assert_eq!(literal(ConstValue::Int(97), Primitive::Char32), "\"a\"");
        assert_eq!(literal(ConstValue::Bool(true), Primitive::Bool), "True");
    }
}
