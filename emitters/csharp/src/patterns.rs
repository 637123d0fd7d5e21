//! The idiomatic layer over [`Model::patterns`](interoptopus_core::model::Model::patterns),
//! [`Model::services`](interoptopus_core::model::Model::services) and the API fingerprint.
//!
//! * Every function whose signature uses a pattern type, every service function and every
//!   `free` function of an owned pattern keeps its raw `[DllImport]` in the nested class
//!   `<Class>.Raw`; `<Class>` gets a wrapper of the same name with the idiomatic signature:
//!   slices as `ReadOnlySpan<T>`/`Span<T>` plus a `T[]` overload (pinned with `fixed`, never
//!   copied: every generated struct is blittable), `StrView`/`CStrPtr` as `string`, `Bool` as
//!   `bool`, `FfiOption<T>` as `T?`, owned strings/vectors returned as `string`/`T[]` (copied,
//!   then released through the model's `free` function), error enums and `FfiResult` throwing
//!   `<Enum>Exception`, callbacks with state as `Func<…>`/`Action<…>` (rooted by a `GCHandle`
//!   that Rust's `drop` releases).
//! * The support class `<Class>Support` holds the helpers, the callback trampolines and the
//!   fingerprint check, which the static constructors of `<Class>` and `<Class>.Raw` run: the
//!   first call into the library refuses a library built from another API.

use std::collections::BTreeSet;

use interoptopus_core::model::{Function, Pattern, TypeId, TypeKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs;
use crate::types::mapping;

/// The pattern of the named type `ty` is (transparent types are not followed: `Bool` and
/// `CStrPtr` are transparent themselves).
pub(crate) fn pattern_of<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef) -> Option<(TypeId, &'a Pattern)> {
    match ty {
        TypeRef::Named { id, .. } => ctx
            .model
            .patterns
            .iter()
            .find(|p| p.ty == *id)
            .map(|p| (*id, &p.pattern)),
        _ => None,
    }
}

/// Functions whose raw import moves to `<Class>.Raw`.
pub(crate) fn raw_functions(ctx: &Ctx<'_>) -> BTreeSet<String> {
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
    for f in &ctx.model.functions {
        if has_pattern(ctx, f) {
            out.insert(f.name.clone());
        }
    }
    out
}

fn has_pattern(ctx: &Ctx<'_>, f: &Function) -> bool {
    f.sig
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(std::iter::once(&f.sig.ret))
        .any(|t| pattern_of(ctx, t).is_some())
}

/// Functions that get a static wrapper in `<Class>` (service functions get methods instead).
pub(crate) fn wrapped_functions<'a>(ctx: &Ctx<'a>) -> Vec<&'a Function> {
    let mut service_fns = BTreeSet::new();
    for s in &ctx.model.services {
        service_fns.extend(s.constructors.iter());
        service_fns.extend(s.methods.iter());
        service_fns.insert(&s.destructor);
    }
    for p in &ctx.model.patterns {
        if let Pattern::OwnedString { free } | Pattern::OwnedVec { free, .. } = &p.pattern {
            service_fns.insert(free);
        }
    }
    ctx.model
        .functions
        .iter()
        .filter(|f| has_pattern(ctx, f) && !service_fns.contains(&f.name))
        .collect()
}

pub(crate) fn support_class(ctx: &Ctx<'_>) -> String {
    format!("{}Support", crate::names::unescaped(&ctx.class))
}

pub(crate) fn exception_name(ctx: &Ctx<'_>, id: TypeId) -> String {
    format!("{}Exception", crate::names::unescaped(&ctx.type_name(id)))
}

pub(crate) fn fingerprint_exception(ctx: &Ctx<'_>) -> String {
    format!(
        "{}FingerprintException",
        crate::names::unescaped(&ctx.class)
    )
}

/// Whether the file has an idiomatic layer (and so needs `-unsafe`).
pub(crate) fn active(ctx: &Ctx<'_>) -> bool {
    !ctx.model.patterns.is_empty()
        || !ctx.model.services.is_empty()
        || ctx.model.fingerprint.is_some()
}

/// The C# name of field `rust` of the pattern struct `_id` (the naming rule of struct fields).
fn field_name(ctx: &Ctx<'_>, _id: TypeId, rust: &str) -> String {
    ctx.naming.pascal(rust)
}

