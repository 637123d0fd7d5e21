//! Exported functions → `[DllImport]` methods on the static class.
//!
//! * `EntryPoint` is the real symbol, so C# names are free to follow .NET casing.
//! * A function taking `Option<&T>` gets a second overload where those parameters are `IntPtr`
//!   (pass `IntPtr.Zero` for `None`); the first takes them as `ref` (never null).
//! * A function returning an opaque pointer or a function pointer is declared as a private
//!   `extern` returning `IntPtr` plus a public wrapper building the typed handle (a struct
//!   return would use the wrong convention on i386). All other functions are the `extern`
//!   itself, with no extra managed frame.
//! * A struct the System V x86-64 ABI passes in memory but runtimes would pass in registers
//!   (see [`crate::abi`]) is returned through an explicit `out` parameter and passed inside a
//!   24-byte stack wrapper, again as a private import behind a public method with the Rust
//!   signature.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use interoptopus_core::model::Function;
use interoptopus_core::writer::CodeWriter;

use crate::abi;
use crate::ctx::Ctx;
use crate::docs;
use crate::names::{unescaped, Scope};
use crate::types::mapping::{self, ParamTy, RetTy};

/// Emits the functions `keep` accepts (by exported name).
pub(crate) fn emit(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    scope: &mut Scope,
    keep: &dyn Fn(&str) -> bool,
) {
    // Stack wrappers by name → the C# type they carry, emitted once after the functions.
    let mut wrappers = BTreeMap::new();
    for f in ctx.model.functions.iter().filter(|f| keep(&f.name)) {
        emit_one(ctx, w, scope, f, &mut wrappers);
    }
    for (wrapper, (ty, rust_path)) in &wrappers {
        scope.declare_at(
            ctx,
            wrapper,
            format!("the stack wrapper of `{ty}`"),
            rust_path,
        );
        w.blank();
        w.line(format!(
            "// Carries a `{ty}` argument in memory, as System V x86-64 passes it (the struct has a"
        ));
        w.line("// misaligned field); the callee reads the value at the start of the stack slot.");
        w.line(format!(
            "[StructLayout(LayoutKind.Explicit, Size = {})]",
            abi::STACK_WRAPPER_SIZE
        ));
        w.line(format!("private struct {wrapper}"));
        w.block("{", "}", |w| {
            w.line("[FieldOffset(0)]");
            w.line(format!("public {ty} Value;"));
        });
    }
}

/// One parameter in one overload.
struct P {
    name: String,
    ty: ParamTy,
    doc: String,
    /// The stack wrapper this by-value struct travels in (see [`crate::abi`]).
    stack: Option<String>,
}

/// How a function's import differs from its Rust signature.
struct Lowered<'r> {
    ret: &'r RetTy,
    /// The result comes back through an explicit first `out` parameter of this local name.
    sret: Option<String>,
}

impl Lowered<'_> {
    /// Whether the import is private behind a public method.
    fn wrapped(&self, params: &[P]) -> bool {
        matches!(self.ret, RetTy::Wrapped(_))
            || self.sret.is_some()
            || params.iter().any(|p| p.stack.is_some())
    }
}

/// Checks that passing the in-memory parameters through stack wrappers is sound: at most one,
/// and no other argument may follow it on the stack (see [`crate::abi`]).
fn stack_wrapping_is_sound(ctx: &Ctx<'_>, f: &Function, sret: bool) -> bool {
    let in_memory: Vec<usize> = f
        .sig
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| abi::passed_in_memory(ctx, &p.ty))
        .map(|(i, _)| i)
        .collect();
    let [index] = in_memory.as_slice() else {
        return in_memory.is_empty();
    };
    if *index + 1 == f.sig.params.len() {
        return true;
    }
    let (mut ints, mut floats) = (usize::from(sret), 0);
    for (i, p) in f.sig.params.iter().enumerate() {
        if i == *index {
            continue;
        }
        match abi::register_class(ctx, &p.ty) {
            Some(true) => floats += 1,
            Some(false) => ints += 1,
            None => return false,
        }
    }
    ints <= 6 && floats <= 8
}

/// A local name for the result that no parameter uses.
fn fresh_local(names: &[String]) -> String {
    let mut candidate = "result".to_string();
    let mut n = 0;
    while names
        .iter()
        .any(|p| crate::names::unescaped(p) == candidate)
    {
        n += 1;
        candidate = format!("result{n}");
    }
    candidate
}

