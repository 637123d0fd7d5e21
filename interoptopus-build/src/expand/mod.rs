//! Stage 1b: expand the crate's own `macro_rules!` macros where they write items.
//!
//! Many C APIs are written through a wrapper macro (`ffi_fn! { fn name(..) -> T { .. } }`
//! expanding to `#[no_mangle] pub extern "C" fn …`); without expanding it the exports are
//! invisible. rustc's expander is not available on stable, so this is an interpreter for
//! declarative macros over proc-macro2 token trees:
//! - `definition.rs` reads a `macro_rules!` into rules (compiled matcher + body);
//! - `matcher.rs` matches an invocation against a rule the way rustc does (all repetition
//!   choices in parallel, fragments parsed by syn, see `fragment.rs`);
//! - `transcribe.rs` writes the body out with the bindings;
//! - `registry.rs` decides which macro a path means (textual and path-based scope);
//! - `expansion.rs` runs one invocation through those and reports what fails;
//! - `walk.rs` visits the crate.
//!
//! The walk visits modules in source order, carrying the textual macro scope, and
//! replaces every item-position invocation of a crate-local macro with the items it expands
//! to: cfg-stripped for the target exactly like scanned items, expanded again if they invoke
//! macros themselves (up to [`RECURSION_LIMIT`] levels), and inline modules among them become
//! modules of the crate. Macros from elsewhere (`println!`, `lazy_static!`, …) are not
//! exports and are left alone; an invocation of ours that cannot be expanded is an error at
//! the invocation. Invocations inside function bodies and `impl` blocks are not looked at.

mod attr_values;
mod definition;
mod expansion;
mod fragment;
mod matcher;
mod paste;
mod registry;
mod transcribe;
mod walk;

#[cfg(test)]
mod tests;

use crate::diagnostic::Diagnostic;
use crate::scan::{CfgContext, ScannedCrate};
use registry::{Registry, Scope};
use walk::{reorder_modules, Expander};

/// How deep macro expansions may nest (a macro whose output invokes a macro …); rustc's default
/// `recursion_limit` is the same.
pub const RECURSION_LIMIT: usize = 128;

/// Expands item-position invocations of the crate's own `macro_rules!` macros in place.
///
/// `cfg` evaluates `#[cfg]` on expanded items, as `scan` did for written ones. An entry of
/// `exclude` of the form `crate::module::name!` leaves that module's invocations of `name!`
/// unexpanded (`crate::name!` for the crate root): the quiet way past a macro this interpreter
/// cannot handle. Returns the warnings, or every error found.
pub fn expand_macros(
    krate: &mut ScannedCrate,
    cfg: &CfgContext,
    exclude: &[String],
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut expander = Expander {
        cfg,
        exclude,
        registry: Registry::build(krate),
        index: krate
            .modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.path.clone(), i))
            .collect(),
        errors: Vec::new(),
        warnings: Vec::new(),
        added_modules: false,
    };
    if let Some(&root) = expander.index.get(&Vec::new()) {
        expander.module(krate, root, Scope::new());
    }
    if expander.added_modules {
        reorder_modules(krate);
    }
    if expander.errors.iter().any(Diagnostic::is_error) {
        return Err(expander.errors);
    }
    Ok(expander.warnings)
}