fn struct_field_ty<'a>(ctx: &Ctx<'a>, id: TypeId, rust: &str) -> Option<&'a TypeRef> {
    match &ctx.def(id)?.kind {
        TypeKind::Struct { fields, .. } => fields.iter().find(|f| f.name == rust).map(|f| &f.ty),
        _ => None,
    }
}

/// The C# type of a value of `ty` stored in a struct (an element, an option's value).
fn storage(ctx: &Ctx<'_>, ty: &TypeRef, path: &str) -> Option<String> {
    resolve_storage(ctx, ty, path)
}

fn resolve_storage(ctx: &Ctx<'_>, ty: &TypeRef, path: &str) -> Option<String> {
    match ty {
        TypeRef::Primitive { primitive, .. } => Some(match primitive {
            interoptopus_core::model::Primitive::Bool => "byte".to_string(),
            p => mapping::primitive(ctx, *p).to_string(),
        }),
        TypeRef::Named { id, .. } => match &ctx.def(*id)?.kind {
            TypeKind::Transparent { field } => resolve_storage(ctx, &field.ty, path),
            TypeKind::Opaque => None,
            _ => Some(ctx.type_name(*id)),
        },
        TypeRef::Pointer { .. } => Some("IntPtr".to_string()),
        _ => {
            ctx.error(path, "this element type has no idiomatic C# form", None);
            None
        }
    }
}

/// How one parameter crosses from its idiomatic form to the raw import.
pub(crate) struct ParamConv {
    /// Declaration in the span (main) overload.
    pub decl: String,
    /// Declaration in the array overload and how it forwards, when it differs.
    pub array: Option<(String, String)>,
    /// How the main overload forwards it from another overload.
    pub forward: String,
    pub before: Vec<String>,
    pub fixed: Vec<String>,
    pub arg: String,
}

pub(crate) fn param_conv(ctx: &Ctx<'_>, ty: &TypeRef, name: &str, path: &str) -> Option<ParamConv> {
    let bare = crate::names::unescaped(name);
    let support = support_class(ctx);
    let plain = |decl: String, arg: String| ParamConv {
        forward: arg.clone(),
        decl,
        array: None,
        before: Vec::new(),
        fixed: Vec::new(),
        arg,
    };
    if let Some((id, pattern)) = pattern_of(ctx, ty) {
        let raw = ctx.type_name(id);
        match pattern {
            Pattern::Slice { element, mutable } => {
                let el = storage(ctx, element, path)?;
                let span = if *mutable { "Span" } else { "ReadOnlySpan" };
                let p = format!("__{bare}Ptr");
                return Some(ParamConv {
                    decl: format!("{span}<{el}> {name}"),
                    array: Some((
                        format!("{el}[] {name}"),
                        format!("new {span}<{el}>({name})"),
                    )),
                    forward: name.to_string(),
                    before: Vec::new(),
                    fixed: vec![format!(
                        "fixed ({el}* {p} = &MemoryMarshal.GetReference({name}))"
                    )],
                    arg: format!(
                        "new {raw} {{ {} = (IntPtr){p}, {} = new UIntPtr((uint){name}.Length) }}",
                        field_name(ctx, id, "ptr"),
                        field_name(ctx, id, "len")
                    ),
                });
            }
            Pattern::Utf8View | Pattern::CStr => {
                let b = format!("__{bare}Bytes");
                let p = format!("__{bare}Ptr");
                let (helper, arg) = if matches!(pattern, Pattern::CStr) {
                    ("CString", format!("(IntPtr){p}"))
                } else {
                    (
                        "Utf8",
                        format!(
                            "new {raw} {{ {} = (IntPtr){p}, {} = new UIntPtr((uint){b}.Length) }}",
                            field_name(ctx, id, "ptr"),
                            field_name(ctx, id, "len")
                        ),
                    )
                };
                return Some(ParamConv {
                    decl: format!("string {name}"),
                    array: None,
                    forward: name.to_string(),
                    before: vec![format!(
                        "byte[] {b} = {support}.{helper}({name}, \"{bare}\");"
                    )],
                    fixed: vec![format!("fixed (byte* {p} = {b})")],
                    arg,
                });
            }
            Pattern::Bool => {
                return Some(plain(
                    format!("bool {name}"),
                    format!("({name} ? (byte)1 : (byte)0)"),
                ))
                .map(|mut c| {
                    c.forward = name.to_string();
                    c
                });
            }
            Pattern::Option { inner } => {
                let t = storage(ctx, inner, path)?;
                let mut c = plain(
                    format!("{t}? {name}"),
                    format!(
                        "new {raw} {{ {} = {name}.GetValueOrDefault(), {} = ({name}.HasValue ? (byte)1 : (byte)0) }}",
                        field_name(ctx, id, "value"),
                        field_name(ctx, id, "is_some")
                    ),
                );
                c.forward = name.to_string();
                return Some(c);
            }
            Pattern::Callback { function } => {
                if let Some(func) = callback_func_type(ctx, *function) {
                    let mut c = plain(
                        format!("{func} {name}"),
                        format!("{support}.Make{}({name})", crate::names::unescaped(&raw)),
                    );
                    c.forward = name.to_string();
                    return Some(c);
                }
            }
            _ => {}
        }
    }
    let p = mapping::param(ctx, ty, &path, false)?;
    let r = if p.by_ref { "ref " } else { "" };
    Some(plain(format!("{r}{} {name}", p.ty), format!("{r}{name}")))
}

