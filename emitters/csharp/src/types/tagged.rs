//! Enums with data (RFC 2195 layouts) → an explicit-layout struct.
//!
//! Both tag styles are written the same way: the tag at offset 0 and every variant field as a
//! private field at the absolute offset the layout model computed, overlapping the other
//! variants. That expresses `#[repr(u8)]` (tag inside each variant struct) as exactly as
//! `#[repr(C)]` (tag, then a union), and keeps the struct blittable. Users go through safe
//! members only: `Tag`, `IsFoo`, `AsFoo()` (throws on the wrong variant) and one static
//! constructor per variant.

use std::fmt::{self, Write as _};

use interoptopus_core::layout::TypeLayout;
use interoptopus_core::model::{DataVariant, Field, IntKind, TypeDef, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::enums::{self, Member};
use super::mapping::{self, FieldTy};
use super::structs;
use crate::ctx::Ctx;
use crate::docs;
use crate::names::{unescaped, Scope};

/// The C# enum naming the variants of tagged union `id`.
pub(crate) fn tag_enum_name(ctx: &Ctx<'_>, id: TypeId) -> String {
    format!("{}Tag", unescaped(&ctx.type_name(id)))
}

/// The private field holding `field` of `variant`.
pub(crate) fn storage_name(ctx: &Ctx<'_>, variant: &DataVariant, field: &Field) -> String {
    ctx.naming
        .private(&format!("{}_{}", variant.name, field.name))
}

/// One variant field with its C# type and offset.
struct Slot<'a> {
    field: &'a Field,
    ty: FieldTy,
    storage: String,
    offset: u64,
}

pub(crate) fn emit(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    def: &TypeDef,
    tag: IntKind,
    variants: &[DataVariant],
) {
    let name = ctx.type_name(id);
    let tag_name = tag_enum_name(ctx, id);
    let Some(plan) = structs::plan_or_error(ctx, id, def) else {
        return;
    };
    let Some(layout) = ctx.layouts.of(id) else {
        return;
    };
    let Some(slots) = slots(ctx, def, variants, layout) else {
        return;
    };

    docs::summary_text(w, format_args!("The variants of `{name}`."));
    let members: Vec<Member<'_>> = variants
        .iter()
        .map(|v| Member {
            rust_name: &v.name,
            value: v.value,
            docs: &v.docs,
            deprecated: None,
        })
        .collect();
    enums::write(ctx, w, &tag_name, tag, &members, def);
    w.blank();

    docs::summary(w, &def.docs, format_args!("Rust enum `{}`.", def.rust_path));
    docs::remarks(
        w,
        "A Rust enum with data. Check `Tag` or the `Is…` properties, read a variant with its \
         `As…()` method (which throws on the wrong variant), build one with the static method \
         named after the variant.",
    );
    docs::obsolete(w, def.deprecated.as_ref());
    w.line(structs::layout_attribute(&plan));
    w.line_fmt(format_args!(
        "{} partial struct {name}",
        ctx.config.access()
    ));
    w.block("{", "}", |w| {
        let mut scope = structs::member_scope(ctx, def, &name);
        write_storage(ctx, w, &mut scope, &tag_name, &slots);
        w.blank();
        docs::summary_text(w, "The variant this value holds.");
        scope.declare(ctx, "Tag", "the `Tag` property");
        w.line_fmt(format_args!("public {tag_name} Tag => _tag;"));
        for (v, vslots) in variants.iter().zip(&slots) {
            write_variant(ctx, w, &mut scope, def, &name, &tag_name, v, vslots);
        }
    });
}

/// Pairs every variant field with its C# type and model offset.
fn slots<'a>(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    variants: &'a [DataVariant],
    layout: &TypeLayout,
) -> Option<Vec<Vec<Slot<'a>>>> {
    if layout.variants.len() != variants.len() {
        ctx.error(
            &def.rust_path,
            "the layout model's variants do not match the type's",
            None,
        );
        return None;
    }
    let mut out = Vec::new();
    for (v, vl) in variants.iter().zip(&layout.variants) {
        if vl.fields.len() != v.fields.len() {
            ctx.error(
                &def.rust_path,
                "the layout model's variant fields do not match the type's",
                None,
            );
            return None;
        }
        let mut vs = Vec::new();
        for (f, fl) in v.fields.iter().zip(&vl.fields) {
            let path = format_args!("{}::{}::{}", def.rust_path, v.name, f.rust_name);
            let ty = mapping::field(ctx, &f.ty, &path)?;
            vs.push(Slot {
                field: f,
                ty,
                storage: storage_name(ctx, v, f),
                offset: fl.offset,
            });
        }
        out.push(vs);
    }
    Some(out)
}

