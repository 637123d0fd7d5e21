//! Fixed-size arrays `[T; N]` → one helper struct per distinct element type and length
//! (`U8Array3`, `Vec3Array2`, `U8Array3Array2` for nested arrays).
//!
//! The helper holds a `fixed` buffer, which is exactly `N` elements inline, and exposes a
//! bounds-checked indexer, `Length`, `ToArray()` and `From(...)`. Primitive and enum elements
//! use a buffer of their own type. Other elements (structs, handles, nested arrays) use a buffer
//! of 1/2/4/8-byte units with the element's alignment (capped at 8) and the indexer
//! reinterprets it as `T*`; this is sound because every generated struct is blittable, so its
//! managed layout is its native layout. Fixed buffers need `unsafe`, so a file with arrays must
//! be compiled with `-unsafe`.

use interoptopus_core::model::{Primitive, TypeKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use super::mapping;
use crate::ctx::{ArrayHelper, Ctx};
use crate::docs;

/// How the buffer is declared and how an element is read and written through `items`.
struct Access {
    buffer: &'static str,
    count: u64,
    element: String,
    get: String,
    set: String,
}

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, name: &str, helper: &ArrayHelper) {
    let Some(a) = access(ctx, helper) else {
        return;
    };
    let len = helper.len;
    let rust = format!("[{}; {len}]", docs::rust_type(ctx, &helper.element));
    docs::summary_text(w, format_args!("A Rust `{rust}`, stored inline."));
    w.line("[StructLayout(LayoutKind.Sequential)]");
    w.line(format!(
        "{} unsafe partial struct {name}",
        ctx.config.access()
    ));
    let el = &a.element;
    w.block("{", "}", |w| {
        w.line(format!("private fixed {} _items[{}];", a.buffer, a.count));
        w.blank();
        docs::summary_text(w, format_args!("The number of elements, {len}."));
        w.line(format!("public const int Length = {len};"));
        w.blank();
        docs::summary_text(w, "The element at `index`.");
        docs::param(w, "index", format_args!("From 0 to {}.", len - 1));
        w.line("/// <exception cref=\"System.IndexOutOfRangeException\">The index is outside the array.</exception>");
        w.line(format!("public {el} this[int index]"));
        w.block("{", "}", |w| {
            w.line(format!(
                "get {{ if ((uint)index >= {len}u) throw new IndexOutOfRangeException(); fixed ({}* items = _items) {{ return {}; }} }}",
                a.buffer, a.get
            ));
            w.line(format!(
                "set {{ if ((uint)index >= {len}u) throw new IndexOutOfRangeException(); fixed ({}* items = _items) {{ {}; }} }}",
                a.buffer, a.set
            ));
        });
        w.blank();
        docs::summary_text(w, "Copies the elements into a new array.");
        w.line(format!("public {el}[] ToArray()"));
        w.block("{", "}", |w| {
            w.line(format!("var result = new {el}[Length];"));
            w.line("for (int i = 0; i < Length; i++) result[i] = this[i];");
            w.line("return result;");
        });
        w.blank();
        docs::summary_text(w, "Makes an array from exactly `Length` elements.");
        docs::param(w, "values", "The elements.");
        w.line("/// <exception cref=\"System.ArgumentException\">The number of values is not Length.</exception>");
        w.line(format!("public static {name} From(params {el}[] values)"));
        w.block("{", "}", |w| {
            w.line("if (values == null) throw new ArgumentNullException(nameof(values));");
            w.line(format!(
                "if (values.Length != Length) throw new ArgumentException(\"expected {len} values\", nameof(values));"
            ));
            w.line(format!("var result = new {name}();"));
            w.line("for (int i = 0; i < Length; i++) result[i] = values[i];");
            w.line("return result;");
        });
    });
}

fn access(ctx: &Ctx<'_>, helper: &ArrayHelper) -> Option<Access> {
    let len = helper.len;
    match &helper.element {
        TypeRef::Primitive { primitive, .. } => {
            let buffer = mapping::fixed_element(ctx, *primitive);
            let element = mapping::primitive(ctx, *primitive).to_string();
            let (get, set) = match primitive {
                Primitive::Bool => (
                    "items[index] != 0".to_string(),
                    "items[index] = value ? (byte)1 : (byte)0".to_string(),
                ),
                Primitive::Usize | Primitive::Isize => (
                    format!("new {element}(items[index])"),
                    format!("items[index] = ({buffer})value"),
                ),
                _ => (
                    "items[index]".to_string(),
                    "items[index] = value".to_string(),
                ),
            };
            Some(Access {
                buffer,
                count: len,
                element,
                get,
                set,
            })
        }
        TypeRef::Named { id, .. } => match ctx.def(*id).map(|d| &d.kind) {
            Some(TypeKind::Enum { int, .. }) => {
                let buffer = mapping::int_kind(ctx, *int);
                let element = ctx.type_name(*id);
                Some(Access {
                    buffer,
                    count: len,
                    get: format!("({element})items[index]"),
                    set: format!("items[index] = ({buffer})value"),
                    element,
                })
            }
            _ => reinterpreted(ctx, helper),
        },
        _ => reinterpreted(ctx, helper),
    }
}

/// A buffer of alignment-sized units, read and written as the element type.
fn reinterpreted(ctx: &Ctx<'_>, helper: &ArrayHelper) -> Option<Access> {
    let element = mapping::field(ctx, &helper.element, &helper.rust_path)?;
    let element = element.public().to_string();
    let (size, align) = ctx.layouts.size_align(&helper.element)?;
    let (buffer, unit_bytes) = unit_for_align(align);
    let total = size.checked_mul(helper.len)?;
    Some(Access {
        buffer,
        count: total / unit_bytes,
        get: format!("(({element}*)items)[index]"),
        set: format!("(({element}*)items)[index] = value"),
        element,
    })
}

/// The fixed-buffer unit for an element of alignment `align`: the largest of 1/2/4/8 bytes
/// that does not exceed it. The helper struct then has that alignment in the CLR.
pub(crate) fn unit_for_align(align: u64) -> (&'static str, u64) {
    match align {
        8.. => ("ulong", 8),
        4..=7 => ("uint", 4),
        2..=3 => ("ushort", 2),
        _ => ("byte", 1),
    }
}