/// `Func<uint, uint>` / `Action<float>` for a callback's function type without its trailing
/// user-data parameter; `None` when it has no idiomatic form.
pub(crate) fn callback_func_type(ctx: &Ctx<'_>, function: TypeId) -> Option<String> {
    let TypeKind::FnPtr { sig } = &ctx.def(function)?.kind else {
        return None;
    };
    let (_, params) = sig.params.split_last()?;
    let mut tys = Vec::new();
    for p in params {
        let t = param_plain(ctx, &p.ty)?;
        tys.push(t);
    }
    let ret = match &sig.ret {
        TypeRef::Void => None,
        r => Some(param_plain(ctx, r)?),
    };
    Some(match ret {
        None if tys.is_empty() => "Action".to_string(),
        None => format!("Action<{}>", tys.join(", ")),
        Some(r) => {
            tys.push(r);
            format!("Func<{}>", tys.join(", "))
        }
    })
}

fn param_plain(ctx: &Ctx<'_>, ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Primitive { primitive, .. } => {
            Some(mapping::primitive(ctx, *primitive).to_string())
        }
        TypeRef::Named { id, .. } => match &ctx.def(*id)?.kind {
            TypeKind::Transparent { field } => param_plain(ctx, &field.ty),
            TypeKind::Struct { .. } | TypeKind::Enum { .. } => Some(ctx.type_name(*id)),
            _ => None,
        },
        TypeRef::Pointer { .. } => Some("IntPtr".to_string()),
        _ => None,
    }
}

/// How the raw result becomes the idiomatic one: the C# return type and the statements after
/// `var __r = <call>;` (or the call statement itself for `void`).
pub(crate) struct RetConv {
    pub ty: String,
    pub lines: Vec<String>,
    pub doc: Option<String>,
}

pub(crate) fn ret_conv(ctx: &Ctx<'_>, ty: &TypeRef, path: &str) -> Option<RetConv> {
    if matches!(ty, TypeRef::Void) {
        return Some(RetConv {
            ty: "void".into(),
            lines: Vec::new(),
            doc: None,
        });
    }
    if let Some((id, Pattern::ErrorEnum)) = pattern_of(ctx, ty) {
        return Some(RetConv {
            ty: "void".into(),
            lines: vec![format!(
                "if (__r != 0) throw new {}(__r);",
                exception_name(ctx, id)
            )],
            doc: Some(format!(
                "Throws <see cref=\"{}\"/> on an error.",
                exception_name(ctx, id)
            )),
        });
    }
    if let Some((id, Pattern::Result { value, error })) = pattern_of(ctx, ty) {
        let (vty, expr) = value_conv(
            ctx,
            value,
            &format!("__r.{}", field_name(ctx, id, "value")),
            path,
        )?;
        let err = field_name(ctx, id, "error");
        let mut lines = vec![format!(
            "if (__r.{err} != 0) throw new {}(__r.{err});",
            exception_name(ctx, *error)
        )];
        if vty != "void" {
            lines.push(format!("return {expr};"));
        }
        return Some(RetConv {
            ty: vty,
            lines,
            doc: Some(format!(
                "Throws <see cref=\"{}\"/> on an error.",
                exception_name(ctx, *error)
            )),
        });
    }
    let (vty, expr) = value_conv(ctx, ty, "__r", path)?;
    Some(RetConv {
        ty: vty,
        lines: vec![format!("return {expr};")],
        doc: None,
    })
}

