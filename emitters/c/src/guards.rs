//! `#if defined(..)` regions around guarded items, so one header serves every feature set the
//! guards describe.
//!
//! Items keep the model's order; consecutive items with the same guard share one region. The
//! order stays valid under every combination of macros because lowering gives each item at
//! least the guards of every type it names: whenever an item is compiled, so is everything it
//! mentions, and that was written before it. Only `#if`, `defined`, `!`, `&&` and block
//! comments are used, all of which C89 has.

use interoptopus_core::model::{Guard, Model};
use interoptopus_core::writer::CodeWriter;

use crate::config::DocStyle;
use crate::docs::write_comment;

/// The region being written; items go through [`GuardRegion::enter`].
#[derive(Default)]
pub(crate) struct GuardRegion {
    open: Guard,
}

impl GuardRegion {
    /// Makes `guard` the condition of what is written next: closes the open region when it
    /// differs, and opens one unless `guard` is empty.
    pub(crate) fn enter(&mut self, w: &mut CodeWriter, guard: &Guard) {
        if *guard == self.open {
            return;
        }
        if self.close(w) {
            w.blank();
        }
        if !guard.is_always() {
            w.line(format!("#if {}", guard.to_c_condition()));
            self.open = guard.clone();
        }
    }

    /// Ends the open region, if any; returns whether there was one.
    pub(crate) fn close(&mut self, w: &mut CodeWriter) -> bool {
        if self.open.is_always() {
            return false;
        }
        w.line(format!("#endif /* {} */", self.open.to_c_condition()));
        self.open = Guard::default();
        true
    }
}

/// The header's note on its guard macros: which cfg each stands for. Nothing without guards.
pub(crate) fn write_guard_notes(w: &mut CodeWriter, style: DocStyle, model: &Model) {
    if model.guard_macros.is_empty() {
        return;
    }
    let mut lines = vec![
        "Feature guards: parts of this header exist only when their macro is defined.".to_string(),
        "Define each macro (e.g. `-DNAME`) exactly when the library was built with its cfg:"
            .to_string(),
    ];
    for g in &model.guard_macros {
        lines.push(format!("  {}: cfg({})", g.name, g.predicate));
    }
    write_comment(w, style, &lines);
    w.blank();
}
