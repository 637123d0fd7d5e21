//! `#[repr(C)]` unions: like structs, but every field views the same bytes.
//!
//! The constructor takes at most one field; `==` compares the raw bytes, since which field is
//! meaningful is not recorded anywhere.

use interoptopus_core::model::{Field, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::fields::{write_class_attrs, write_ctor, write_property, write_repr, Ctor};
use super::structs::specs;
use crate::ctx::Ctx;
use crate::docs::docstring;

pub(super) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, fields: &[Field]) {
    let class = ctx.py(id);
    let def = ctx.model.type_def(id);
    w.line(format!("class {class}(_Struct):"));
    w.indent();
    docstring(
        w,
        &def.docs,
        &["A C union: all fields share the same memory; set one of them.".into()],
    );
    w.blank();
    write_class_attrs(ctx, w, id);
    w.blank();
    let specs = specs(ctx, id, fields);
    let mut prologue = Vec::new();
    if specs.len() > 1 {
        let given: Vec<String> = specs
            .iter()
            .map(|f| format!("({} is not None)", f.py))
            .collect();
        prologue.push(format!("if {} > 1:", given.join(" + ")).into());
        prologue.push(
            format!("    raise ValueError(\"{class} is a union: give at most one field\")").into(),
        );
    }
    prologue.push("_mem = self._alloc()".into());
    let ctor = Ctor {
        positional: false,
        all_optional: true,
        prologue,
    };
    write_ctor(ctx, w, &specs, &ctor);
    for f in &specs {
        w.blank();
        write_property(ctx, w, f);
    }
    w.blank();
    write_repr(ctx, w, class, &specs);
    w.blank();
    w.line("def __eq__(self, other: object) -> bool:");
    w.line(format!("    if not isinstance(other, {class}):"));
    w.line("        return NotImplemented");
    w.line("    return bytes(ffi.buffer(self._ptr or self._addr())) == bytes(ffi.buffer(other._ptr or other._addr()))");
    w.dedent();
}
