//! The language-neutral model of a crate's C ABI.
//!
//! The model is what `interoptopus-build` produces after scanning and lowering, and the only
//! thing emitters read. It is fully resolved (no paths left to look up), deterministic (types
//! are dependency-sorted with ties broken by name) and serializable, so that an emitter written
//! in any language can consume it as JSON (see [`SCHEMA_VERSION`]).

mod constant;
mod deprecation;
mod function;
mod guard;
mod pattern;
mod remap;
mod span;
mod ty;
mod type_def;
mod wide_int;

pub use constant::{ConstValue, Constant, Static};
pub use deprecation::Deprecation;
pub use function::{FnSig, Function, Param};
pub use guard::{Guard, GuardCondition, GuardMacro};
pub use pattern::{Fingerprint, Pattern, Service, TypePattern};
pub use span::{Docs, Span};
pub use ty::{IntKind, PointerKind, Primitive, TypeId, TypeRef};
pub use type_def::{DataVariant, EnumVariant, Field, StructRepr, TagStyle, TypeDef, TypeKind};

use serde::{Deserialize, Serialize};

/// Bumped whenever the JSON shape of [`Model`] changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole exported API of one crate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub schema_version: u32,
    /// The package name (`my-lib`).
    pub package: String,
    /// The library target's name (`my_lib`), which names the shared library and default files.
    pub lib_name: String,
    /// Named types in dependency order: a type only refers *by value* to types before it.
    /// [`TypeId`] indexes this vector.
    pub types: Vec<TypeDef>,
    pub functions: Vec<Function>,
    pub constants: Vec<Constant>,
    pub statics: Vec<Static>,
    /// Idioms behind some types (slices, strings, options, errors, callbacks with state).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<TypePattern>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<Fingerprint>,
    /// The macros item guards name, sorted by name (empty when no cfg predicate is guarded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guard_macros: Vec<GuardMacro>,
}

impl Model {
    pub fn new(package: impl Into<String>, lib_name: impl Into<String>) -> Self {
        Model {
            schema_version: SCHEMA_VERSION,
            package: package.into(),
            lib_name: lib_name.into(),
            types: Vec::new(),
            functions: Vec::new(),
            constants: Vec::new(),
            statics: Vec::new(),
            patterns: Vec::new(),
            services: Vec::new(),
            fingerprint: None,
            guard_macros: Vec::new(),
        }
    }

    /// The definition behind a [`TypeId`].
    ///
    /// Ids are only ever created by the code that builds the model, so an out-of-range id is a
    /// bug in that code, not in user input.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    /// The pattern behind a type, if any.
    pub fn pattern(&self, id: TypeId) -> Option<&Pattern> {
        self.patterns
            .iter()
            .find(|p| p.ty == id)
            .map(|p| &p.pattern)
    }

    /// Whether any item is `#[deprecated]` (emitters add their machinery only then).
    pub fn has_deprecations(&self) -> bool {
        self.types.iter().any(|t| {
            t.deprecated.is_some()
                || matches!(&t.kind, TypeKind::Enum { variants, .. }
                    if variants.iter().any(|v| v.deprecated.is_some()))
        }) || self.functions.iter().any(|f| f.deprecated.is_some())
            || self.constants.iter().any(|c| c.deprecated.is_some())
            || self.statics.iter().any(|s| s.deprecated.is_some())
    }

    /// Whether a guard holds in the build the model comes from: every positive condition names
    /// a macro whose predicate holds, every negated one a macro whose predicate does not.
    pub fn is_active(&self, guard: &Guard) -> bool {
        guard.holds(&|name| {
            self.guard_macros
                .iter()
                .any(|m| m.name == name && m.defined)
        })
    }

    /// Every type id with its definition, in dependency order.
    pub fn types_with_ids(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.types
            .iter()
            .enumerate()
            .map(|(i, t)| (TypeId(i as u32), t))
    }
}

#[cfg(all(test, feature = "fixtures"))]
mod tests {
    #[test]
    fn json_round_trip_keeps_extreme_values() {
        let model = crate::fixtures::kitchen_sink();
        let text = serde_json::to_string(&model).unwrap_or_else(|e| panic!("{e}"));
        let back: super::Model = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, model);
        assert!(
            text.contains("18446744073709551615"),
            "u64::MAX written as a plain number"
        );
    }
}
