//! The model as one build sees it: only the items whose guard holds.
//!
//! A C header can keep every feature set behind `#if defined(..)`; a language without a
//! preprocessor (C#, Python) cannot, so it is handed this view instead (see
//! [`Emitter::understands_guards`](crate::Emitter::understands_guards)).

use crate::layout::Layouts;
use crate::model::{Model, TypeId};

/// The items of `model` active in its build, with their layouts; type ids renumbered (order
/// kept). A model without guards comes back unchanged.
pub fn active_subset(model: &Model, layouts: &Layouts) -> (Model, Layouts) {
    let kept: Vec<bool> = model
        .types
        .iter()
        .map(|t| model.is_active(&t.guard))
        .collect();
    let mut new_id = Vec::with_capacity(kept.len());
    let mut next = 0u32;
    for k in &kept {
        new_id.push(next);
        next += u32::from(*k);
    }
    let mut out = model.clone();
    out.types = model
        .types
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(t, _)| t.clone())
        .collect();
    out.functions.retain(|f| model.is_active(&f.guard));
    out.constants.retain(|c| model.is_active(&c.guard));
    out.statics.retain(|s| model.is_active(&s.guard));
    out.patterns
        .retain(|p| kept.get(p.ty.0 as usize).copied().unwrap_or(false));
    out.services
        .retain(|s| kept.get(s.handle.0 as usize).copied().unwrap_or(false));
    let names: Vec<&str> = out.functions.iter().map(|f| f.name.as_str()).collect();
    for s in &mut out.services {
        s.constructors.retain(|c| names.contains(&c.as_str()));
        s.methods.retain(|m| names.contains(&m.as_str()));
    }
    // Propagation in lowering gives every user of a type at least that type's guard, so an
    // active item only refers to active types; a stale id would be a bug there.
    out.remap_ids(&|id: TypeId| TypeId(new_id.get(id.0 as usize).copied().unwrap_or(id.0)));
    let out_layouts = Layouts {
        target: layouts.target.clone(),
        types: layouts
            .types
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(l, _)| l.clone())
            .collect(),
    };
    (out, out_layouts)
}

#[cfg(all(test, feature = "fixtures"))]
mod tests {
    use super::*;
    use crate::model::{Guard, GuardCondition, GuardMacro, TypeRef};
    use crate::TargetInfo;

    #[test]
    fn inactive_items_go_and_ids_follow() {
        let mut model = crate::fixtures::kitchen_sink();
        let target = TargetInfo::x86_64_linux();
        let off = Guard::new([GuardCondition::new("OFF", false)]);
        model.guard_macros = vec![GuardMacro {
            name: "OFF".into(),
            predicate: "feature = \"off\"".into(),
            defined: false,
        }];
        // Guard the first type and, as lowering would, everything that mentions it.
        model.types[0].guard = off.clone();
        let guarded = |model: &Model, r: &TypeRef| {
            let mut hit = false;
            r.visit_named(&mut |id| hit |= !model.types[id.0 as usize].guard.is_always());
            hit
        };
        loop {
            let mut changed = false;
            for i in 0..model.types.len() {
                let hit = model.types[i]
                    .mentions()
                    .iter()
                    .any(|id| !model.types[id.0 as usize].guard.is_always());
                if hit && model.types[i].guard.is_always() {
                    model.types[i].guard = off.clone();
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for f in 0..model.functions.len() {
            let sig = model.functions[f].sig.clone();
            if sig.params.iter().any(|p| guarded(&model, &p.ty)) || guarded(&model, &sig.ret) {
                model.functions[f].guard = off.clone();
            }
        }
        for s in 0..model.statics.len() {
            if guarded(&model, &model.statics[s].ty.clone()) {
                model.statics[s].guard = off.clone();
            }
        }
        let dropped = model.types.iter().filter(|t| !t.guard.is_always()).count();
        let layouts = Layouts::compute(&model, &target).unwrap_or_else(|e| panic!("{e:?}"));
        let (active, active_layouts) = active_subset(&model, &layouts);
        assert!(dropped >= 1);
        assert_eq!(active.types.len(), model.types.len() - dropped);
        assert_eq!(active_layouts.types.len(), active.types.len());
        let kept: Vec<usize> = (0..model.types.len())
            .filter(|i| model.types[*i].guard.is_always())
            .collect();
        for (new, old) in kept.iter().enumerate() {
            assert_eq!(active.types[new].name, model.types[*old].name);
            assert_eq!(active_layouts.types[new], layouts.types[*old]);
        }
        assert!(active.functions.iter().all(|f| f.guard.is_always()));
        // Every id still points inside the smaller table.
        let n = active.types.len() as u32;
        let mut probe = active.clone();
        probe.remap_ids(&|id| {
            assert!(id.0 < n, "stale id {id:?}");
            id
        });
    }
}
