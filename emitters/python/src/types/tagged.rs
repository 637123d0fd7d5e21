//! Enums with data: a base class plus one subclass per variant (`Shape` → `ShapeCircle`,
//! `ShapeRect`, …), so a value's variant is its type and cannot be misread.
//!
//! `isinstance` and `match` both work (`case ShapeRect(w=w)`; tuple variants also match
//! positionally). A variant object owns its memory and only exposes its own fields. Reading a
//! tagged union from a struct field or through a pointer copies it, because memory viewed in
//! place could change variant under the object's feet.

use std::fmt::Write as _;

use interoptopus_core::model::{DataVariant, TagStyle, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::fields::{
    write_class_attrs, write_ctor, write_eq, write_property, write_repr, Ctor, FieldSpec,
};
use crate::ctx::Ctx;
use crate::docs::docstring;
use crate::names::PAYLOAD;

pub(super) fn write(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    style: TagStyle,
    variants: &[DataVariant],
) {
    let base = ctx.py(id);
    let def = ctx.model.type_def(id);
    let names = &ctx.names.types[id.0 as usize].variants;
    let mut summary = String::from("A tagged union; every value is one of: ");
    for (i, n) in names.iter().enumerate() {
        let sep = if i > 0 { ", " } else { "" };
        let _ = write!(summary, "{sep}`{}`", n.py);
    }
    summary.push('.');
    w.line_fmt(format_args!("class {base}(_Tagged):"));
    w.indent();
    docstring(w, &def.docs, &[summary]);
    w.blank();
    write_class_attrs(ctx, w, id);
    w.blank();
    w.line("def __init__(self) -> None:");
    w.line_fmt(format_args!(
        "    raise TypeError(\"{base} is a tagged union: construct one of its variants\")"
    ));
    w.dedent();

    for (v, n) in variants.iter().zip(names) {
        w.blank();
        w.blank();
        let prefix = match style {
            TagStyle::Separate => format!("{PAYLOAD}.{}.", n.c_member),
            TagStyle::Inline => format!("{}.", n.c_member),
        };
        let specs: Vec<FieldSpec<'_>> = v
            .fields
            .iter()
            .zip(&n.fields)
            .map(|(f, fname)| FieldSpec {
                py: &fname.py,
                c_path: format!("{prefix}{}", fname.c).into(),
                ty: &f.ty,
                docs: &f.docs,
            })
            .collect();
        w.line_fmt(format_args!("class {}({base}):", n.py));
        w.indent();
        docstring(w, &v.docs, &[format!("Variant `{}` of `{base}`.", v.name)]);
        w.blank();
        w.line("__slots__ = ()");
        w.line_with(|out| {
            out.push_str("__match_args__ = (");
            for (i, f) in specs.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let _ = write!(out, "{sep}\"{}\"", f.py);
            }
            if !specs.is_empty() {
                out.push(',');
            }
            out.push(')');
        });
        w.blank();
        let ctor = Ctor {
            positional: v.tuple,
            all_optional: false,
            prologue: vec![
                "_mem = self._alloc()".into(),
                format!("_mem.tag = {}", v.value).into(),
            ],
        };
        write_ctor(ctx, w, &specs, &ctor);
        for f in &specs {
            w.blank();
            write_property(ctx, w, f);
        }
        w.blank();
        write_repr(ctx, w, &n.py, &specs);
        w.blank();
        write_eq(ctx, w, &n.py, &specs);
        w.dedent();
    }
    w.blank();
    w.blank();
    w.line_with(|out| {
        let _ = write!(out, "{base}._VARIANTS = {{");
        for (i, (v, n)) in variants.iter().zip(names).enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            let _ = write!(out, "{sep}{}: {}", v.value, n.py);
        }
        out.push('}');
    });
}
