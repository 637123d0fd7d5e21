//! Function-pointer types: a class that turns a Python callable into a C function pointer
//! (and a C function pointer back into something callable).
//!
//! Lifetime rule (Rust never calls a freed callback): whatever is handed to the library stays
//! alive for the rest of the process, because the library may store the pointer. A plain
//! callable is converted once per callable and kept (see `_kept_callback` in
//! [`crate::runtime`]); a `Callback(fn)` object is pinned the first time it is handed over and
//! stays alive until its `release()` is called, which the user does only once the library can
//! no longer call it. Each class has a `_PTRS` table (converted callables and pinned objects →
//! their function pointers) that the function wrappers look arguments up in first.
//!
//! Arguments a callback receives are converted like return values, except that structs behind
//! pointers are views valid only during the call (`copy()` them to keep them).

use interoptopus_core::model::{FnSig, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::convert::Pos;
use crate::ctx::Ctx;
use crate::docs::docstring;
use crate::functions::write_call;

pub(super) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, sig: &FnSig) {
    let class = ctx.py(id);
    let def = ctx.model.type_def(id);
    let names = &ctx.names.types[id.0 as usize].params;
    w.line(format!("class {class}(_FnPointer):"));
    w.indent();
    docstring(
        w,
        &def.docs,
        &[
            "A C function pointer, built from any Python callable. Once handed to the library it"
                .into(),
            "is pinned (kept alive, since the library may store it) until `release()` is called."
                .into(),
            "An exception raised by the callable is printed, and the C caller gets a zero value."
                .into(),
        ],
    );
    w.blank();
    w.line("__slots__ = ()");
    w.line(format!("_TYPE = ffi.typeof(\"{}\")", ctx.c(id)));
    w.line("_PTRS: _t.ClassVar[dict[object, CData]] = {}");
    w.blank();
    w.line(format!(
        "def __init__(self, fn: {}) -> None:",
        ctx.callable_hint(id)
    ));
    w.indent();
    let args: Vec<String> = (0..sig.params.len()).map(|i| format!("a{i}")).collect();
    let ret_void = sig.ret.is_void();
    // Values cffi already delivers as the right Python object are passed on as they are; when
    // that holds for every argument and for the result, cffi calls `fn` itself (no Python
    // trampoline frame per call, which is most of a callback round trip's overhead). A `void`
    // callback keeps its trampoline: cffi insists that the callable return `None`, and the
    // trampoline discards whatever it returns.
    let direct = !ret_void
        && sig
            .params
            .iter()
            .zip(&args)
            .all(|(p, a)| ctx.c_to_py(&p.ty, a, Pos::CbArg, "None") == *a)
        && ctx.py_to_c(&sig.ret, "r", Pos::CbRet) == "r";
    if direct {
        w.line("self._cdata = ffi.callback(self._TYPE, fn)");
    } else {
        write_trampoline(ctx, w, sig, &args, ret_void);
        w.line("self._cdata = ffi.callback(self._TYPE, trampoline)");
    }
    w.line("self._fn = fn");
    w.line("self._pinned = False");
    w.dedent();
    w.blank();
    let params: Vec<String> = names.iter().map(|n| n.py.to_string()).collect();
    let mut decls = vec!["self".to_string()];
    decls.extend(
        sig.params
            .iter()
            .zip(&params)
            .map(|(p, n)| format!("{n}: {}", ctx.hint(&p.ty, Pos::Param))),
    );
    w.line(format!(
        "def __call__({}) -> {}:",
        decls.join(", "),
        ctx.hint(&sig.ret, Pos::Return)
    ));
    w.indent();
    w.line("\"\"\"Calls the function pointer.\"\"\"");
    write_call(ctx, w, "self._cdata", sig, &params);
    w.dedent();
    w.dedent();
    w.blank();
    w.blank();
    // A module global: the wrappers' argument fast path reads it without an attribute lookup.
    w.line(format!(
        "{}: dict[object, CData] = {class}._PTRS",
        ptrs_global(class)
    ));
}

/// The module-level alias of a callback class's `_PTRS` table.
pub(crate) fn ptrs_global(class: &str) -> String {
    format!("_{class}_PTRS")
}

/// `def trampoline(a0, …)`: converts what cffi delivers into what the Python callable expects,
/// and its result back.
fn write_trampoline(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    sig: &FnSig,
    args: &[String],
    ret_void: bool,
) {
    let decls: Vec<String> = args.iter().map(|a| format!("{a}: CData")).collect();
    w.line(format!(
        "def trampoline({}) -> {}:",
        decls.join(", "),
        if ret_void { "None" } else { "CData" }
    ));
    w.indent();
    let mut converted = Vec::new();
    for (i, (p, a)) in sig.params.iter().zip(args).enumerate() {
        if ctx.c_to_py(&p.ty, a, Pos::CbArg, "None") == *a {
            converted.push(a.clone());
            continue;
        }
        let dst = format!("p{i}");
        for l in ctx.c_to_py_into(&p.ty, a, &dst, Pos::CbArg) {
            w.line(l);
        }
        converted.push(dst);
    }
    let call = format!("fn({})", converted.join(", "));
    if ret_void {
        w.line(call);
    } else {
        w.line(format!("r = {call}"));
        w.line(format!("return {}", ctx.py_to_c(&sig.ret, "r", Pos::CbRet)));
    }
    w.dedent();
    w.blank();
}
