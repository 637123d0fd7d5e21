//! Fieldless enums, and the tag types of tagged unions (which are written the same way).
//!
//! C99 cannot fix the underlying type of an `enum`: it is "some integer type", `int`-sized
//! with every compiler we target. So only an `int`-sized `#[repr(C)]` enum becomes a real C
//! `enum`. Any other representation becomes a typedef of the exact integer type plus named
//! constants: an anonymous `enum { … }` when every value fits `int` (the only values an
//! enumerator may have under `-pedantic`), otherwise `#define`s cast to the typedef.

use interoptopus_core::model::{Deprecation, Docs, IntKind, Primitive, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;
use crate::literals::{enumerator_int, int_literal, Spelling};

/// How a set of enumerators is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EnumRepr {
    /// `typedef enum X { … } X;`
    CEnum,
    /// `typedef uint8_t X;` and `enum { X_A = 0, … };`
    IntWithEnumConstants,
    /// `typedef uint64_t X;` and `#define X_A ((X)UINT64_C(…))` (C89: see [`crate::literals`])
    Defines,
}

fn fits_int(v: i128) -> bool {
    (i128::from(i32::MIN)..=i128::from(i32::MAX)).contains(&v)
}

/// The spelling for an enum of integer type `int` with these values; `c_enum` asks for a real C
/// `enum` (granted only for `i32`).
pub(crate) fn repr(int: IntKind, c_enum: bool, values: &[i128]) -> EnumRepr {
    let all_fit = values.iter().all(|v| fits_int(*v));
    if c_enum && int == IntKind::I32 && all_fit && !values.is_empty() {
        EnumRepr::CEnum
    } else if all_fit {
        EnumRepr::IntWithEnumConstants
    } else {
        EnumRepr::Defines
    }
}

/// One enumerator to write.
pub(crate) struct Enumerator<'m> {
    pub name: String,
    pub value: i128,
    pub docs: &'m Docs,
    pub deprecated: Option<&'m Deprecation>,
    /// For errors.
    pub rust_path: String,
}

pub(crate) fn write_enum(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    int: IntKind,
    repr_c: bool,
    variants: &[interoptopus_core::model::EnumVariant],
) {
    let def = ctx.model.type_def(id);
    let enumerators: Vec<Enumerator<'_>> = variants
        .iter()
        .zip(&ctx.names.enumerators[id.0 as usize])
        .map(|(v, name)| Enumerator {
            name: name.clone(),
            value: v.value,
            docs: &v.docs,
            deprecated: v.deprecated.as_ref(),
            rust_path: format!("{}::{}", def.rust_path, v.name),
        })
        .collect();
    let name = ctx.names.types[id.0 as usize].clone();
    write_docs(w, ctx.config.doc_style_value(), &def.docs);
    let deprecated = crate::deprecated::prefix(ctx, def.deprecated.as_ref());
    write_enumerators(ctx, w, &name, &deprecated, int, repr_c, &enumerators);
}

/// Writes the type `name` carrying `int` values and its enumerator constants; `deprecated`
/// goes in front of the typedef.
pub(crate) fn write_enumerators(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    name: &str,
    deprecated: &str,
    int: IntKind,
    c_enum: bool,
    enumerators: &[Enumerator<'_>],
) {
    let int_prim = Primitive::from_int_kind(int);
    let spelling = Spelling::of(ctx.config);
    let mut ok = true;
    for e in enumerators {
        if let Err(message) = int_literal(e.value, int_prim, ctx.pointer_bits, spelling) {
            ctx.error(&e.rust_path, format!("discriminant: {message}"), None);
            ok = false;
        }
    }
    if !ok {
        return;
    }
    let values: Vec<i128> = enumerators.iter().map(|e| e.value).collect();
    let style = ctx.config.doc_style_value();
    let last = enumerators.len().saturating_sub(1);
    match repr(int, c_enum, &values) {
        EnumRepr::CEnum => {
            w.line(format!("{deprecated}typedef enum {name} {{"));
            w.indent();
            for (i, e) in enumerators.iter().enumerate() {
                write_docs(w, style, e.docs);
                // No trailing comma: C89 does not allow one.
                let comma = if i == last { "" } else { "," };
                let attr = crate::deprecated::enumerator_suffix(ctx, e.deprecated);
                w.line(format!(
                    "{}{attr} = {}{comma}",
                    e.name,
                    enumerator_int(e.value)
                ));
            }
            w.dedent();
            w.line(format!("}} {name};"));
        }
        EnumRepr::IntWithEnumConstants => {
            w.line(format!(
                "{deprecated}typedef {} {name};",
                crate::decl::primitive(int_prim)
            ));
            if enumerators.is_empty() {
                return;
            }
            w.line("enum {");
            w.indent();
            for (i, e) in enumerators.iter().enumerate() {
                write_docs(w, style, e.docs);
                let comma = if i == last { "" } else { "," };
                let attr = crate::deprecated::enumerator_suffix(ctx, e.deprecated);
                w.line(format!(
                    "{}{attr} = {}{comma}",
                    e.name,
                    enumerator_int(e.value)
                ));
            }
            w.dedent();
            w.line("};");
        }
        EnumRepr::Defines => {
            w.line(format!(
                "{deprecated}typedef {} {name};",
                crate::decl::primitive(int_prim)
            ));
            for e in enumerators {
                let literal =
                    int_literal(e.value, int_prim, ctx.pointer_bits, spelling).unwrap_or_default();
                write_docs(w, style, e.docs);
                w.line(format!("#define {} (({name}){literal})", e.name));
            }
        }
    }
}
