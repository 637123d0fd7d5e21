//! The pattern idioms (`Model::patterns`, `Model::services`, `Model::fingerprint`).
//!
//! Functions that take or return a pattern type get a wrapper speaking Python: slices accept
//! lists and buffers (zero-copy when the buffer's items are the element type), string views
//! and C strings accept `str`, owned strings and vectors come back as `str`/`list` and are
//! freed through the model's `free` function, `FfiOption<T>` is `T | None`, `Bool` is `bool`,
//! error enums and `FfiResult` raise one exception class per error enum (all subclassing
//! `FfiError`), callbacks with state accept any callable and keep it alive until Rust calls
//! the `drop` function. Services become classes owning their handle. The pattern structs
//! themselves keep their plain classes, and the raw cffi functions stay reachable through
//! `load()` (the raw forms).
//!
//! A pattern whose struct does not have the fields its documentation fixes is treated as a
//! plain struct: the bindings are then raw but correct.

pub(crate) mod runtime;

use std::collections::BTreeSet;

use interoptopus_core::model::{FnSig, Pattern, Service, TypeId, TypeKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::convert::{Pos, Py};
use crate::ctx::{peel, Ctx};
use crate::docs::docstring;

/// A pattern usable for idioms: its struct has the fields the model documents.
#[derive(Clone, Copy, Debug)]
enum Pat<'m> {
    Slice(TypeId, &'m TypeRef, bool),
    Utf8View(TypeId),
    OwnedString(&'m str),
    OwnedVec(&'m TypeRef, &'m str),
    Option(TypeId, &'m TypeRef),
    Bool,
    ErrorEnum(TypeId),
    Result(TypeId, &'m TypeRef, TypeId),
    Callback(TypeId, TypeId),
}

/// The C member names of `id`'s fields `wanted` (in that order), if it is a struct with
/// exactly those fields.
fn members(ctx: &Ctx<'_>, id: TypeId, wanted: &[&str]) -> Option<Vec<String>> {
    let TypeKind::Struct { fields, .. } = ctx.kind(id) else {
        return None;
    };
    if fields.len() != wanted.len() {
        return None;
    }
    let names = ctx.names.types.get(id.0 as usize)?;
    wanted
        .iter()
        .map(|w| {
            let i = fields.iter().position(|f| f.name == *w)?;
            names.fields.get(i).map(|m| m.c.to_string())
        })
        .collect()
}

/// The exception class raised for error enum `id`.
pub(crate) fn exception(ctx: &Ctx<'_>, id: TypeId) -> String {
    format!("{}Exception", ctx.py(id))
}

fn pat<'m>(ctx: &'m Ctx<'_>, ty: &'m TypeRef) -> Option<Pat<'m>> {
    let TypeRef::Named {
        id,
        nullable: false,
    } = ty
    else {
        return None;
    };
    let id = *id;
    let p = ctx.model.pattern(id)?;
    let ok = |wanted: &[&str]| members(ctx, id, wanted).is_some();
    Some(match p {
        Pattern::Slice { element, mutable } if ok(&["ptr", "len"]) => {
            Pat::Slice(id, element, *mutable)
        }
        Pattern::Utf8View if ok(&["ptr", "len"]) => Pat::Utf8View(id),
        Pattern::OwnedString { free } if ok(&["ptr", "len", "capacity"]) && has_fn(ctx, free) => {
            Pat::OwnedString(free)
        }
        Pattern::OwnedVec { element, free }
            if ok(&["ptr", "len", "capacity"]) && has_fn(ctx, free) =>
        {
            Pat::OwnedVec(element, free)
        }
        Pattern::Option { inner } if ok(&["value", "is_some"]) => Pat::Option(id, inner),
        Pattern::Bool => Pat::Bool,
        Pattern::ErrorEnum if matches!(ctx.kind(id), TypeKind::Enum { .. }) => Pat::ErrorEnum(id),
        Pattern::Result { value, error }
            if ok(&["value", "error"]) && matches!(ctx.kind(*error), TypeKind::Enum { .. }) =>
        {
            Pat::Result(id, value, *error)
        }
        Pattern::Callback { function }
            if ok(&["call", "data", "drop"]) && callback_sig(ctx, *function).is_some() =>
        {
            Pat::Callback(id, *function)
        }
        _ => return None,
    })
}

fn has_fn(ctx: &Ctx<'_>, name: &str) -> bool {
    ctx.model.functions.iter().any(|f| f.name == name)
}

/// The signature of a callback's function pointer, which must end with the user-data pointer.
fn callback_sig<'m>(ctx: &'m Ctx<'_>, function: TypeId) -> Option<&'m FnSig> {
    match ctx.kind(function) {
        TypeKind::FnPtr { sig } if matches!(sig.params.last(), Some(p) if matches!(p.ty, TypeRef::Pointer { .. })) => {
            Some(sig)
        }
        _ => None,
    }
}

/// Whether the model asks for the pattern runtime at all.
pub(crate) fn any(ctx: &Ctx<'_>) -> bool {
    !ctx.model.patterns.is_empty()
        || !ctx.model.services.is_empty()
        || ctx.model.fingerprint.is_some()
}

/// Whether a function's wrapper needs pattern conversions.
pub(crate) fn uses_patterns(ctx: &Ctx<'_>, sig: &FnSig) -> bool {
    sig.params.iter().any(|p| pat(ctx, &p.ty).is_some()) || pat(ctx, &sig.ret).is_some()
}

/// Functions with no module-level wrapper: service functions (methods of the class) and the
/// `free` functions of owned types (called by the wrappers; calling them twice is a double
/// free).
pub(crate) fn hidden(ctx: &Ctx<'_>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in &ctx.model.services {
        out.extend(s.constructors.iter().cloned());
        out.extend(s.methods.iter().cloned());
        out.insert(s.destructor.clone());
    }
    for p in &ctx.model.patterns {
        match &p.pattern {
            Pattern::OwnedString { free } | Pattern::OwnedVec { free, .. } => {
                out.insert(free.clone());
            }
            _ => {}
        }
    }
    out
}

/// Public names the pattern runtime adds to the module.
pub(crate) fn public_names(ctx: &Ctx<'_>) -> Vec<String> {
    if !any(ctx) {
        return Vec::new();
    }
    let mut out: Vec<String> = ["FfiError", "ServiceClosedError", "ApiMismatchError"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if ctx.model.fingerprint.is_some() {
        out.push("API_FINGERPRINT".into());
    }
    for p in &ctx.model.patterns {
        if matches!(p.pattern, Pattern::ErrorEnum) && pat_error(ctx, p.ty) {
            out.push(exception(ctx, p.ty));
        }
    }
    out
}

fn pat_error(ctx: &Ctx<'_>, id: TypeId) -> bool {
    matches!(ctx.kind(id), TypeKind::Enum { .. })
}

fn is_error_enum(ctx: &Ctx<'_>, id: TypeId) -> bool {
    matches!(ctx.model.pattern(id), Some(Pattern::ErrorEnum)) && pat_error(ctx, id)
}

/// After an error enum's `IntEnum`: its exception class.
pub(crate) fn write_exception(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId) {
    if !is_error_enum(ctx, id) {
        return;
    }
    let e = ctx.py(id);
    w.blank();
    w.blank();
    w.line(format!("class {}(FfiError):", exception(ctx, id)));
    w.indent();
    w.line(format!(
        "\"\"\"Raised when the library returns a `{e}` other than its success value; `error` is the member.\"\"\""
    ));
    w.blank();
    w.line(format!("error: {e}"));
    w.dedent();
}

/// `raise …` for error code expression `code` returned by `function`.
fn raise(ctx: &Ctx<'_>, error: TypeId, code: &str, function: &str) -> String {
    format!(
        "raise {}(_{}_OF.get({code}, {code}), \"{function}\")",
        exception(ctx, error),
        ctx.py(error)
    )
}

/// `(ctype of the element array, buffer kind, element size)` for a slice element.
fn element_info(ctx: &Ctx<'_>, element: &TypeRef) -> (String, &'static str, u64) {
    use interoptopus_core::model::Primitive as P;
    let size = ctx.cffi_size_align(element).map_or(0, |(s, _)| s);
    let ctype = ctx.declare(element, "[]");
    let kind = match peel(ctx.model, element) {
        TypeRef::Primitive { primitive, .. } => match primitive {
            P::U8 => "Bc",
            P::I8 => "b",
            P::U16 | P::U32 | P::U64 | P::Usize => "BHILQN",
            P::I16 | P::I32 | P::I64 | P::Isize => "bhilqn",
            P::F32 if size == 4 => "f",
            P::F64 => "d",
            P::Bool => "?",
            _ => "",
        },
        TypeRef::Named { id, .. } if matches!(ctx.kind(*id), TypeKind::Struct { .. }) => "*",
        _ => "",
    };
    (ctype, kind, size)
}

/// Converter (Python → C) for one element of a list, or `None`.
fn element_put(ctx: &Ctx<'_>, element: &TypeRef) -> &'static str {
    match ctx.classify(element) {
        Py::Record(_) | Py::Tagged(_) => "_cdata_of",
        _ => "None",
    }
}

/// Converter (C → Python) for one element read from C memory, or `None`.
fn element_get(ctx: &Ctx<'_>, element: &TypeRef) -> String {
    if matches!(pat(ctx, element), Some(Pat::Bool)) {
        return "bool".into();
    }
    match ctx.classify(element) {
        Py::Record(id) | Py::Tagged(id) => format!("{}._copy_of", ctx.py(id)),
        Py::Enum(id) => format!("_{}_OF.__getitem__", ctx.py(id)),
        Py::Bool => "bool".into(),
        _ => "None".into(),
    }
}

fn element_hint(ctx: &Ctx<'_>, element: &TypeRef, pos: Pos) -> String {
    if matches!(pat(ctx, element), Some(Pat::Bool)) {
        return "bool".into();
    }
    ctx.hint(element, pos).into_owned()
}

/// The hint of an argument of type `ty`.
fn hint_in(ctx: &Ctx<'_>, ty: &TypeRef) -> String {
    match pat(ctx, ty) {
        Some(Pat::Bool) => "bool".into(),
        Some(Pat::Option(_, inner)) => format!("{} | None", hint_in(ctx, inner)),
        Some(Pat::Slice(_, element, false)) => format!(
            "_abc.Sequence[{}] | _Buffer | _ArrayLike | None",
            element_hint(ctx, element, Pos::Param)
        ),
        Some(Pat::Slice(_, element, true)) => format!(
            "_abc.MutableSequence[{}] | _WBuffer | _ArrayLike | None",
            element_hint(ctx, element, Pos::Param)
        ),
        Some(Pat::Utf8View(_)) => "str | bytes | bytearray | memoryview".into(),
        Some(Pat::Callback(_, function)) => callback_hint(ctx, function),
        _ => ctx.hint(ty, Pos::Param).into_owned(),
    }
}

fn callback_hint(ctx: &Ctx<'_>, function: TypeId) -> String {
    let Some(sig) = callback_sig(ctx, function) else {
        return "_abc.Callable[..., _t.Any] | None".into();
    };
    let n = sig.params.len().saturating_sub(1);
    let args: Vec<String> = sig.params[..n]
        .iter()
        .map(|p| hint_out(ctx, &p.ty, Pos::CbArg))
        .collect();
    let ret = match pat(ctx, &sig.ret) {
        Some(Pat::Bool) => "bool".into(),
        _ => ctx.hint(&sig.ret, Pos::CbRet),
    };
    let ret = if ret == "None" { "object".into() } else { ret };
    format!("_abc.Callable[[{}], {ret}] | None", args.join(", "))
}

/// The hint of a value of type `ty` coming out of C.
fn hint_out(ctx: &Ctx<'_>, ty: &TypeRef, pos: Pos) -> String {
    match pat(ctx, ty) {
        Some(Pat::Bool) => "bool".into(),
        Some(Pat::Option(_, inner)) => format!("{} | None", hint_out(ctx, inner, Pos::Get)),
        Some(Pat::OwnedString(_)) => "str".into(),
        Some(Pat::OwnedVec(element, _)) | Some(Pat::Slice(_, element, _)) => {
            format!("list[{}]", element_hint(ctx, element, Pos::Return))
        }
        Some(Pat::ErrorEnum(_)) if pos == Pos::Return => "None".into(),
        Some(Pat::Result(_, value, _)) if pos == Pos::Return => hint_out(ctx, value, Pos::Get),
        _ => ctx.hint(ty, pos).into_owned(),
    }
}

/// An expression converting the cdata expression `v` (a name or attribute path: it may be
/// evaluated twice) into its Python value. `keep` owns the memory `v` lives in.
fn out_expr(ctx: &Ctx<'_>, ty: &TypeRef, v: &str, pos: Pos, keep: &str) -> String {
    match pat(ctx, ty) {
        Some(Pat::Bool) => format!("({v} != 0)"),
        Some(Pat::Option(id, inner)) => {
            let m = members(ctx, id, &["value", "is_some"]).unwrap_or_default();
            let (Some(value), Some(is_some)) = (m.first(), m.get(1)) else {
                return v.into();
            };
            let inner = out_expr(ctx, inner, &format!("{v}.{value}"), Pos::Get, keep);
            format!("({inner} if {v}.{is_some} else None)")
        }
        Some(Pat::OwnedString(free)) => format!("_owned_str({v}, _lib.{free})"),
        Some(Pat::OwnedVec(element, free)) => {
            format!(
                "_owned_vec({v}, _lib.{free}, {})",
                element_get(ctx, element)
            )
        }
        Some(Pat::Slice(_, element, _)) => {
            format!("_slice_out({v}, {})", element_get(ctx, element))
        }
        _ => ctx.c_to_py(ty, v, pos, keep).into_owned(),
    }
}

/// The conversion of one argument.
#[derive(Default)]
struct ArgIn {
    pre: Vec<String>,
    expr: String,
    post: Vec<String>,
    /// Converted after every other argument (a callback registers its object).
    last: bool,
}

fn dict(names: &[String], values: &[String]) -> String {
    let items: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("\"{n}\": {v}"))
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// Converts argument `v` (the `i`-th) of type `ty`.
fn arg_in(ctx: &Ctx<'_>, ty: &TypeRef, v: &str, i: usize) -> ArgIn {
    let simple = |expr: String| ArgIn {
        expr,
        ..ArgIn::default()
    };
    match pat(ctx, ty) {
        Some(Pat::Bool) => simple(v.into()),
        Some(Pat::Option(id, inner)) => {
            let m = members(ctx, id, &["value", "is_some"]).unwrap_or_default();
            let inner_expr = match pat(ctx, inner) {
                None | Some(Pat::Bool) => ctx.py_to_c_present(inner, v, Pos::Set),
                // Nested idioms inside an option: pass the raw struct (documented as raw).
                Some(_) => format!("{v}._cdata").into(),
            };
            let some = dict(&m, &[inner_expr.into_owned(), "1".into()]);
            let none = dict(m.get(1..).unwrap_or(&[]), &["0".into()]);
            simple(format!("{none} if {v} is None else {some}"))
        }
        Some(Pat::Slice(id, element, mutable)) => {
            let m = members(ctx, id, &["ptr", "len"]).unwrap_or_default();
            let (ctype, kind, size) = element_info(ctx, element);
            let (a, n) = (format!("_a{i}"), format!("_n{i}"));
            let mut out = ArgIn {
                pre: vec![format!(
                    "{a}, {n} = _slice_in({v}, \"{ctype}\", \"{kind}\", {size}, {}, {})",
                    element_put(ctx, element),
                    if mutable { "True" } else { "False" }
                )],
                expr: dict(&m, &[a.clone(), n.clone()]),
                ..ArgIn::default()
            };
            if mutable {
                out.post.push(format!(
                    "_slice_back({v}, {a}, {n}, {})",
                    element_get(ctx, element)
                ));
            }
            out
        }
        Some(Pat::Utf8View(id)) => {
            let m = members(ctx, id, &["ptr", "len"]).unwrap_or_default();
            let (a, n) = (format!("_a{i}"), format!("_n{i}"));
            ArgIn {
                pre: vec![format!("{a}, {n} = _utf8({v})")],
                expr: dict(&m, &[a, n]),
                ..ArgIn::default()
            }
        }
        Some(Pat::Callback(id, _)) => {
            let m = members(ctx, id, &["call", "data", "drop"]).unwrap_or_default();
            let c = format!("_c{i}");
            ArgIn {
                pre: vec![format!(
                    "{c} = _callback_in({v}, {})",
                    trampoline_name(ctx, id)
                )],
                expr: dict(
                    &m,
                    &[format!("{c}[0]"), format!("{c}[1]"), format!("{c}[2]")],
                ),
                last: true,
                ..ArgIn::default()
            }
        }
        _ => simple(ctx.py_to_c(ty, v, Pos::Param).into_owned()),
    }
}

fn trampoline_name(ctx: &Ctx<'_>, callback: TypeId) -> String {
    format!("_CB_{}", ctx.c(callback))
}

/// Writes the call of `callee` with arguments already converted, and the result handling.
/// `skip` leading parameters are supplied by the caller as `fixed` expressions.
fn write_body(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    callee: &str,
    export: &str,
    sig: &FnSig,
    params: &[String],
    fixed: &[String],
) {
    let mut pre = Vec::new();
    let mut late = Vec::new();
    let mut post = Vec::new();
    let mut args: Vec<String> = fixed.to_vec();
    for (i, (p, n)) in sig.params.iter().zip(params).enumerate().skip(fixed.len()) {
        let a = arg_in(ctx, &p.ty, n, i);
        if a.last {
            late.extend(a.pre);
        } else {
            pre.extend(a.pre);
        }
        post.extend(a.post);
        args.push(a.expr);
    }
    for l in pre.iter().chain(&late) {
        w.line(l);
    }
    let call = format!("{callee}({})", args.join(", "));
    let ret = &sig.ret;
    let hint = hint_out(ctx, ret, Pos::Return);
    match pat(ctx, ret) {
        Some(Pat::ErrorEnum(e)) => {
            w.line(format!("_e = {call}"));
            for l in &post {
                w.line(l);
            }
            w.line("if _e:");
            w.line(format!("    {}", raise(ctx, e, "_e", export)));
        }
        Some(Pat::Result(id, value, e)) => {
            let m = members(ctx, id, &["value", "error"]).unwrap_or_default();
            let (Some(vf), Some(ef)) = (m.first(), m.get(1)) else {
                return;
            };
            w.line(format!("_r = {call}"));
            for l in &post {
                w.line(l);
            }
            w.line(format!("if _r.{ef}:"));
            w.line(format!(
                "    {}",
                raise(ctx, e, &format!("_r.{ef}"), export)
            ));
            if !matches!(value, TypeRef::Void) {
                w.line(format!(
                    "_v: {hint} = {}",
                    out_expr(ctx, value, &format!("_r.{vf}"), Pos::Get, "_r")
                ));
                w.line("return _v");
            }
        }
        _ if matches!(ret, TypeRef::Void) => {
            w.line(call);
            for l in &post {
                w.line(l);
            }
        }
        _ => {
            w.line(format!("_r = {call}"));
            for l in &post {
                w.line(l);
            }
            w.line(format!(
                "_v: {hint} = {}",
                out_expr(ctx, ret, "_r", Pos::Return, "None")
            ));
            w.line("return _v");
        }
    }
}

fn signature(ctx: &Ctx<'_>, sig: &FnSig, params: &[String], skip: usize) -> Vec<String> {
    sig.params
        .iter()
        .zip(params)
        .skip(skip)
        .map(|(p, n)| format!("{n}: {}", hint_in(ctx, &p.ty)))
        .collect()
}

/// A module-level function with pattern idioms.
pub(crate) fn write_function(ctx: &Ctx<'_>, w: &mut CodeWriter, index: usize) {
    let (Some(f), Some(names)) = (
        ctx.model.functions.get(index),
        ctx.names.functions.get(index),
    ) else {
        return;
    };
    let params: Vec<String> = names.params.iter().map(|p| p.py.to_string()).collect();
    w.line(format!(
        "def {}({}) -> {}:",
        names.py,
        signature(ctx, &f.sig, &params, 0).join(", "),
        hint_out(ctx, &f.sig.ret, Pos::Return)
    ));
    w.indent();
    docstring(w, &f.docs, &raises_note(ctx, &f.sig));
    crate::deprecated::warn(w, &names.py, f.deprecated.as_ref());
    write_body(
        ctx,
        w,
        &crate::names::lib_attr(&f.name),
        &f.name,
        &f.sig,
        &params,
        &[],
    );
    w.dedent();
    w.blank();
    w.blank();
}

fn raises_note(ctx: &Ctx<'_>, sig: &FnSig) -> Vec<String> {
    match pat(ctx, &sig.ret) {
        Some(Pat::ErrorEnum(e)) | Some(Pat::Result(_, _, e)) => vec![format!(
            "Raises `{}` when the library reports an error.",
            exception(ctx, e)
        )],
        _ => Vec::new(),
    }
}

/// Callback trampolines: one cffi callback per callback-with-state type, calling the Python
/// object behind the user data.
pub(crate) fn write_trampolines(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let mut any = false;
    for p in &ctx.model.patterns {
        let Some(Pat::Callback(id, function)) = pat(
            ctx,
            &TypeRef::Named {
                id: p.ty,
                nullable: false,
            },
        ) else {
            continue;
        };
        let Some(sig) = callback_sig(ctx, function) else {
            continue;
        };
        any = true;
        let n = sig.params.len().saturating_sub(1);
        let names: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
        let decls: Vec<String> = names
            .iter()
            .map(|a| format!("{a}: _t.Any"))
            .chain(std::iter::once("data: CData".to_string()))
            .collect();
        let args: Vec<String> = sig.params[..n]
            .iter()
            .zip(&names)
            .map(|(p, a)| out_expr(ctx, &p.ty, a, Pos::CbArg, "None"))
            .collect();
        let py = format!("_cb_call_{}", ctx.c(id));
        w.line(format!("def {py}({}) -> _t.Any:", decls.join(", ")));
        let call = format!("ffi.from_handle(data)({})", args.join(", "));
        if matches!(sig.ret, TypeRef::Void) {
            w.line(format!("    {call}"));
        } else {
            w.line(format!(
                "    return {}",
                ctx.py_to_c(&sig.ret, &call, Pos::CbRet)
            ));
        }
        w.blank();
        w.blank();
        w.line(format!(
            "{}: CData = ffi.callback(\"{}\", {py})",
            trampoline_name(ctx, id),
            ctx.c(function)
        ));
        w.blank();
        w.blank();
    }
    if any {
        w.blank();
    }
}

/// Python method names of a service's functions: the export names without their common
/// prefix (`engine_push` → `push`).
fn method_name(service: &Service, export: &str, prefix: &str) -> String {
    let base = export.strip_prefix(prefix).unwrap_or(export);
    let mut name = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        export.to_string()
    } else {
        base.to_string()
    };
    let reserved = [
        "close",
        "closed",
        "address",
        "_adopt",
        "_closed",
        "_from_ptr",
    ];
    if crate::names::PY_KEYWORDS.contains(&name.as_str())
        || reserved.contains(&name.as_str())
        || name.starts_with("__")
    {
        name.push('_');
    }
    let _ = service;
    name
}

fn common_prefix(service: &Service) -> String {
    let all: Vec<&String> = service
        .constructors
        .iter()
        .chain(&service.methods)
        .chain(std::iter::once(&service.destructor))
        .collect();
    let Some(first) = all.first() else {
        return String::new();
    };
    let mut len = first.len();
    for s in &all[1..] {
        len = len.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    match first.get(..len).and_then(|p| p.rfind('_')) {
        Some(i) if all.len() > 1 => first[..=i].to_string(),
        _ => String::new(),
    }
}

/// The handle type a service's handle functions pass, if `id` is one.
pub(crate) fn service_of<'m>(ctx: &'m Ctx<'_>, id: TypeId) -> Option<&'m Service> {
    ctx.model.services.iter().find(|s| s.handle == id)
}

/// A service class (in place of the handle class of its opaque type).
pub(crate) fn write_service(ctx: &Ctx<'_>, w: &mut CodeWriter, service: &Service) {
    let class = ctx.py(service.handle).to_string();
    let prefix = common_prefix(service);
    let find = |name: &str| {
        ctx.model
            .functions
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| Some((ctx.model.functions.get(i)?, ctx.names.functions.get(i)?)))
    };
    w.line(format!("class {class}(_Service):"));
    w.indent();
    let mut extra = vec![
        "A service: release it with `close()`, a `with` block, or let the garbage collector do"
            .to_string(),
        "it. Calls after `close()` raise `ServiceClosedError`.".into(),
    ];
    if let Some(c) = service.constructors.first() {
        extra.push(format!(
            "`{class}(…)` is `{class}.{}(…)`.",
            method_name(service, c, &prefix)
        ));
    }
    docstring(w, &service.docs, &extra);
    w.blank();
    w.line("__slots__ = ()");
    let handle_ptr = format!("{} **", ctx.c(service.handle));
    let ctor_body = |w: &mut CodeWriter,
                     f: &interoptopus_core::model::Function,
                     params: &[String],
                     this: &str| {
        w.line(format!("_out = ffi.new(\"{handle_ptr}\")"));
        write_body(
            ctx,
            w,
            &crate::names::lib_attr(&f.name),
            &f.name,
            &f.sig,
            params,
            &["_out".to_string()],
        );
        w.line(format!(
            "{this}._adopt(_out[0], _lib.{})",
            service.destructor
        ));
    };
    for (k, c) in service.constructors.iter().enumerate() {
        let Some((f, names)) = find(c) else { continue };
        let params: Vec<String> = names.params.iter().map(|p| p.py.to_string()).collect();
        let decls = signature(ctx, &f.sig, &params, 1);
        if k == 0 {
            w.blank();
            let mut all = vec!["self".to_string()];
            all.extend(decls.iter().cloned());
            w.line(format!("def __init__({}) -> None:", all.join(", ")));
            w.indent();
            docstring(w, &f.docs, &raises_note(ctx, &f.sig));
            crate::deprecated::warn(w, &class, f.deprecated.as_ref());
            ctor_body(w, f, &params, "self");
            w.dedent();
        }
        w.blank();
        w.line("@classmethod");
        let mut all = vec!["cls".to_string()];
        all.extend(decls);
        w.line(format!(
            "def {}({}) -> {class}:",
            method_name(service, c, &prefix),
            all.join(", ")
        ));
        w.indent();
        docstring(w, &f.docs, &raises_note(ctx, &f.sig));
        crate::deprecated::warn(
            w,
            &format!("{class}.{}", method_name(service, c, &prefix)),
            f.deprecated.as_ref(),
        );
        w.line("self = _new(cls)");
        ctor_body(w, f, &params, "self");
        w.line("return self");
        w.dedent();
    }
    for m in &service.methods {
        let Some((f, names)) = find(m) else { continue };
        let params: Vec<String> = names.params.iter().map(|p| p.py.to_string()).collect();
        let mut all = vec!["self".to_string()];
        all.extend(signature(ctx, &f.sig, &params, 1));
        w.blank();
        w.line(format!(
            "def {}({}) -> {}:",
            method_name(service, m, &prefix),
            all.join(", "),
            hint_out(ctx, &f.sig.ret, Pos::Return)
        ));
        w.indent();
        docstring(w, &f.docs, &raises_note(ctx, &f.sig));
        crate::deprecated::warn(
            w,
            &format!("{class}.{}", method_name(service, m, &prefix)),
            f.deprecated.as_ref(),
        );
        w.line("_p = self._ptr");
        w.line("if not _p:");
        w.line("    self._closed()");
        write_body(
            ctx,
            w,
            &crate::names::lib_attr(&f.name),
            &f.name,
            &f.sig,
            &params,
            &["_p".to_string()],
        );
        w.dedent();
    }
    w.dedent();
}

/// `API_FINGERPRINT` and the check `load()` runs.
pub(crate) fn write_fingerprint(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let Some(fp) = &ctx.model.fingerprint else {
        return;
    };
    if !ctx.model.functions.iter().any(|f| f.name == fp.function) {
        w.line(format!("ffi.cdef(\"uint64_t {}(void);\")", fp.function));
    }
    w.line(format!(
        "API_FINGERPRINT: _t.Final[int] = 0x{:016x}",
        fp.value
    ));
    w.line("\"\"\"The fingerprint of the API this module was generated from.\"\"\"");
    w.blank();
    w.blank();
    w.line("def _check_fingerprint(lib: CData, file: str) -> None:");
    w.indent();
    w.line("\"\"\"Refuses a library built from another API, saying which side looks stale.\"\"\"");
    w.line("try:");
    w.line(format!("    got = int(lib.{}())", fp.function));
    w.line("except AttributeError:");
    w.line(format!(
        "    raise ApiMismatchError(f\"{{file}} does not export `{}`: the library is stale (older than these bindings); rebuild it\") from None",
        fp.function
    ));
    w.line("if got == API_FINGERPRINT:");
    w.line("    return");
    w.line("try:");
    w.line("    library_newer = _os.path.getmtime(file) > _os.path.getmtime(__file__)");
    w.line("except OSError:");
    w.line("    library_newer = False");
    w.line("stale = (");
    w.line("    f\"the bindings ({__file__}) are stale: regenerate them from the crate's current API\"");
    w.line("    if library_newer");
    w.line("    else f\"the library ({file}) is stale: rebuild it from the crate these bindings come from\"");
    w.line(")");
    w.line("raise ApiMismatchError(");
    w.line(
        "    f\"API mismatch: {file} has fingerprint {got:#018x}, but this module was generated \"",
    );
    w.line("    f\"for {API_FINGERPRINT:#018x}; {stale}\"");
    w.line(")");
    w.dedent();
    w.blank();
    w.blank();
}
