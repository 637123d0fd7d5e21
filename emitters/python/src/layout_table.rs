//! `_LAYOUT` and `_CFFI_ALIGN`: the layout model's numbers inside the module, so tests (and
//! curious users) can compare them with what cffi computed (`ffi.sizeof`, `ffi.alignof`,
//! `ffi.offsetof`).

use std::fmt::Write as _;

use interoptopus_core::model::TypeKind;
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;

pub(crate) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    w.line("# Layout model: C type -> (size, alignment, {field path: offset}). Field paths are");
    w.line("# dotted (`payload.rect.w`) for `ffi.offsetof(name, *path.split(\".\"))`.");
    w.line("_LAYOUT: dict[str, tuple[int, int, dict[str, int]]] = {");
    let mut under_aligned = Vec::new();
    for (id, def) in ctx.model.types_with_ids() {
        if matches!(def.kind, TypeKind::Opaque) {
            continue;
        }
        let (Some(l), Some(c)) = (ctx.layout(id), ctx.ctypes.get(id.0 as usize)) else {
            continue;
        };
        w.line_with(|out| {
            // Writing into a `String` cannot fail.
            let _ = write!(out, "    \"{}\": ({}, {}, {{", ctx.c(id), l.size, l.align);
            for (i, (path, off)) in c.offsets.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let _ = write!(out, "{sep}\"{path}\": {off}");
            }
            out.push_str("}),");
        });
        if let Some((_, a)) = c.cffi {
            if a < l.align {
                under_aligned.push(format!("\"{}\": {a}", ctx.c(id)));
            }
        }
    }
    w.line("}");
    w.line("# Types whose `align(N)` cffi cannot express: the alignment cffi reports instead.");
    w.line("# The module allocates such values with the model's alignment by hand.");
    w.line(format!(
        "_CFFI_ALIGN: dict[str, int] = {{{}}}",
        under_aligned.join(", ")
    ));
}
