//! Dependency order for types: each type after everything it contains by value, ties broken
//! by name so the order never depends on discovery order or hashing.

use std::collections::BTreeMap;

use interoptopus_core::model::{Model, TypeDef, TypeId, TypeKind};

use super::types::RustTypeInfo;
use crate::diagnostic::Diagnostic;

pub(super) fn dependency_order(
    defs: Vec<TypeDef>,
    rust: Vec<RustTypeInfo>,
    model: &mut Model,
) -> Result<Vec<RustTypeInfo>, Diagnostic> {
    let n = defs.len();
    // Dependencies: by-value ones, plus function-pointer signatures (C needs the typedef of a
    // callback's parameter types declared before it; pointers are forward-declared).
    let deps: Vec<Vec<usize>> = defs
        .iter()
        .map(|d| {
            let mut v: Vec<usize> = d
                .by_value_dependencies()
                .iter()
                .map(|id| id.0 as usize)
                .collect();
            v.extend(fn_ptr_value_deps(d));
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let mut by_name: Vec<usize> = (0..n).collect();
    by_name.sort_by(|a, b| {
        (&defs[*a].name, &defs[*a].rust_path).cmp(&(&defs[*b].name, &defs[*b].rust_path))
    });
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut order = Vec::with_capacity(n);
    for &start in &by_name {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next dependency index).
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Active;
        while let Some((node, next)) = stack.pop() {
            if let Some(&dep) = deps[node].get(next) {
                stack.push((node, next + 1));
                match mark[dep] {
                    Mark::New => {
                        mark[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        return Err(Diagnostic::error(format!(
                            "`{}` contains itself by value, so it has no finite size",
                            defs[dep].rust_path
                        ))
                        .hint("put the recursive field behind a pointer"));
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                order.push(node);
            }
        }
    }
    let mut new_id = vec![0u32; n];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new as u32;
    }
    let remap = |id: TypeId| TypeId(new_id[id.0 as usize]);
    let mut slots: BTreeMap<usize, (TypeDef, RustTypeInfo)> =
        defs.into_iter().zip(rust).enumerate().collect();
    let mut sorted_defs = Vec::with_capacity(n);
    let mut sorted_rust = Vec::with_capacity(n);
    for old in order {
        if let Some((def, info)) = slots.remove(&old) {
            sorted_defs.push(def);
            sorted_rust.push(info);
        }
    }
    model.types = sorted_defs;
    model.remap_ids(&remap);
    Ok(sorted_rust)
}

fn fn_ptr_value_deps(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    if let TypeKind::FnPtr { sig } = &def.kind {
        for ty in sig
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(std::iter::once(&sig.ret))
        {
            if let Some(id) = ty.by_value_dependency() {
                out.push(id.0 as usize);
            }
        }
    }
    out
}