fn write_storage(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    scope: &mut Scope,
    tag_name: &str,
    slots: &[Vec<Slot<'_>>],
) {
    scope.declare(ctx, "_tag", "the tag field");
    w.line("[FieldOffset(0)]");
    w.line_fmt(format_args!("private {tag_name} _tag;"));
    for s in slots.iter().flatten() {
        scope.declare(
            ctx,
            &s.storage,
            format_args!("the storage of `{}`", s.field.rust_name),
        );
        w.blank();
        w.line_fmt(format_args!("[FieldOffset({})]", s.offset));
        w.line_fmt(format_args!("private {} {};", s.ty.storage(), s.storage));
    }
}

#[allow(clippy::too_many_arguments)]
fn write_variant(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    scope: &mut Scope,
    def: &TypeDef,
    name: &str,
    tag_name: &str,
    v: &DataVariant,
    slots: &[Slot<'_>],
) {
    let member = ctx.naming.pascal(&v.name);
    let bare = unescaped(&member);
    let rust = format_args!("{}::{}", def.name, v.name);
    let origin = format_args!("variant `{}`", v.name);

    w.blank();
    docs::summary_text(w, format_args!("Whether this is `{rust}`."));
    scope.declare(ctx, &format!("Is{bare}"), origin);
    w.line_fmt(format_args!(
        "public bool Is{bare} => _tag == {tag_name}.{member};"
    ));

    if !slots.is_empty() {
        let (ret, body) = if let [one] = slots {
            (one.ty.public().to_string(), one.ty.read(&one.storage))
        } else {
            let data = format!("{bare}Data");
            let inits: Vec<String> = slots
                .iter()
                .map(|s| {
                    format!(
                        "{} = {}",
                        ctx.naming.pascal(&s.field.name),
                        s.ty.read(&s.storage)
                    )
                })
                .collect();
            (
                data.clone(),
                format!("new {data} {{ {} }}", inits.join(", ")),
            )
        };
        w.blank();
        docs::summary_text(w, format_args!("The contents of `{rust}`."));
        w.line("/// <exception cref=\"System.InvalidOperationException\">The value holds another variant.</exception>");
        scope.declare(ctx, &format!("As{bare}"), origin);
        w.line_fmt(format_args!("public {ret} As{bare}()"));
        w.block("{", "}", |w| {
            w.line_fmt(format_args!(
                "if (_tag != {tag_name}.{member}) throw new InvalidOperationException(\"{name} holds \" + _tag + \", not {bare}\");"
            ));
            w.line_fmt(format_args!("return {body};"));
        });
    }

    // The static constructor.
    let mut params = Scope::new(
        format_args!("parameters of `{name}.{bare}`"),
        &def.rust_path,
    );
    params.declare(ctx, "self", "the local holding the result");
    let args: Vec<(String, &Slot<'_>)> = slots
        .iter()
        .map(|s| {
            let p = ctx.naming.camel(&s.field.name);
            params.declare(ctx, &p, format_args!("field `{}`", s.field.rust_name));
            (p, s)
        })
        .collect();
    w.blank();
    docs::summary_text(w, format_args!("Makes a `{rust}`."));
    for (p, s) in &args {
        docs::param(
            w,
            p,
            format_args!(
                "Rust field `{}: {}`.",
                s.field.rust_name,
                docs::rust_type(ctx, &s.field.ty)
            ),
        );
    }
    scope.declare(ctx, &member, origin);
    w.line_with(|out| {
        let _ = write!(out, "public static {name} {member}(");
        for (i, (p, s)) in args.iter().enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            let _ = write!(out, "{sep}{} {p}", s.ty.public());
        }
        out.push(')');
    });
    w.block("{", "}", |w| {
        w.line_fmt(format_args!("var self = new {name}();"));
        w.line_fmt(format_args!("self._tag = {tag_name}.{member};"));
        for (p, s) in &args {
            w.line_fmt(format_args!("self.{} = {};", s.storage, s.ty.write(p)));
        }
        w.line("return self;");
    });

    if slots.len() > 1 {
        write_data_struct(ctx, w, scope, bare, rust, slots);
    }
}

/// The value returned by `AsFoo()` for variants with several fields. A plain carrier: it is
/// never passed to Rust, so it uses public types (`bool`) directly.
fn write_data_struct(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    scope: &mut Scope,
    bare: &str,
    rust: fmt::Arguments<'_>,
    slots: &[Slot<'_>],
) {
    let data = format!("{bare}Data");
    scope.declare(ctx, &data, format_args!("the data of `{rust}`"));
    w.blank();
    docs::summary_text(w, format_args!("The fields of `{rust}`."));
    w.line_fmt(format_args!("public struct {data}"));
    w.block("{", "}", |w| {
        let mut inner = Scope::with_reserved(format_args!("struct `{data}`"), rust);
        inner.declare(ctx, &data, "the type itself");
        for (i, s) in slots.iter().enumerate() {
            if i > 0 {
                w.blank();
            }
            let f = ctx.naming.pascal(&s.field.name);
            inner.declare(ctx, &f, format_args!("field `{}`", s.field.rust_name));
            docs::summary(
                w,
                &s.field.docs,
                format_args!(
                    "Rust field `{}: {}`.",
                    s.field.rust_name,
                    docs::rust_type(ctx, &s.field.ty)
                ),
            );
            w.line_fmt(format_args!("public {} {f};", s.ty.public()));
        }
    });
}
