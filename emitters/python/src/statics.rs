//! `#[no_mangle] static` items: properties of the module's `statics` object.
//!
//! Reads are snapshots (structs and arrays are copied out, so nothing keeps pointing into the
//! library's memory, which for a non-`mut` static is read-only); a `static mut` also gets a
//! setter that writes the whole value.

use interoptopus_core::model::TypeRef;
use interoptopus_core::writer::CodeWriter;

use crate::convert::{Pos, Py};
use crate::ctx::Ctx;
use crate::docs::docstring;
use crate::names::lib_attr;

/// Expression reading the static `symbol` as a Python value.
fn read(ctx: &Ctx<'_>, ty: &TypeRef, symbol: &str) -> String {
    match ctx.classify(ty) {
        Py::Record(id) | Py::Tagged(id) => format!("{}._copy_of({})", ctx.py(id), lib_attr(symbol)),
        Py::Array(element, _) => {
            let (get, put) = ctx.element_converters(element);
            let decl = ctx.declare(ty, "");
            format!(
                "FixedArray(_snapshot(\"{decl}\", {}), None, {get}, {put})",
                lib_attr(symbol)
            )
        }
        _ => ctx.c_to_py(ty, "_v", Pos::Get, "None").into_owned(),
    }
}

pub(crate) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    w.line("class _Statics:");
    w.indent();
    w.line("\"\"\"The library's `static` items: reads are snapshots, `static mut` items can be assigned.\"\"\"");
    w.blank();
    w.line("__slots__ = ()");
    for (s, py) in ctx.model.statics.iter().zip(&ctx.names.statics) {
        let get_hint = ctx.hint(&s.ty, Pos::Get);
        w.blank();
        w.line("@property");
        w.line(format!("def {py}(self) -> {get_hint}:"));
        w.indent();
        docstring(w, &s.docs, &[]);
        crate::deprecated::warn(w, &format!("statics.{py}"), s.deprecated.as_ref());
        match ctx.classify(&s.ty) {
            Py::Record(_) | Py::Tagged(_) | Py::Array(..) => {
                w.line(format!("return {}", read(ctx, &s.ty, &s.name)));
            }
            _ => {
                if ctx.needs_annotation(&s.ty) {
                    w.line(format!("_v: {get_hint} = {}", lib_attr(&s.name)));
                } else {
                    w.line(format!("_v = {}", lib_attr(&s.name)));
                }
                w.line(format!("return {}", read(ctx, &s.ty, &s.name)));
            }
        }
        w.dedent();
        if s.mutable {
            w.blank();
            w.line(format!("@{py}.setter"));
            w.line(format!(
                "def {py}(self, value: {}) -> None:",
                ctx.hint(&s.ty, Pos::Set)
            ));
            w.indent();
            match ctx.classify(&s.ty) {
                Py::Array(element, _) => {
                    let (get, put) = ctx.element_converters(element);
                    w.line(format!(
                        "FixedArray({}, None, {get}, {put}).assign(value)",
                        lib_attr(&s.name)
                    ));
                }
                _ => w.line(format!(
                    "setattr(_lib, \"{}\", {})",
                    s.name,
                    ctx.py_to_c(&s.ty, "value", Pos::Set)
                )),
            }
            w.dedent();
        }
    }
    w.dedent();
    w.blank();
    w.blank();
    w.line("statics = _Statics()");
    w.line("\"\"\"Live access to the library's `static` items.\"\"\"");
}
