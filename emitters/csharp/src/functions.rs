//! Exported functions → `[DllImport]` methods on the static class.
//!
//! * `EntryPoint` is the real symbol, so C# names are free to follow .NET casing.
//! * A function taking `Option<&T>` gets a second overload where those parameters are `IntPtr`
//!   (pass `IntPtr.Zero` for `None`); the first takes them as `ref` (never null).
//! * A function returning an opaque pointer or a function pointer is declared as a private
//!   `extern` returning `IntPtr` plus a public wrapper building the typed handle (a struct
//!   return would use the wrong convention on i386). All other functions are the `extern`
//!   itself, with no extra managed frame.

use interoptopus_core::model::Function;
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs;
use crate::names::{unescaped, Scope};
use crate::types::mapping::{self, ParamTy, RetTy};

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, scope: &mut Scope) {
    for f in &ctx.model.functions {
        emit_one(ctx, w, scope, f);
    }
}

/// One parameter in one overload.
struct P {
    name: String,
    ty: ParamTy,
    doc: String,
}

fn emit_one(ctx: &Ctx<'_>, w: &mut CodeWriter, scope: &mut Scope, f: &Function) {
    let name = ctx.naming.pascal(&f.name);
    let bare = unescaped(&name).to_string();
    scope.declare_at(ctx, &name, format!("function `{}`", f.name), &f.rust_path);

    let mut pscope = Scope::new(format!("parameters of `{name}`"), f.rust_path.clone());
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
    let raw = format!("__{bare}");
    if matches!(ret, RetTy::Wrapped(_)) {
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
            let path = format!("{}({})", f.rust_path, p.name);
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
            params.push(P {
                name: n.clone(),
                ty,
                doc,
            });
        }
        w.blank();
        write_overload(ctx, w, f, &name, &raw, &ret, &params);
    }
}

fn write_overload(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    f: &Function,
    name: &str,
    raw: &str,
    ret: &RetTy,
    params: &[P],
) {
    let decl: Vec<String> = params
        .iter()
        .map(|p| format!("{} {}", p.ty.declare(), p.name))
        .collect();
    let decl = decl.join(", ");
    let import = format!(
        "[DllImport(\"{}\", CallingConvention = CallingConvention.Cdecl, EntryPoint = \"{}\", ExactSpelling = true)]",
        string_literal(&ctx.config.dll_for(ctx.model)),
        string_literal(&f.name)
    );
    let write_docs = |w: &mut CodeWriter| {
        docs::summary(
            w,
            &f.docs,
            &format!("Calls the Rust function `{}`.", f.name),
        );
        for p in params {
            docs::param(w, &p.name, &p.doc);
        }
        if !matches!(ret, RetTy::Void) {
            docs::returns(w, &format!("Rust `{}`.", docs::rust_type(ctx, &f.sig.ret)));
        }
    };
    match ret {
        RetTy::Wrapped(public) => {
            w.line(&import);
            w.line(format!("private static extern IntPtr {raw}({decl});"));
            w.blank();
            write_docs(w);
            let args: Vec<String> = params
                .iter()
                .map(|p| {
                    if p.ty.by_ref {
                        format!("ref {}", p.name)
                    } else {
                        p.name.clone()
                    }
                })
                .collect();
            let plain: Vec<String> = params
                .iter()
                .map(|p| {
                    let r = if p.ty.by_ref { "ref " } else { "" };
                    format!("{r}{} {}", p.ty.ty, p.name)
                })
                .collect();
            w.line(format!(
                "public static {public} {name}({}) => {};",
                plain.join(", "),
                ret.wrap(&format!("{raw}({})", args.join(", ")))
            ));
        }
        _ => {
            write_docs(w);
            w.line(&import);
            if ret.marshal_bool() {
                w.line("[return: MarshalAs(UnmanagedType.U1)]");
            }
            w.line(format!(
                "public static extern {} {name}({decl});",
                ret.native()
            ));
        }
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
