//! A static class listing every generated type with the layout model's size and field offsets,
//! plus `Check()`, which compares them with what the running CLR computes
//! (`Marshal.SizeOf`/`Marshal.OffsetOf`).
//!
//! It lives in the same file because it must name the exact C# fields the emitter chose (the
//! private `bool` storage, tagged-union slots), and because an application can call `Check()`
//! at startup in debug builds to catch a runtime that lays structs out differently.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use interoptopus_core::model::{TypeKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::{ArrayHelper, Ctx};
use crate::docs;
use crate::functions::string_literal;
use crate::types::{mapping, structs, tagged};

/// The class name: `<Class>Layout`.
pub(crate) fn class_name(ctx: &Ctx<'_>) -> String {
    format!("{}Layout", crate::names::unescaped(&ctx.class))
}

struct Entry {
    ty: String,
    rust: Option<String>,
    size: u64,
    fields: Vec<(String, u64)>,
}

fn entries(ctx: &Ctx<'_>, arrays: &BTreeMap<String, ArrayHelper>) -> Vec<Entry> {
    let mut out = Vec::new();
    for (id, def) in ctx.model.types_with_ids() {
        let layout = ctx.layouts.of(id);
        let size = layout.map_or(ctx.pointer_bytes(), |l| l.size);
        let name = ctx.type_name(id);
        let rust = Some(def.name.clone());
        let offsets: Vec<u64> = layout
            .map(|l| l.fields.iter().map(|f| f.offset).collect())
            .unwrap_or_default();
        let fields = match &def.kind {
            TypeKind::Transparent { .. } => continue,
            TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => fields
                .iter()
                .zip(offsets)
                .filter_map(|(f, o)| {
                    let ty = mapping::field(ctx, &f.ty, &def.rust_path)?;
                    Some((structs::storage_name(ctx, f, &ty), o))
                })
                .collect(),
            TypeKind::TaggedUnion { variants, .. } => {
                let mut fs = vec![("_tag".to_string(), 0)];
                if let Some(l) = layout {
                    for (v, vl) in variants.iter().zip(&l.variants) {
                        for (f, fl) in v.fields.iter().zip(&vl.fields) {
                            fs.push((tagged::storage_name(ctx, v, f), fl.offset));
                        }
                    }
                }
                fs
            }
            TypeKind::Enum { .. } => Vec::new(),
            TypeKind::Opaque => {
                out.push(Entry {
                    ty: name,
                    rust: None,
                    size: ctx.pointer_bytes(),
                    fields: vec![("Pointer".into(), 0)],
                });
                continue;
            }
            TypeKind::FnPtr { .. } => vec![("Pointer".into(), 0)],
        };
        out.push(Entry {
            ty: name,
            rust,
            size,
            fields,
        });
    }
    for (name, helper) in arrays {
        let array = TypeRef::Array {
            element: Box::new(helper.element.clone()),
            len: helper.len,
        };
        if let Some((size, _)) = ctx.layouts.size_align(&array) {
            out.push(Entry {
                ty: name.clone(),
                rust: None,
                size,
                fields: vec![("_items".into(), 0)],
            });
        }
    }
    out
}

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, arrays: &BTreeMap<String, ArrayHelper>) {
    let class = class_name(ctx);
    let t = &ctx.layouts.target;
    let target = format!("{}-{} ({}-bit pointers)", t.arch, t.os, t.pointer_width);
    docs::summary_text(
        w,
        format_args!(
            "The layout model's sizes and field offsets for {target}, to compare with the running runtime."
        ),
    );
    w.line(format!("{} static class {class}", ctx.config.access()));
    w.block("{", "}", |w| {
        docs::summary_text(w, "The target the numbers are for.");
        w.line(format!(
            "public const string Target = \"{}\";",
            string_literal(&target)
        ));
        w.blank();
        write_entry_class(w);
        w.blank();
        docs::summary_text(w, "Every generated type with a native layout.");
        w.line("public static Entry[] Entries()");
        w.block("{", "}", |w| {
            w.line("return new Entry[]");
            w.line("{");
            w.indent();
            for e in entries(ctx, arrays) {
                w.line_with(|out| write_entry(out, &e));
            }
            w.dedent();
            w.line("};");
        });
        w.blank();
        write_check(w);
    });
}