/// A returned value's idiomatic type and the expression converting the raw `expr`.
fn value_conv(ctx: &Ctx<'_>, ty: &TypeRef, expr: &str, path: &str) -> Option<(String, String)> {
    let support = support_class(ctx);
    if matches!(ty, TypeRef::Void) {
        return Some(("void".into(), String::new()));
    }
    if let Some((id, pattern)) = pattern_of(ctx, ty) {
        let raw = crate::names::unescaped(&ctx.type_name(id)).to_string();
        match pattern {
            Pattern::Bool => return Some(("bool".into(), format!("{expr} != 0"))),
            Pattern::OwnedString { .. } | Pattern::Utf8View => {
                return Some(("string".into(), format!("{support}.Take{raw}({expr})")))
            }
            Pattern::OwnedVec { element, .. } | Pattern::Slice { element, .. } => {
                let el = storage(ctx, element, path)?;
                return Some((format!("{el}[]"), format!("{support}.Take{raw}({expr})")));
            }
            Pattern::Option { inner } => {
                let t = storage(ctx, inner, path)?;
                return Some((
                    format!("{t}?"),
                    format!(
                        "{expr}.{} != 0 ? ({t}?){expr}.{} : null",
                        field_name(ctx, id, "is_some"),
                        field_name(ctx, id, "value")
                    ),
                ));
            }
            _ => {}
        }
    }
    let r = mapping::ret(ctx, ty, &path)?;
    Some((r.public().to_string(), expr.to_string()))
}

/// Writes a wrapper: `head` is everything before the parameter list (`public static`), `raw`
/// the raw method to call, `lead` raw arguments that come first (a service's handle).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_wrapper(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    f: &Function,
    head: &str,
    name: &str,
    raw: &str,
    skip: usize,
    lead: &[String],
    prologue: &[String],
) {
    let mut convs = Vec::new();
    for p in f.sig.params.iter().skip(skip) {
        let n = ctx.naming.camel(&p.name);
        let path = format!("{}({})", f.rust_path, p.name);
        let Some(c) = param_conv(ctx, &p.ty, &n, &path) else {
            return;
        };
        convs.push(c);
    }
    let Some(ret) = ret_conv(ctx, &f.sig.ret, &f.rust_path) else {
        return;
    };
    let write_docs = |w: &mut CodeWriter| {
        docs::summary(
            w,
            &f.docs,
            format_args!("Calls the Rust function `{}`.", f.name),
        );
        if let Some(d) = &ret.doc {
            w.line(format!("/// <remarks>{d}</remarks>"));
        }
        docs::obsolete(w, f.deprecated.as_ref());
    };
    write_docs(w);
    let decls: Vec<String> = convs.iter().map(|c| c.decl.clone()).collect();
    w.line(format!(
        "{head} unsafe {} {name}({})",
        ret.ty,
        decls.join(", ")
    ));
    w.block("{", "}", |w| {
        for l in prologue {
            w.line(l);
        }
        for c in &convs {
            for l in &c.before {
                w.line(l);
            }
        }
        let fixed: Vec<&String> = convs.iter().flat_map(|c| c.fixed.iter()).collect();
        for l in &fixed {
            w.line(*l);
        }
        let mut args: Vec<String> = lead.to_vec();
        args.extend(convs.iter().map(|c| c.arg.clone()));
        let call = format!("{raw}({})", args.join(", "));
        let body = |w: &mut CodeWriter| {
            let returns_value = !matches!(f.sig.ret, TypeRef::Void);
            if returns_value {
                w.line(format!("var __r = {call};"));
            } else {
                w.line(format!("{call};"));
            }
            for l in &ret.lines {
                w.line(l);
            }
        };
        if fixed.is_empty() {
            body(w);
        } else {
            w.block("{", "}", body);
        }
    });
    if convs.iter().any(|c| c.array.is_some()) {
        w.blank();
        write_docs(w);
        let decls: Vec<String> = convs
            .iter()
            .map(|c| c.array.as_ref().map_or(c.decl.clone(), |a| a.0.clone()))
            .collect();
        let fwd: Vec<String> = convs
            .iter()
            .map(|c| c.array.as_ref().map_or(c.forward.clone(), |a| a.1.clone()))
            .collect();
        let fwd: Vec<String> = fwd
            .into_iter()
            .zip(&convs)
            .map(|(a, c)| {
                if c.decl.starts_with("ref ") {
                    let n = c.decl.rsplit(' ').next().unwrap_or_default();
                    format!("ref {n}")
                } else {
                    a
                }
            })
            .collect();
        w.line(format!(
            "{head} {} {name}({}) => {name}({});",
            ret.ty,
            decls.join(", "),
            fwd.join(", ")
        ));
    }
}

