//! Exported functions: one typed Python function each, calling the raw cffi function.
//!
//! The wrapper adds one Python call frame plus the conversions the types need; arguments that
//! already are cdata (struct wrappers, handles) are passed as the cdata they hold, without a
//! copy. A struct returned by value is wrapped around the cdata cffi returned, inline (no
//! helper call) since this is the hottest path. A callback argument is one dict lookup in its
//! class's `_PTRS` table (inside `try`, free when it hits); only a callable never seen before,
//! an unpinned callback object or an unhashable callable goes through `_fnptr`.
//!
//! Functions whose arguments and result need no conversion at all (numbers, `bool`, enums
//! going in) are *direct*: once the library is loaded, `load()` rebinds their module names to
//! cffi's own function objects, so calling them costs exactly a raw cffi call. The typed `def`
//! remains what type checkers see, and what runs until the library is loaded.

use std::fmt::Write as _;

use interoptopus_core::model::FnSig;
use interoptopus_core::writer::CodeWriter;

use crate::convert::{Pos, Py};
use crate::ctx::Ctx;
use crate::docs::docstring;

/// Writes the body that calls `callee` with converted arguments and returns the converted
/// result. `params` are the Python parameter names.
pub(crate) fn write_call(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    callee: &str,
    sig: &FnSig,
    params: &[String],
) {
    let mut args = Vec::new();
    for (i, (p, n)) in sig.params.iter().zip(params).enumerate() {
        let Py::Fn(id, nullable) = ctx.classify(&p.ty) else {
            args.push(ctx.py_to_c(&p.ty, n, Pos::Param).into_owned());
            continue;
        };
        // Callbacks: one dict lookup finds the pointer of a callable converted before (or of
        // a pinned callback object); anything else, including an unhashable callable, takes
        // the slow path. `try` costs nothing when no exception is raised.
        let class = ctx.py(id);
        let mut local = format!("_cb{i}");
        while params.contains(&local) {
            local.push('_');
        }
        let slow = format!("_fnptr({class}, {n})");
        w.line("try:");
        w.line(format!(
            "    {local} = {}[{n}]",
            crate::types::callbacks::ptrs_global(class)
        ));
        w.line("except (KeyError, TypeError):");
        if nullable {
            w.line(format!("    {local} = _NULL if {n} is None else {slow}"));
        } else {
            w.line(format!("    {local} = {slow}"));
        }
        args.push(local);
    }
    let call = format!("{callee}({})", args.join(", "));
    let ret = &sig.ret;
    match ctx.classify(ret) {
        Py::Void => w.line(call),
        // One expression: enum lookups and values coming through an ABI substitute.
        Py::Enum(_) | Py::Tagged(_) => {
            w.line_fmt(format_args!(
                "return {}",
                ctx.c_to_py(ret, &call, Pos::Return, "None")
            ));
        }
        Py::Record(id) if ctx.subst.contains_key(&id) => {
            w.line_fmt(format_args!(
                "return {}",
                ctx.c_to_py(ret, &call, Pos::Return, "None")
            ));
        }
        _ if ctx.needs_annotation(ret) => {
            w.line_fmt(format_args!("_r: {} = {call}", ctx.hint(ret, Pos::Return)));
            w.line("return _r");
        }
        _ => {
            w.line_fmt(format_args!("_r = {call}"));
            for l in ctx.c_to_py_into(ret, "_r", "_o", Pos::Return) {
                w.line(l);
            }
            w.line("return _o");
        }
    }
}

pub(crate) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let hidden = crate::patterns::hidden(ctx);
    for (i, (f, names)) in ctx
        .model
        .functions
        .iter()
        .zip(&ctx.names.functions)
        .enumerate()
    {
        if hidden.contains(&f.name) {
            continue;
        }
        if crate::patterns::uses_patterns(ctx, &f.sig) {
            crate::patterns::write_function(ctx, w, i);
            continue;
        }
        let params: Vec<String> = names.params.iter().map(|p| p.py.to_string()).collect();
        w.line_with(|out| {
            // Writing into a `String` cannot fail.
            let _ = write!(out, "def {}(", names.py);
            for (i, (p, n)) in f.sig.params.iter().zip(&params).enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let _ = write!(out, "{sep}{n}: {}", ctx.hint(&p.ty, Pos::Param));
            }
            let _ = write!(out, ") -> {}:", ctx.hint(&f.sig.ret, Pos::Return));
        });
        w.indent();
        docstring(w, &f.docs, &[]);
        crate::deprecated::warn(w, &names.py, f.deprecated.as_ref());
        write_call(ctx, w, &crate::names::lib_attr(&f.name), &f.sig, &params);
        w.dedent();
        w.blank();
        w.blank();
    }
}

/// Whether calling `f` needs no Python code between the caller and cffi.
fn direct(ctx: &Ctx<'_>, sig: &FnSig) -> bool {
    let plain = |ty: &interoptopus_core::model::TypeRef, inbound: bool| {
        matches!(ctx.classify(ty), Py::Int | Py::Float | Py::Bool | Py::Void)
            || (inbound && matches!(ctx.classify(ty), Py::Enum(_)))
    };
    sig.params.iter().all(|p| plain(&p.ty, true)) && plain(&sig.ret, false)
}

/// `_DIRECT`: `(module name, symbol)` of every direct function, for `load()`.
pub(crate) fn write_direct(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    w.line("# Functions `load()` rebinds to cffi's own function objects (no wrapper needed).");
    w.line("_DIRECT: tuple[tuple[str, str], ...] = (");
    let hidden = crate::patterns::hidden(ctx);
    for (f, names) in ctx.model.functions.iter().zip(&ctx.names.functions) {
        if direct(ctx, &f.sig)
            && f.deprecated.is_none()
            && !hidden.contains(&f.name)
            && !crate::patterns::uses_patterns(ctx, &f.sig)
        {
            w.line_fmt(format_args!("    (\"{}\", \"{}\"),", names.py, f.name));
        }
    }
    w.line(")");
}
