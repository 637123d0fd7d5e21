//! Opaque types → a typed handle: a struct holding one pointer.
//!
//! The handle has the size and alignment of a pointer, so it can be a struct field and a
//! parameter (passed exactly like a pointer on every ABI we target). It is never an `extern`
//! return type: functions returning one are wrapped (see `types::mapping`). The type keeps
//! `Engine` and `Renderer` pointers from being mixed up, which a bare `IntPtr` would allow.

use interoptopus_core::model::{TypeDef, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::structs;
use crate::ctx::Ctx;
use crate::docs;

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, def: &TypeDef) {
    let name = ctx.type_name(id);
    docs::summary(w, &def.docs, format_args!("Rust type `{}`.", def.rust_path));
    docs::remarks(
        w,
        "Opaque: Rust owns the contents. This is a typed pointer to it, as Rust's functions return and take it.",
    );
    docs::obsolete(w, def.deprecated.as_ref());
    w.line("[StructLayout(LayoutKind.Sequential)]");
    w.line(format!("{} partial struct {name}", ctx.config.access()));
    w.block("{", "}", |w| {
        let mut scope = structs::member_scope(ctx, def, &name);
        for m in ["Pointer", "IsNull", "Null"] {
            scope.declare(ctx, m, "a generated member");
        }
        docs::summary_text(w, "The pointer; `IntPtr.Zero` for none.");
        w.line("public readonly IntPtr Pointer;");
        w.blank();
        docs::summary_text(w, "Wraps a pointer obtained from Rust.");
        docs::param(w, "pointer", "The pointer.");
        w.line(format!(
            "public {name}(IntPtr pointer) {{ Pointer = pointer; }}"
        ));
        w.blank();
        docs::summary_text(w, "Whether this is the null pointer.");
        w.line("public bool IsNull => Pointer == IntPtr.Zero;");
        w.blank();
        docs::summary_text(w, "The null handle (Rust `None`).");
        w.line(format!("public static {name} Null => default({name});"));
    });
}
