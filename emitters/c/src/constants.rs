//! Constants as `#define NAME value`, typed through the literal's spelling (see
//! [`crate::literals`]) so `NAME` has the Rust constant's C type. A macro rather than a
//! `static const` variable: it costs no storage, works in C89, and can size arrays.

use interoptopus_core::model::{ConstValue, Constant, Primitive};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;
use crate::guards::GuardRegion;
use crate::literals::{float_literal, int_literal, Spelling};

pub(crate) fn write_constants(ctx: &mut Ctx<'_>, w: &mut CodeWriter) {
    let model = ctx.model;
    if model.constants.is_empty() {
        return;
    }
    let mut region = GuardRegion::default();
    for (c, name) in model.constants.iter().zip(ctx.names.constants.clone()) {
        let value = match value(ctx, c) {
            Ok(v) => v,
            Err(message) => {
                ctx.error(&c.rust_path, message, None);
                continue;
            }
        };
        region.enter(w, &c.guard);
        write_docs(w, ctx.config.doc_style_value(), &c.docs);
        w.line(format!("#define {name} {value}"));
    }
    region.close(w);
    w.blank();
}

fn value(ctx: &mut Ctx<'_>, c: &Constant) -> Result<String, String> {
    match (c.value, c.ty) {
        (ConstValue::Bool(b), Primitive::Bool) => {
            Ok(match ctx.config.bool_typedef_name(ctx.model) {
                // `true`/`false` come from `<stdbool.h>`, which this header then does not include.
                Some(typedef) => format!("(({typedef}){})", u8::from(b)),
                None => format!("((bool){b})"),
            })
        }
        (ConstValue::Float(f), p) if p.is_float() => {
            let (text, math) = float_literal(f, p, Spelling::of(ctx.config));
            ctx.needs_math |= math;
            Ok(text)
        }
        (ConstValue::Int(i), p) if p.is_integer() => {
            int_literal(i, p, ctx.pointer_bits, Spelling::of(ctx.config))
        }
        (v, p) => Err(format!(
            "constant of type `{}` has a value of another kind ({v:?})",
            p.rust_name()
        )),
    }
}
