//! Function pointer types → three C# types:
//!
//! * `FooDelegate` — the `[UnmanagedFunctionPointer(Cdecl)]` delegate users write callbacks as;
//! * `Foo` — a one-`IntPtr` struct, the function pointer as Rust stores and receives it. It is
//!   what fields and parameters use (blittable, and passed exactly like a pointer). `Invoke`
//!   calls pointers Rust hands out;
//! * `FooHandle` — the only way to turn a delegate into a `Foo`. It roots the delegate with a
//!   `GCHandle` until `Dispose`, so a callback Rust keeps cannot be collected behind its back.
//!   Forgetting `Dispose` leaks the delegate instead of crashing later.
//!
//! Passing a delegate straight to an `extern` (the usual P/Invoke idiom) only keeps it alive for
//! that one call; since nothing in the model says whether Rust keeps the pointer, the bindings
//! never offer that path.

use interoptopus_core::model::{FnSig, TypeDef, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::mapping::{self, ParamTy, RetTy};
use super::structs;
use crate::ctx::Ctx;
use crate::docs;
use crate::names::{unescaped, Scope};

pub(crate) fn delegate_name(ctx: &Ctx<'_>, id: TypeId) -> String {
    format!("{}Delegate", unescaped(&ctx.type_name(id)))
}

pub(crate) fn handle_name(ctx: &Ctx<'_>, id: TypeId) -> String {
    format!("{}Handle", unescaped(&ctx.type_name(id)))
}

/// A mapped signature: parameter names and types, and the return.
pub(crate) struct Sig {
    pub params: Vec<(String, ParamTy, String)>,
    pub ret: RetTy,
}

/// Maps a callback's signature (nullable references become `IntPtr`: the delegate cannot be
/// overloaded). The third tuple item is the Rust spelling, for docs.
fn map_sig(ctx: &Ctx<'_>, sig: &FnSig, def: &TypeDef, name: &str) -> Option<Sig> {
    let in_memory = sig
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(std::iter::once(&sig.ret))
        .any(|ty| crate::abi::passed_in_memory(ctx, ty));
    if in_memory {
        ctx.error(
            &def.rust_path,
            "a callback takes or returns a packed struct (or one containing a misaligned field) \
             by value: System V x86-64 passes it in memory, but Mono passes it to and from \
             delegates in registers, and a delegate signature cannot be rewritten to match",
            Some("pass the struct by reference (`&T` or `*const T`) instead".to_string()),
        );
        return None;
    }
    let mut scope = Scope::with_reserved(format!("parameters of `{name}`"), def.rust_path.clone());
    let mut params = Vec::new();
    for p in &sig.params {
        let pname = ctx.naming.camel(&p.name);
        scope.declare(ctx, &pname, format!("parameter `{}`", p.name));
        let path = format!("{}({})", def.rust_path, p.name);
        let ty = mapping::param(ctx, &p.ty, &path, true)?;
        params.push((pname, ty, docs::rust_type(ctx, &p.ty).to_string()));
    }
    let ret = mapping::ret(ctx, &sig.ret, &def.rust_path)?;
    Some(Sig { params, ret })
}

/// `extern "C" fn(u32, *const Vec3) -> bool`, for docs.
fn rust_signature(ctx: &Ctx<'_>, sig: &FnSig) -> String {
    let params: Vec<String> = sig
        .params
        .iter()
        .map(|p| docs::rust_type(ctx, &p.ty).to_string())
        .collect();
    let ret = if sig.ret.is_void() {
        String::new()
    } else {
        format!(" -> {}", docs::rust_type(ctx, &sig.ret))
    };
    format!("extern \"C\" fn({}){ret}", params.join(", "))
}

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, def: &TypeDef, sig: &FnSig) {
    let name = ctx.type_name(id);
    let delegate = delegate_name(ctx, id);
    let handle = handle_name(ctx, id);
    let Some(mapped) = map_sig(ctx, sig, def, &name) else {
        return;
    };
    let rust_sig = rust_signature(ctx, sig);
    write_delegate(ctx, w, &name, &delegate, &mapped);
    w.blank();
    write_pointer(ctx, w, def, &name, &delegate, &handle, &mapped, &rust_sig);
    w.blank();
    write_handle(ctx, w, &name, &delegate, &handle);
}

