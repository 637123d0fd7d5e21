//! Enums with data, laid out as RFC 2195 specifies, plus their tag type `Name_Tag`.
//!
//! * [`TagStyle::Separate`] (`#[repr(C)]`, `#[repr(C, u8)]`):
//!   `struct { Name_Tag tag; union { struct { … } variant; … } payload; }`.
//! * [`TagStyle::Inline`] (`#[repr(u8)]` …):
//!   `union { Name_Tag tag; struct { Name_Tag tag; … } variant; … }`.
//!
//! Anonymous structs and unions are C11, so the payload union and the variant structs are
//! named members (`value.payload.rect.w`). Unit variants get no member: C forbids empty
//! structs, and leaving them out changes nothing — an empty struct has size 0 and alignment 1
//! in the Rust layout, so it never grows the union. In the inline style the union's own `tag`
//! member reads the tag whatever the variant, which is what unit variants need.

use interoptopus_core::model::{DataVariant, IntKind, TagStyle, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::enums::{write_enumerators, Enumerator};
use super::structs::write_fields;
use crate::ctx::Ctx;
use crate::docs::{write_comment, write_docs};
use crate::names::{PAYLOAD_MEMBER, TAG_MEMBER};

pub(crate) fn write_tagged_union(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    tag: IntKind,
    style: TagStyle,
    variants: &[DataVariant],
    forwarded: bool,
) {
    let def = ctx.model.type_def(id);
    let path = def.rust_path.clone();
    let i = id.0 as usize;
    let name = ctx.names.types[i].clone();
    let tag_name = ctx.names.tags[i].clone().unwrap_or_default();
    let members = ctx.names.variant_members[i].clone();

    let enumerators: Vec<Enumerator<'_>> = variants
        .iter()
        .zip(&ctx.names.enumerators[i])
        .map(|(v, n)| Enumerator {
            name: n.clone(),
            value: v.value,
            docs: &v.docs,
            deprecated: None,
            rust_path: format!("{path}::{}", v.name),
        })
        .collect();
    write_comment(
        w,
        ctx.config.doc_style_value(),
        &[format!("The tag of `{name}`: which variant it holds.")],
    );
    write_enumerators(
        ctx,
        w,
        &tag_name,
        "",
        tag,
        tag == IntKind::I32,
        &enumerators,
    );
    w.blank();

    let keyword = super::record_keyword(&def.kind);
    write_docs(w, ctx.config.doc_style_value(), &def.docs);
    if forwarded {
        w.line(format!("{keyword} {name} {{"));
    } else {
        let deprecated = crate::deprecated::prefix(ctx, def.deprecated.as_ref());
        w.line(format!("{deprecated}typedef {keyword} {name} {{"));
    }
    w.indent();
    w.line(format!("{tag_name} {TAG_MEMBER};"));
    let with_data: Vec<(&DataVariant, &String)> = variants
        .iter()
        .zip(&members)
        .filter(|(v, _)| !v.fields.is_empty())
        .collect();
    match style {
        TagStyle::Separate if !with_data.is_empty() => {
            w.line("union {");
            w.indent();
            for (v, member) in &with_data {
                write_variant(ctx, w, &path, v, member, None);
            }
            w.dedent();
            w.line(format!("}} {PAYLOAD_MEMBER};"));
        }
        TagStyle::Separate => {}
        TagStyle::Inline => {
            for (v, member) in &with_data {
                write_variant(ctx, w, &path, v, member, Some(&tag_name));
            }
        }
    }
    w.dedent();
    if forwarded {
        w.line("};");
    } else {
        w.line(format!("}} {name};"));
    }
}

/// `struct { [tag;] fields… } member;`
fn write_variant(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    owner: &str,
    v: &DataVariant,
    member: &str,
    tag: Option<&str>,
) {
    write_docs(w, ctx.config.doc_style_value(), &v.docs);
    w.line("struct {");
    w.indent();
    if let Some(tag) = tag {
        w.line(format!("{tag} {TAG_MEMBER};"));
    }
    write_fields(ctx, w, &format!("{owner}::{}", v.name), &v.fields);
    w.dedent();
    w.line(format!("}} {member};"));
}