/// The wrappers on the static class.
pub(crate) fn emit_wrappers(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    for f in wrapped_functions(ctx) {
        let name = ctx.naming.pascal(&f.name);
        w.blank();
        write_wrapper(
            ctx,
            w,
            f,
            "public static",
            &name,
            &format!("Raw.{name}"),
            0,
            &[],
            &[],
        );
    }
}

/// The exception classes (one per error enum), the fingerprint exception and the support class.
pub(crate) fn emit_support(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let access = ctx.config.access();
    let class = &ctx.class;
    for p in &ctx.model.patterns {
        if !matches!(p.pattern, Pattern::ErrorEnum) {
            continue;
        }
        let e = ctx.type_name(p.ty);
        let x = exception_name(ctx, p.ty);
        docs::summary_text(
            w,
            format_args!(
                "An error `{e}` returned by the Rust library (any value but the success one)."
            ),
        );
        w.line(format!("{access} sealed class {x} : Exception"));
        w.block("{", "}", |w| {
            docs::summary_text(w, "The error value Rust returned.");
            w.line(format!("public {e} Error {{ get; }}"));
            w.blank();
            docs::summary_text(w, "Wraps an error value.");
            docs::param(w, "error", "The value.");
            w.line(format!(
                "public {x}({e} error) : base(\"the Rust library returned {}.\" + error + \" (\" + (long)error + \")\") {{ Error = error; }}",
                crate::names::unescaped(&e)
            ));
        });
        w.blank();
    }
    let fx = fingerprint_exception(ctx);
    docs::summary_text(w, "The native library was built from another API than these bindings; thrown (inside a TypeInitializationException) by the first call.");
    w.line(format!("{access} sealed class {fx} : Exception"));
    w.block("{", "}", |w| {
        docs::summary_text(w, "Describes the mismatch.");
        docs::param(w, "message", "Which side is stale and what to do.");
        w.line(format!("public {fx}(string message) : base(message) {{ }}"));
    });
    w.blank();

    let support = support_class(ctx);
    docs::summary_text(w, format_args!("Helpers for the idiomatic layer of `{class}`: conversions, callback trampolines, the API fingerprint check."));
    w.line(format!("internal static class {support}"));
    w.block("{", "}", |w| {
        emit_fingerprint(ctx, w);
        w.line("internal static byte[] Utf8(string s, string name)");
        w.block("{", "}", |w| {
            w.line("if (s == null) throw new ArgumentNullException(name);");
            w.line("return System.Text.Encoding.UTF8.GetBytes(s);");
        });
        w.blank();
        w.line("internal static byte[] CString(string s, string name)");
        w.block("{", "}", |w| {
            w.line("if (s == null) throw new ArgumentNullException(name);");
            w.line("if (s.IndexOf('\\0') >= 0) throw new ArgumentException(\"the string contains a NUL character\", name);");
            w.line("byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];");
            w.line("System.Text.Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);");
            w.line("return bytes;");
        });
        for p in &ctx.model.patterns {
            let raw = ctx.type_name(p.ty);
            let bare = crate::names::unescaped(&raw).to_string();
            let path = ctx.def(p.ty).map(|d| d.rust_path.clone()).unwrap_or_default();
            let ptr = field_name(ctx, p.ty, "ptr");
            let len = field_name(ctx, p.ty, "len");
            match &p.pattern {
                Pattern::OwnedString { free } | Pattern::OwnedVec { free, .. } => {
                    let Some(free_fn) = ctx.model.functions.iter().find(|f| &f.name == free) else {
                        ctx.error(&path, format!("the free function `{free}` is not in the model"), None);
                        continue;
                    };
                    let free_cs = ctx.naming.pascal(&free_fn.name);
                    let (ty, read) = match &p.pattern {
                        Pattern::OwnedVec { element, .. } => {
                            let Some(el) = storage(ctx, element, &path) else { continue };
                            (format!("{el}[]"), format!("v.{ptr} == IntPtr.Zero ? new {el}[0] : new ReadOnlySpan<{el}>((void*)v.{ptr}, checked((int)v.{len}.ToUInt64())).ToArray()"))
                        }
                        _ => ("string".to_string(), format!("v.{ptr} == IntPtr.Zero ? \"\" : System.Text.Encoding.UTF8.GetString((byte*)v.{ptr}, checked((int)v.{len}.ToUInt64()))")),
                    };
                    w.blank();
                    w.line(format!("/// <summary>Copies a <c>{bare}</c> and releases it with <c>{free}</c>.</summary>"));
                    w.line(format!("internal static unsafe {ty} Take{bare}({raw} v)"));
                    w.block("{", "}", |w| {
                        w.line(format!("try {{ return {read}; }}"));
                        w.line(format!("finally {{ {class}.Raw.{free_cs}(v); }}"));
                    });
                }
                Pattern::Slice { element, .. } => {
                    let Some(el) = storage(ctx, element, &path) else { continue };
                    w.blank();
                    w.line(format!("/// <summary>Copies the elements of a <c>{bare}</c> Rust returned (it owns nothing).</summary>"));
                    w.line(format!("internal static unsafe {el}[] Take{bare}({raw} v)"));
                    w.block("{", "}", |w| {
                        w.line(format!("if (v.{ptr} == IntPtr.Zero) return new {el}[0];"));
                        w.line(format!("return new ReadOnlySpan<{el}>((void*)v.{ptr}, checked((int)v.{len}.ToUInt64())).ToArray();"));
                    });
                }
                Pattern::Utf8View => {
                    w.blank();
                    w.line(format!("internal static unsafe string Take{bare}({raw} v)"));
                    w.block("{", "}", |w| {
                        w.line(format!("return v.{ptr} == IntPtr.Zero ? \"\" : System.Text.Encoding.UTF8.GetString((byte*)v.{ptr}, checked((int)v.{len}.ToUInt64()));"));
                    });
                }
                Pattern::Callback { function } => emit_callback_support(ctx, w, p.ty, *function),
                _ => {}
            }
        }
    });
}

