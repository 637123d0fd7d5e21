//! Assembles the cdef source: the chunks handed to successive `ffi.cdef` calls.
//!
//! Order: forward declarations of every struct and union (so pointers can refer to any of
//! them), enums, ABI substitutes, then typedefs (transparent aliases and function pointers,
//! sorted so each comes after the typedefs it names), then struct and union bodies in model
//! order, split into a new chunk whenever `#[repr(packed(N))]` changes, and finally statics
//! and functions.

use std::fmt::Write as _;

use interoptopus_core::model::{FnSig, TypeId, TypeKind};

use crate::cdef::forward_keyword;
use crate::ctx::{Ctx, Diag};

/// One `ffi.cdef` call: its `pack=` and its source, whole lines each ending in a newline.
pub(crate) struct Chunk {
    pub pack: Option<u32>,
    pub text: String,
}

fn push(chunks: &mut Vec<Chunk>, pack: Option<u32>, text: &str) {
    match chunks.last_mut() {
        Some(last) if last.pack == pack => last.text.push_str(text),
        _ => chunks.push(Chunk {
            pack,
            text: text.to_string(),
        }),
    }
}

fn signature(ctx: &Ctx<'_>, sig: &FnSig, names: &[crate::names::Member], inner: &str) -> String {
    let params: Vec<String> = sig
        .params
        .iter()
        .zip(names)
        .map(|(p, n)| ctx.declare_in_sig(&p.ty, &n.c))
        .collect();
    let params = if params.is_empty() {
        "void".to_string()
    } else {
        params.join(", ")
    };
    ctx.declare_in_sig(&sig.ret, &format!("{inner}({params})"))
}

/// Transparent and fn-pointer typedefs, each after the typedefs it mentions.
fn typedef_order(ctx: &Ctx<'_>, diag: &mut Diag) -> Vec<TypeId> {
    let is_typedef = |id: TypeId| {
        matches!(
            ctx.kind(id),
            TypeKind::Transparent { .. } | TypeKind::FnPtr { .. }
        )
    };
    let mut state = vec![0u8; ctx.model.types.len()]; // 0 new, 1 visiting, 2 done
    let mut out = Vec::new();
    fn visit(
        ctx: &Ctx<'_>,
        id: TypeId,
        state: &mut [u8],
        out: &mut Vec<TypeId>,
        diag: &mut Diag,
        is_typedef: &dyn Fn(TypeId) -> bool,
    ) {
        let i = id.0 as usize;
        match state.get(i) {
            Some(2) | None => return,
            Some(1) => {
                let def = ctx.model.type_def(id);
                diag.error(
                    &def.rust_path,
                    format!(
                        "`{}` refers to itself through typedefs, which C cannot declare",
                        def.name
                    ),
                    Some("put a struct in the cycle".into()),
                );
                return;
            }
            _ => {}
        }
        state[i] = 1;
        let mut deps = Vec::new();
        match ctx.kind(id) {
            TypeKind::Transparent { field } => field.ty.visit_named(&mut |d| deps.push(d)),
            TypeKind::FnPtr { sig } => {
                for p in &sig.params {
                    p.ty.visit_named(&mut |d| deps.push(d));
                }
                sig.ret.visit_named(&mut |d| deps.push(d));
            }
            _ => {}
        }
        for d in deps {
            if is_typedef(d) {
                visit(ctx, d, state, out, diag, is_typedef);
            }
        }
        state[i] = 2;
        out.push(id);
    }
    for (id, _) in ctx.model.types_with_ids() {
        if is_typedef(id) {
            visit(ctx, id, &mut state, &mut out, diag, &is_typedef);
        }
    }
    out
}

pub(crate) fn chunks(ctx: &Ctx<'_>, diag: &mut Diag) -> Vec<Chunk> {
    // Writing into a `String` cannot fail.
    let mut head = String::new();
    for (id, def) in ctx.model.types_with_ids() {
        if let Some(kw) = forward_keyword(&def.kind) {
            let _ = writeln!(head, "typedef {kw} {} {};", ctx.c(id), ctx.c(id));
        }
    }
    for (id, def) in ctx.model.types_with_ids() {
        if matches!(def.kind, TypeKind::Enum { .. }) {
            head.push_str(&ctx.ctypes[id.0 as usize].definition);
        }
    }
    for s in ctx.subst.values() {
        let _ = writeln!(head, "struct {} {{ {} }};", s.c_name, s.members.join(" "));
    }
    for id in typedef_order(ctx, diag) {
        match ctx.kind(id) {
            TypeKind::FnPtr { sig } => {
                let names = &ctx.names.types[id.0 as usize].params;
                let _ = writeln!(
                    head,
                    "typedef {};",
                    signature(ctx, sig, names, &format!("(*{})", ctx.c(id)))
                );
            }
            _ => head.push_str(&ctx.ctypes[id.0 as usize].definition),
        }
    }
    let mut chunks = vec![Chunk {
        pack: None,
        text: head,
    }];
    for (id, def) in ctx.model.types_with_ids() {
        if matches!(
            def.kind,
            TypeKind::Struct { .. } | TypeKind::Union { .. } | TypeKind::TaggedUnion { .. }
        ) {
            let c = &ctx.ctypes[id.0 as usize];
            push(&mut chunks, c.pack, &c.definition);
        }
    }
    let mut tail = String::new();
    for s in &ctx.model.statics {
        let _ = writeln!(tail, "extern {};", ctx.declare(&s.ty, &s.name));
    }
    for (f, names) in ctx.model.functions.iter().zip(&ctx.names.functions) {
        let _ = writeln!(tail, "{};", signature(ctx, &f.sig, &names.params, &f.name));
    }
    push(&mut chunks, None, &tail);
    chunks
}