fn param_list(sig: &Sig) -> String {
    sig.params
        .iter()
        .map(|(n, t, _)| format!("{} {n}", t.declare()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_param_docs(w: &mut CodeWriter, sig: &Sig) {
    for (n, _, rust) in &sig.params {
        docs::param(w, n, format_args!("Rust `{rust}`."));
    }
}

fn write_delegate(ctx: &Ctx<'_>, w: &mut CodeWriter, name: &str, delegate: &str, sig: &Sig) {
    docs::summary_text(
        w,
        format_args!("The C# shape of `{name}`: write callbacks as methods or lambdas of this type and wrap them in a handle."),
    );
    write_param_docs(w, sig);
    if !matches!(sig.ret, RetTy::Void) {
        docs::returns(w, "The value Rust receives.");
    }
    w.line("[UnmanagedFunctionPointer(CallingConvention.Cdecl)]");
    if sig.ret.marshal_bool() {
        w.line("[return: MarshalAs(UnmanagedType.U1)]");
    }
    w.line(format!(
        "{} delegate {} {delegate}({});",
        ctx.config.access(),
        sig.ret.native(),
        param_list(sig)
    ));
}

#[allow(clippy::too_many_arguments)]
fn write_pointer(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    def: &TypeDef,
    name: &str,
    delegate: &str,
    handle: &str,
    sig: &Sig,
    rust_sig: &str,
) {
    docs::summary(
        w,
        &def.docs,
        format_args!("Rust function pointer `{}`.", def.rust_path),
    );
    docs::remarks(
        w,
        format_args!(
            "`{rust_sig}`. To pass a C# function, create a `{handle}` and keep it until Rust no longer calls the function."
        ),
    );
    docs::obsolete(w, def.deprecated.as_ref());
    w.line("[StructLayout(LayoutKind.Sequential)]");
    w.line(format!("{} partial struct {name}", ctx.config.access()));
    w.block("{", "}", |w| {
        let mut scope = structs::member_scope(ctx, def, name);
        for m in ["Pointer", "IsNull", "Null", "Invoke"] {
            scope.declare(ctx, m, "a generated member");
        }
        docs::summary_text(w, "The native function pointer; `IntPtr.Zero` for none.");
        w.line("public readonly IntPtr Pointer;");
        w.blank();
        docs::summary_text(w, "Wraps a native function pointer.");
        docs::param(w, "pointer", "The pointer.");
        w.line(format!("public {name}(IntPtr pointer) {{ Pointer = pointer; }}"));
        w.blank();
        docs::summary_text(w, "Whether this is the null pointer (Rust `None`).");
        w.line("public bool IsNull => Pointer == IntPtr.Zero;");
        w.blank();
        docs::summary_text(w, "The null pointer (Rust `None`).");
        w.line(format!("public static {name} Null => default({name});"));
        w.blank();
        docs::summary_text(w, "Calls the function this points at, e.g. one Rust handed out.");
        write_param_docs(w, sig);
        if !matches!(sig.ret, RetTy::Void) {
            docs::returns(w, "What the function returned.");
        }
        w.line("/// <exception cref=\"System.InvalidOperationException\">The pointer is null.</exception>");
        let public_params: Vec<String> = sig
            .params
            .iter()
            .map(|(n, t, _)| {
                let r = if t.by_ref { "ref " } else { "" };
                format!("{r}{} {n}", t.ty)
            })
            .collect();
        let args: Vec<String> = sig
            .params
            .iter()
            .map(|(n, t, _)| if t.by_ref { format!("ref {n}") } else { n.clone() })
            .collect();
        w.line(format!("public {} Invoke({})", sig.ret.public(), public_params.join(", ")));
        w.block("{", "}", |w| {
            w.line(format!(
                "if (Pointer == IntPtr.Zero) throw new InvalidOperationException(\"{name} is null\");"
            ));
            let call = format!(
                "Marshal.GetDelegateForFunctionPointer<{delegate}>(Pointer)({})",
                args.join(", ")
            );
            if matches!(sig.ret, RetTy::Void) {
                w.line(format!("{call};"));
            } else {
                w.line(format!("return {};", sig.ret.wrap(&call)));
            }
        });
    });
}

fn write_handle(ctx: &Ctx<'_>, w: &mut CodeWriter, name: &str, delegate: &str, handle: &str) {
    docs::summary_text(
        w,
        format_args!(
            "Keeps a `{delegate}` alive, and its native function pointer valid, until disposed."
        ),
    );
    docs::remarks(
        w,
        "Rust may call a function pointer long after the call that received it returned, and the \
         garbage collector cannot see that. Keep the handle for as long as Rust may call the \
         function, then Dispose it. A handle dropped without Dispose keeps its delegate alive \
         forever: a leak, never a crash.",
    );
    w.line(format!(
        "{} sealed class {handle} : IDisposable",
        ctx.config.access()
    ));
    w.block("{", "}", |w| {
        w.line("private GCHandle _root;");
        w.blank();
        docs::summary_text(w, format_args!("The function pointer to pass to Rust; `{name}.Null` once disposed."));
        w.line(format!("public {name} Function {{ get; private set; }}"));
        w.blank();
        docs::summary_text(w, "Roots `callback` and creates its native function pointer.");
        docs::param(w, "callback", "The function Rust will call.");
        w.line(format!("public {handle}({delegate} callback)"));
        w.block("{", "}", |w| {
            w.line("if (callback == null) throw new ArgumentNullException(nameof(callback));");
            w.line("_root = GCHandle.Alloc(callback);");
            w.line(format!(
                "Function = new {name}(Marshal.GetFunctionPointerForDelegate(callback));"
            ));
        });
        w.blank();
        docs::summary_text(w, "The function pointer of `handle` (null for a null handle).");
        docs::param(w, "handle", "The handle.");
        w.line(format!(
            "public static implicit operator {name}({handle} handle) => handle == null ? {name}.Null : handle.Function;"
        ));
        w.blank();
        docs::summary_text(w, "Releases the delegate. Rust must not call the pointer afterwards.");
        w.line("public void Dispose()");
        w.block("{", "}", |w| {
            w.line("if (_root.IsAllocated) _root.Free();");
            w.line(format!("Function = {name}.Null;"));
        });
    });
}