fn emit_one(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    scope: &mut Scope,
    f: &Function,
    wrappers: &mut BTreeMap<String, (String, String)>,
) {
    let name = ctx.naming.pascal(&f.name);
    let bare = unescaped(&name).to_string();
    scope.declare_at(ctx, &name, format!("function `{}`", f.name), &f.rust_path);

    let mut pscope = Scope::new(format_args!("parameters of `{name}`"), &f.rust_path);
    let mut names = Vec::new();
    for p in &f.sig.params {
        let n = ctx.naming.camel(&p.name);
        pscope.declare(ctx, &n, format!("parameter `{}`", p.name));
        names.push(n);
    }
    let Some(ret) = mapping::ret(ctx, &f.sig.ret, &f.rust_path) else {
        return;
    };
    let with_null = f
        .sig
        .params
        .iter()
        .any(|p| mapping::is_nullable_ref(ctx, &p.ty));
    let mut overloads = vec![false];
    if with_null {
        overloads.push(true);
    }
    let sret = abi::passed_in_memory(ctx, &f.sig.ret);
    if !stack_wrapping_is_sound(ctx, f, sret) {
        ctx.error(
            &f.rust_path,
            "passes a packed struct (or one containing a misaligned field) by value where C# \
             cannot express the System V x86-64 convention: such a struct travels on the stack, \
             and C# can only put it there when it is the one such parameter and no other \
             argument follows it on the stack",
            Some("pass the struct by reference (`&T`), or make it the last parameter".to_string()),
        );
        return;
    }
    let lowered = Lowered {
        ret: &ret,
        sret: sret.then(|| fresh_local(&names)),
    };
    let raw = format!("__{bare}");
    let needs_raw = matches!(ret, RetTy::Wrapped(_))
        || sret
        || f.sig
            .params
            .iter()
            .any(|p| abi::passed_in_memory(ctx, &p.ty));
    if needs_raw {
        scope.declare_at(
            ctx,
            &raw,
            format!("the raw import of `{}`", f.name),
            &f.rust_path,
        );
    }
    for null_overload in overloads {
        let mut params = Vec::new();
        for (p, n) in f.sig.params.iter().zip(&names) {
            let path = format_args!("{}({})", f.rust_path, p.name);
            let Some(ty) = mapping::param(ctx, &p.ty, &path, null_overload) else {
                return;
            };
            let rust = docs::rust_type(ctx, &p.ty);
            let doc = if mapping::is_nullable_ref(ctx, &p.ty) {
                if null_overload {
                    format!("Rust `{rust}`: a pointer, `IntPtr.Zero` for `None`.")
                } else {
                    format!("Rust `{rust}`: passed by reference (never null); the overload taking `IntPtr` accepts `IntPtr.Zero`.")
                }
            } else {
                format!("Rust `{rust}`.")
            };
            let stack = abi::passed_in_memory(ctx, &p.ty).then(|| {
                let wrapper = format!("__{}OnStack", unescaped(&ty.ty));
                wrappers
                    .entry(wrapper.clone())
                    .or_insert_with(|| (ty.ty.clone(), f.rust_path.clone()));
                wrapper
            });
            params.push(P {
                name: n.clone(),
                ty,
                doc,
                stack,
            });
        }
        w.blank();
        write_overload(ctx, w, f, &name, &raw, &lowered, &params);
    }
}

fn write_overload(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    f: &Function,
    name: &str,
    raw: &str,
    lowered: &Lowered<'_>,
    params: &[P],
) {
    let ret = lowered.ret;
    let import = format_args!(
        "[DllImport(\"{}\", CallingConvention = CallingConvention.Cdecl, EntryPoint = \"{}\", ExactSpelling = true)]",
        ctx.dll_literal,
        string_literal(&f.name)
    );
    let write_docs = |w: &mut CodeWriter| {
        docs::summary(
            w,
            &f.docs,
            format_args!("Calls the Rust function `{}`.", f.name),
        );
        for p in params {
            docs::param(w, &p.name, &p.doc);
        }
        if !matches!(ret, RetTy::Void) {
            docs::returns(
                w,
                format_args!("Rust `{}`.", docs::rust_type(ctx, &f.sig.ret)),
            );
        }
    };
    if !lowered.wrapped(params) {
        write_docs(w);
        docs::obsolete(w, f.deprecated.as_ref());
        w.line_fmt(import);
        if ret.marshal_bool() {
            w.line("[return: MarshalAs(UnmanagedType.U1)]");
        }
        w.line_with(|out| {
            // Writing into a `String` cannot fail.
            let _ = write!(out, "public static extern {} {name}(", ret.native());
            for (i, p) in params.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let _ = write!(out, "{sep}{} {}", p.ty.declare(), p.name);
            }
            out.push_str(");");
        });
        return;
    }

    // The private import, in the native convention.
    let mut raw_decl = Vec::new();
    let mut args = Vec::new();
    if let Some(result) = &lowered.sret {
        raw_decl.push(format!("out {} {result}", ret.public()));
        args.push(format!("out {result}"));
    }
    for p in params {
        match &p.stack {
            Some(wrapper) => {
                raw_decl.push(format!("{wrapper} {}", p.name));
                args.push(format!("new {wrapper} {{ Value = {} }}", p.name));
            }
            None => {
                raw_decl.push(format!("{} {}", p.ty.declare(), p.name));
                args.push(if p.ty.by_ref {
                    format!("ref {}", p.name)
                } else {
                    p.name.clone()
                });
            }
        }
    }
    let raw_ret = if lowered.sret.is_some() {
        "void"
    } else {
        ret.native()
    };
    w.line_fmt(import);
    if lowered.sret.is_none() && ret.marshal_bool() {
        w.line("[return: MarshalAs(UnmanagedType.U1)]");
    }
    w.line(format!(
        "private static extern {raw_ret} {raw}({});",
        raw_decl.join(", ")
    ));
    w.blank();

    // The public method, with the Rust signature.
    write_docs(w);
    docs::obsolete(w, f.deprecated.as_ref());
    let plain: Vec<String> = params
        .iter()
        .map(|p| {
            let r = if p.ty.by_ref { "ref " } else { "" };
            format!("{r}{} {}", p.ty.ty, p.name)
        })
        .collect();
    let call = format!("{raw}({})", args.join(", "));
    let head = format!(
        "public static {} {name}({})",
        ret.public(),
        plain.join(", ")
    );
    match &lowered.sret {
        Some(result) => {
            w.line(head);
            w.block("{", "}", |w| {
                w.line(format!("{} {result};", ret.public()));
                w.line(format!("{call};"));
                w.line(format!("return {result};"));
            });
        }
        None => w.line(format!("{head} => {};", ret.wrap(&call))),
    }
}

/// Escapes text for a regular C# string literal.
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