fn emit_callback_support(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, function: TypeId) {
    let Some(func) = callback_func_type(ctx, function) else {
        return;
    };
    let Some(TypeKind::FnPtr { sig }) = ctx.def(function).map(|d| &d.kind) else {
        return;
    };
    let Some(drop_ty) = struct_field_ty(ctx, id, "drop").and_then(|t| ctx.resolve(t)) else {
        return;
    };
    let TypeRef::Named { id: drop_id, .. } = drop_ty else {
        return;
    };
    let raw = ctx.type_name(id);
    let bare = crate::names::unescaped(&raw).to_string();
    let fn_handle = crate::types::fnptr::handle_name(ctx, function);
    let drop_handle = crate::types::fnptr::handle_name(ctx, *drop_id);
    let n = sig.params.len();
    let names: Vec<String> = (0..n.saturating_sub(1)).map(|i| format!("a{i}")).collect();
    let mut all = names.clone();
    all.push("data".into());
    w.blank();
    w.line(format!(
        "private static readonly {fn_handle} __{bare}Call = new {fn_handle}(({}) => (({func})GCHandle.FromIntPtr(data).Target)({}));",
        all.join(", "),
        names.join(", ")
    ));
    w.line(format!(
        "private static readonly {drop_handle} __{bare}Drop = new {drop_handle}(data => GCHandle.FromIntPtr(data).Free());"
    ));
    w.blank();
    w.line(format!("/// <summary>A <c>{bare}</c> whose user data roots <paramref name=\"f\"/> until Rust calls <c>drop</c>.</summary>"));
    w.line(format!("internal static {raw} Make{bare}({func} f)"));
    w.block("{", "}", |w| {
        w.line(format!("if (f == null) return default({raw});"));
        w.line(format!(
            "return new {raw} {{ {} = __{bare}Call, {} = GCHandle.ToIntPtr(GCHandle.Alloc(f)), {} = __{bare}Drop }};",
            field_name(ctx, id, "call"),
            field_name(ctx, id, "data"),
            field_name(ctx, id, "drop")
        ));
    });
}

