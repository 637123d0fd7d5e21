//! Size, alignment and field offsets of every model type for one target, from the `repr` rules.
//!
//! This is the third party in layout verification: rustc knows the real layout, the C compiler
//! knows what the header declares, and these numbers are what every emitter relies on (C#
//! explicit layouts, Python offset checks). `interoptopus-build` checks that all three agree.

mod compute;
mod target;

pub use compute::LayoutError;
pub use target::TargetInfo;

use serde::{Deserialize, Serialize};

use crate::model::{Model, TypeId, TypeRef};

/// Layout of one type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeLayout {
    pub size: u64,
    pub align: u64,
    /// Struct and union fields, in declaration order. For tagged unions: the tag only.
    pub fields: Vec<FieldLayout>,
    /// Tagged unions: offset of the payload union (the first byte after the tag, aligned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_offset: Option<u64>,
    /// Tagged unions: each variant's fields, with offsets from the start of the whole value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantLayout>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLayout {
    pub name: String,
    pub offset: u64,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantLayout {
    pub name: String,
    pub fields: Vec<FieldLayout>,
}

/// Layouts of every type in a [`Model`], indexed by [`TypeId`]. Opaque types have none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layouts {
    pub target: TargetInfo,
    pub types: Vec<Option<TypeLayout>>,
}

impl Layouts {
    /// Computes every layout; fails on what no C compiler could lay out (an overflowing array,
    /// a value of opaque type, …).
    pub fn compute(model: &Model, target: &TargetInfo) -> Result<Layouts, LayoutError> {
        compute::compute(model, target)
    }

    pub fn of(&self, id: TypeId) -> Option<&TypeLayout> {
        self.types.get(id.0 as usize).and_then(Option::as_ref)
    }

    /// `(size, align)` of a type use; `None` for `void` and opaque types.
    pub fn size_align(&self, ty: &TypeRef) -> Option<(u64, u64)> {
        compute::size_align(&self.target, &self.types, ty)
    }
}

#[cfg(all(test, feature = "fixtures"))]
mod tests;
