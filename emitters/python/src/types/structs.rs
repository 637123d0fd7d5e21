//! `#[repr(C)]` structs: a class over the struct's memory, with one property per field.
//!
//! An instance built in Python owns its memory (`ffi.new`); one returned by value wraps the
//! struct cdata cffi returned (no copy); one read from a field of another struct is a live
//! view that keeps the outer object alive, so `outer.inner.x = 1` writes through.

use std::borrow::Cow;

use interoptopus_core::model::{Field, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::fields::{
    write_class_attrs, write_ctor, write_eq, write_property, write_repr, Ctor, FieldSpec,
};
use crate::ctx::Ctx;
use crate::docs::docstring;

pub(super) fn specs<'a>(ctx: &'a Ctx<'_>, id: TypeId, fields: &'a [Field]) -> Vec<FieldSpec<'a>> {
    fields
        .iter()
        .zip(&ctx.names.types[id.0 as usize].fields)
        .map(|(f, n)| FieldSpec {
            py: &n.py,
            c_path: Cow::Borrowed(&n.c),
            ty: &f.ty,
            docs: &f.docs,
        })
        .collect()
}

pub(super) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, fields: &[Field], tuple: bool) {
    let class = ctx.py(id);
    let def = ctx.model.type_def(id);
    w.line_fmt(format_args!("class {class}(_Struct):"));
    w.indent();
    if docstring(w, &def.docs, &[]) {
        w.blank();
    }
    write_class_attrs(ctx, w, id);
    let specs = specs(ctx, id, fields);
    if tuple {
        let names: Vec<String> = specs.iter().map(|f| format!("\"{}\"", f.py)).collect();
        w.line(format!("__match_args__ = ({},)", names.join(", ")));
    }
    w.blank();
    let ctor = Ctor {
        positional: tuple,
        all_optional: false,
        prologue: vec!["_mem = self._alloc()".into()],
    };
    write_ctor(ctx, w, &specs, &ctor);
    for f in &specs {
        w.blank();
        write_property(ctx, w, f);
    }
    w.blank();
    write_repr(ctx, w, class, &specs);
    w.blank();
    write_eq(ctx, w, class, &specs);
    w.dedent();
}