fn emit_fingerprint(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let fx = fingerprint_exception(ctx);
    let dll = &ctx.dll_literal;
    let file = crate::functions::string_literal(&ctx.config.file_name(ctx.model));
    let Some(fp) = &ctx.model.fingerprint else {
        w.line("internal static void CheckFingerprint() { }");
        w.blank();
        return;
    };
    let sym = crate::functions::string_literal(&fp.function);
    w.line("/// <summary>The fingerprint of the API these bindings were generated from.</summary>");
    w.line(format!(
        "internal const ulong ExpectedFingerprint = 0x{:016X}UL;",
        fp.value
    ));
    w.blank();
    w.line(format!("[DllImport(\"{dll}\", CallingConvention = CallingConvention.Cdecl, EntryPoint = \"{sym}\", ExactSpelling = true)]"));
    w.line("private static extern ulong LibraryFingerprint();");
    w.blank();
    w.line("private static readonly string Mismatch = FindMismatch();");
    w.blank();
    w.line("private static string FindMismatch()");
    w.block("{", "}", |w| {
        w.line("ulong actual;");
        w.line("try { actual = LibraryFingerprint(); }");
        w.line(format!("catch (EntryPointNotFoundException) {{ return \"the native library `{dll}` has no `{sym}` function: the library is stale (older than {file}) or not the one {file} was generated for; rebuild the Rust crate and use the {file} of that build\"; }}"));
        w.line("if (actual == ExpectedFingerprint) return null;");
        w.line(format!("return \"the native library `{dll}` was built from another API than {file}: the library reports fingerprint 0x\" + actual.ToString(\"X16\") + \", {file} expects 0x\" + ExpectedFingerprint.ToString(\"X16\") + \". One of them is stale: if the Rust code changed since {file} was generated, {file} is stale (copy the one from the library's build); if {file} is newer, the library is stale (rebuild it)\";"));
    });
    w.blank();
    w.line("/// <summary>Throws when the library's fingerprint differs; the static constructors call it.</summary>");
    w.line("internal static void CheckFingerprint()");
    w.block("{", "}", |w| {
        w.line(format!("if (Mismatch != null) throw new {fx}(Mismatch);"));
    });
    w.blank();
}

