//! The order types are written in, and which need a forward declaration.
//!
//! The model's order guarantees that by-value dependencies come first. C needs a little more:
//! a typedef name must be *declared* before any use, even behind a pointer. Structs and unions
//! (and opaque types) can be declared early with `typedef struct X X;`, but enums, aliases and
//! function pointer typedefs cannot, so those must be defined before anything mentions them.
//! This module keeps the model's order wherever that already works (a stable topological
//! sort), moves an alias or enum up only when needed, and lists the structs that are mentioned
//! before their definition so they get a forward declaration.

use std::collections::BTreeSet;

use interoptopus_core::model::{Model, TypeId, TypeKind};
use interoptopus_core::EmitError;

use crate::error::emit_error;

/// The result of planning.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    /// Types in writing order.
    pub order: Vec<TypeId>,
    /// Per type id: gets a `typedef struct X X;` before all definitions.
    pub forward: Vec<bool>,
}

/// Whether a type can be declared before its definition.
pub(crate) fn forward_declarable(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Struct { .. }
            | TypeKind::Union { .. }
            | TypeKind::TaggedUnion { .. }
            | TypeKind::Opaque
    )
}

/// Named types mentioned anywhere in a definition (by value or behind pointers).
fn mentions(kind: &TypeKind) -> BTreeSet<TypeId> {
    let mut out = BTreeSet::new();
    for ty in kind.type_refs() {
        ty.visit_named(&mut |id| {
            out.insert(id);
        });
    }
    out
}

pub(crate) fn plan(model: &Model) -> Result<Plan, Vec<EmitError>> {
    let n = model.types.len();
    let valid = |id: &TypeId| (id.0 as usize) < n;
    // must_follow[x] = types that have to be written before x.
    let mut must_follow: Vec<BTreeSet<TypeId>> = Vec::with_capacity(n);
    for def in &model.types {
        let mut deps: BTreeSet<TypeId> = def
            .by_value_dependencies()
            .into_iter()
            .filter(valid)
            .collect();
        for id in mentions(&def.kind).into_iter().filter(valid) {
            if !forward_declarable(&model.types[id.0 as usize].kind) {
                deps.insert(id);
            }
        }
        must_follow.push(deps);
    }

    // Model order, except that a type's unwritten hard dependencies are pulled up right before
    // it (depth first), so the model's order survives wherever it already works.
    let mut state = vec![Visit::New; n];
    let mut order = Vec::with_capacity(n);
    for i in 0..n {
        if let Err((mut cycle, _)) = visit(i, &must_follow, &mut state, &mut order) {
            cycle.reverse();
            let names: Vec<&str> = cycle
                .iter()
                .map(|&i| model.types[i].rust_path.as_str())
                .collect();
            let first = names.first().copied().unwrap_or("");
            return Err(vec![emit_error(
                first,
                format!(
                    "these types refer to each other in a way C cannot declare: {}",
                    names.join(" -> ")
                ),
                Some("break the cycle with a struct: only structs and unions can be declared before they are defined"),
            )]);
        }
    }

    let mut position = vec![0usize; n];
    for (pos, id) in order.iter().enumerate() {
        position[id.0 as usize] = pos;
    }
    let mut forward = vec![false; n];
    for (i, def) in model.types.iter().enumerate() {
        if matches!(def.kind, TypeKind::Opaque) {
            forward[i] = true;
        }
        for id in mentions(&def.kind).into_iter().filter(valid) {
            let j = id.0 as usize;
            if forward_declarable(&model.types[j].kind) && position[j] >= position[i] {
                forward[j] = true;
            }
        }
    }
    Ok(Plan { order, forward })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    InProgress,
    Done,
}

/// A dependency cycle found while visiting: the types on it, innermost first, and whether
/// the walk back has reached the type that closes it.
type Cycle = (Vec<usize>, bool);

/// Writes `i` after its dependencies; on a cycle returns the types on it.
fn visit(
    i: usize,
    must_follow: &[BTreeSet<TypeId>],
    state: &mut [Visit],
    order: &mut Vec<TypeId>,
) -> Result<(), Cycle> {
    match state[i] {
        Visit::Done => return Ok(()),
        Visit::InProgress => return Err((vec![i], false)),
        Visit::New => {}
    }
    state[i] = Visit::InProgress;
    for dep in &must_follow[i] {
        if let Err((mut cycle, mut closed)) = visit(dep.0 as usize, must_follow, state, order) {
            if !closed {
                cycle.push(i);
                closed = cycle.first() == Some(&i);
            }
            return Err((cycle, closed));
        }
    }
    state[i] = Visit::Done;
    order.push(TypeId(i as u32));
    Ok(())
}

#[cfg(test)]
mod tests;
