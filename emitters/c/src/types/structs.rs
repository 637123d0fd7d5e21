//! `#[repr(C)]` structs, and the record-writing code unions share.
//!
//! Packing uses `#pragma pack(push, N)` / `#pragma pack(pop)`: unlike
//! `__attribute__((packed))` it expresses every `packed(N)`, not just `packed(1)`, and GCC,
//! Clang and MSVC all read it in C and C++ alike. `align(N)` uses
//! `__attribute__((aligned(N)))` after the `struct` keyword: `_Alignas` only exists in C11
//! and `alignas` only in C++11, while the GNU attribute is accepted by GCC and Clang in every
//! mode, `-pedantic` included.

use interoptopus_core::model::{Field, StructRepr, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;
use crate::names::member;

pub(crate) fn write_struct(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    fields: &[Field],
    repr: StructRepr,
    forwarded: bool,
) {
    write_record(ctx, w, id, "struct", fields, repr, forwarded);
}

/// Writes `typedef struct X { … } X;` (or `struct X { … };` when `X` was forward-declared).
pub(crate) fn write_record(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    keyword: &str,
    fields: &[Field],
    repr: StructRepr,
    forwarded: bool,
) {
    let def = ctx.model.type_def(id);
    let path = def.rust_path.as_str();
    let name = ctx.names.types[id.0 as usize].clone();
    if fields.is_empty() {
        ctx.error(
            path,
            format!("a {keyword} without fields has size 0 in Rust, but C does not allow empty {keyword}s"),
            Some("add a field, or pass the type only behind a pointer and mark it opaque"),
        );
        return;
    }
    if repr.packed.is_some() && repr.align.is_some() {
        ctx.error(
            path,
            "`packed` and `align` on one type cannot be expressed",
            Some("Rust rejects this combination too; keep one of them"),
        );
        return;
    }
    let mut attrs = String::new();
    if let Some(align) = repr.align {
        if !align.is_power_of_two() {
            ctx.error(
                path,
                format!("`align({align})` is not a power of two"),
                None,
            );
            return;
        }
        attrs = format!("__attribute__((aligned({align}))) ");
    }
    let pack = match repr.packed {
        Some(n) if !n.is_power_of_two() => {
            ctx.error(path, format!("`packed({n})` is not a power of two"), None);
            return;
        }
        // No field is aligned to more than 8 (repr(align) types cannot go into packed ones),
        // so a larger packing changes nothing, and compilers only accept small values.
        Some(n) if n < 16 => Some(n),
        _ => None,
    };

    write_docs(w, ctx.config.doc_style_value(), &def.docs);
    if let Some(n) = pack {
        w.line(format!("#pragma pack(push, {n})"));
    }
    let (open, close) = if forwarded {
        (format!("{keyword} {attrs}{name} {{"), "};".to_string())
    } else {
        (
            format!(
                "{}typedef {keyword} {attrs}{name} {{",
                crate::deprecated::prefix(ctx, def.deprecated.as_ref())
            ),
            format!("}} {name};"),
        )
    };
    w.line(open);
    w.indent();
    write_fields(ctx, w, path, fields);
    w.dedent();
    w.line(close);
    if pack.is_some() {
        w.line("#pragma pack(pop)");
    }
}

/// One line per field, each preceded by its docs.
pub(crate) fn write_fields(ctx: &mut Ctx<'_>, w: &mut CodeWriter, owner: &str, fields: &[Field]) {
    for f in fields {
        let decl = ctx.declarer().declare(&f.ty, &member(&f.name), false);
        let field_path = format!("{owner}::{}", f.rust_name);
        let decl = ctx.ok_or_record(&field_path, decl);
        write_docs(w, ctx.config.doc_style_value(), &f.docs);
        w.line(format!("{decl};"));
    }
}