/// Service classes.
pub(crate) fn emit_services(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let class = &ctx.class;
    for s in &ctx.model.services {
        let name = ctx.naming.pascal(&s.name);
        let handle = ctx.type_name(s.handle);
        let all: Vec<&String> = s
            .constructors
            .iter()
            .chain(&s.methods)
            .chain(std::iter::once(&s.destructor))
            .collect();
        let prefix = common_prefix(&all);
        let member = |f: &str| {
            ctx.naming
                .pascal(f.strip_prefix(prefix.as_str()).unwrap_or(f))
        };
        let find = |n: &str| ctx.model.functions.iter().find(|f| f.name == n);
        docs::summary(w, &s.docs, format_args!("The Rust service `{}`.", s.name));
        w.line("/// <remarks>Create it with a static factory method, release it with Dispose (or using); calls after Dispose throw ObjectDisposedException. Not thread-safe.</remarks>");
        w.line(format!(
            "{} sealed class {name} : IDisposable",
            ctx.config.access()
        ));
        w.block("{", "}", |w| {
            w.line(format!("private {handle} _handle;"));
            w.blank();
            w.line(format!("private {name}({handle} handle) {{ _handle = handle; }}"));
            w.blank();
            w.line("/// <summary>The raw handle, for the functions of the Raw class; throws once disposed.</summary>");
            w.line(format!("public {handle} RawHandle"));
            w.block("{", "}", |w| {
                w.line("get");
                w.block("{", "}", |w| {
                    w.line(format!("if (_handle.IsNull) throw new ObjectDisposedException(\"{name}\");"));
                    w.line("return _handle;");
                });
            });
            w.blank();
            w.line("/// <summary>Whether Dispose was called.</summary>");
            w.line("public bool IsDisposed => _handle.IsNull;");
            for c in &s.constructors {
                let Some(f) = find(c) else {
                    ctx.error(&s.rust_path, format!("constructor `{c}` is not in the model"), None);
                    continue;
                };
                let raw_out = f.sig.params.first().and_then(|p| mapping::param(ctx, &p.ty, &f.rust_path, false));
                if raw_out.as_ref().map(|p| p.ty.as_str()) != Some("IntPtr") {
                    ctx.error(&f.rust_path, "a service constructor must take `*mut *mut Self` first", None);
                    continue;
                }
                let m = member(c);
                w.blank();
                // The constructor returns the error enum; the handle comes back through `out`.
                let Some(conv) = ret_conv(ctx, &f.sig.ret, &f.rust_path) else { continue };
                let mut convs = Vec::new();
                let mut ok = true;
                for p in f.sig.params.iter().skip(1) {
                    let n = ctx.naming.camel(&p.name);
                    match param_conv(ctx, &p.ty, &n, &format!("{}({})", f.rust_path, p.name)) {
                        Some(c) => convs.push(c),
                        None => ok = false,
                    }
                }
                if !ok {
                    continue;
                }
                docs::summary(w, &f.docs, format_args!("Creates a `{}` (Rust `{}`).", s.name, f.name));
                if let Some(d) = &conv.doc {
                    w.line(format!("/// <remarks>{d}</remarks>"));
                }
                docs::obsolete(w, f.deprecated.as_ref());
                let decls: Vec<String> = convs.iter().map(|c| c.decl.clone()).collect();
                w.line(format!("public static unsafe {name} {m}({})", decls.join(", ")));
                w.block("{", "}", |w| {
                    w.line("IntPtr __out = IntPtr.Zero;");
                    for c in &convs {
                        for l in &c.before {
                            w.line(l);
                        }
                    }
                    let fixed: Vec<&String> = convs.iter().flat_map(|c| c.fixed.iter()).collect();
                    for l in &fixed {
                        w.line(*l);
                    }
                    let mut args = vec!["(IntPtr)(&__out)".to_string()];
                    args.extend(convs.iter().map(|c| c.arg.clone()));
                    let cs = ctx.naming.pascal(&f.name);
                    w.block("{", "}", |w| {
                        if matches!(f.sig.ret, TypeRef::Void) {
                            w.line(format!("{class}.Raw.{cs}({});", args.join(", ")));
                        } else {
                            w.line(format!("var __r = {class}.Raw.{cs}({});", args.join(", ")));
                            for l in conv.lines.iter().filter(|l| !l.starts_with("return")) {
                                w.line(l);
                            }
                        }
                        w.line(format!("return new {name}(new {handle}(__out));"));
                    });
                });
            }
            for mname in &s.methods {
                let Some(f) = find(mname) else {
                    ctx.error(&s.rust_path, format!("method `{mname}` is not in the model"), None);
                    continue;
                };
                let cs = ctx.naming.pascal(&f.name);
                w.blank();
                write_wrapper(
                    ctx,
                    w,
                    f,
                    "public",
                    &member(mname),
                    &format!("{class}.Raw.{cs}"),
                    1,
                    &["RawHandle".to_string()],
                    &[],
                );
            }
            let d = ctx.naming.pascal(&s.destructor);
            w.blank();
            w.line(format!("/// <summary>Destroys the Rust value (<c>{}</c>); later calls throw ObjectDisposedException. Calling it twice is harmless.</summary>", s.destructor));
            w.line("public void Dispose()");
            w.block("{", "}", |w| {
                w.line("if (_handle.IsNull) return;");
                w.line(format!("{handle} handle = _handle;"));
                w.line(format!("_handle = {handle}.Null;"));
                w.line(format!("{class}.Raw.{d}(handle);"));
            });
        });
        w.blank();
    }
}

/// The longest common prefix of the names, ending after an underscore (`engine_`).
fn common_prefix(names: &[&String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut len = first.len();
    for n in names {
        len = len.min(
            first
                .bytes()
                .zip(n.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    let prefix = &first[..len];
    match prefix.rfind('_') {
        Some(i) => first[..=i].to_string(),
        None => String::new(),
    }
}