/// `new Entry(typeof(T), "RustName", size, new string[] { … }, new int[] { … }),`
fn write_entry(out: &mut String, e: &Entry) {
    // Writing into a `String` cannot fail.
    let _ = write!(out, "new Entry(typeof({}), ", e.ty);
    match &e.rust {
        Some(r) => {
            let _ = write!(out, "\"{}\"", string_literal(r));
        }
        None => out.push_str("null"),
    }
    let _ = write!(out, ", {}, ", e.size);
    if e.fields.is_empty() {
        out.push_str("new string[0], new int[0]),");
        return;
    }
    out.push_str("new string[] { ");
    for (i, (n, _)) in e.fields.iter().enumerate() {
        let sep = if i > 0 { ", " } else { "" };
        let _ = write!(
            out,
            "{sep}\"{}\"",
            string_literal(crate::names::unescaped(n))
        );
    }
    out.push_str(" }, new int[] { ");
    for (i, (_, o)) in e.fields.iter().enumerate() {
        let sep = if i > 0 { ", " } else { "" };
        let _ = write!(out, "{sep}{o}");
    }
    out.push_str(" }),");
}

fn write_entry_class(w: &mut CodeWriter) {
    docs::summary_text(w, "One type's expected layout.");
    w.line("public sealed class Entry");
    w.block("{", "}", |w| {
        let members = [
            ("The C# type.", "public readonly global::System.Type Type;"),
            ("The Rust type's exported name; null for types with no Rust counterpart (handles, array helpers).", "public readonly string RustName;"),
            ("Size in bytes.", "public readonly int Size;"),
            ("Names of the C# fields (as `Marshal.OffsetOf` takes them).", "public readonly string[] Fields;"),
            ("Offset of each field in bytes.", "public readonly int[] Offsets;"),
        ];
        for (doc, decl) in members {
            docs::summary_text(w, doc);
            w.line(decl);
            w.blank();
        }
        docs::summary_text(w, "Creates an entry.");
        for p in ["type", "rustName", "size", "fields", "offsets"] {
            docs::param(w, p, "See the field of the same name.");
        }
        w.line("public Entry(global::System.Type type, string rustName, int size, string[] fields, int[] offsets)");
        w.block("{", "}", |w| {
            w.line("Type = type; RustName = rustName; Size = size; Fields = fields; Offsets = offsets;");
        });
    });
}

fn write_check(w: &mut CodeWriter) {
    docs::summary_text(
        w,
        "Compares every entry with `Marshal.SizeOf` and `Marshal.OffsetOf`; one message per mismatch, none when all agree.",
    );
    w.line("public static string[] Check()");
    w.block("{", "}", |w| {
        for l in [
            "var problems = new global::System.Collections.Generic.List<string>();",
            "foreach (Entry e in Entries())",
            "{",
            "    global::System.Type t = e.Type.IsEnum ? global::System.Enum.GetUnderlyingType(e.Type) : e.Type;",
            "    int size = Marshal.SizeOf(t);",
            "    if (size != e.Size) problems.Add(e.Type.Name + \": size \" + size + \", expected \" + e.Size);",
            "    for (int i = 0; i < e.Fields.Length; i++)",
            "    {",
            "        long offset = Marshal.OffsetOf(e.Type, e.Fields[i]).ToInt64();",
            "        if (offset != e.Offsets[i]) problems.Add(e.Type.Name + \".\" + e.Fields[i] + \": offset \" + offset + \", expected \" + e.Offsets[i]);",
            "    }",
            "}",
            "return problems.ToArray();",
        ] {
            w.line(l);
        }
    });
}
