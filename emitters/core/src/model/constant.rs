use serde::{Deserialize, Serialize};

use super::{Deprecation, Docs, Guard, Primitive, Span, TypeRef};

/// A `pub const` of primitive type, its value computed at generation time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Constant {
    pub name: String,
    pub rust_path: String,
    pub docs: Docs,
    pub span: Span,
    /// The preprocessor condition the item exists under; empty for items in every build.
    #[serde(default, skip_serializing_if = "Guard::is_always")]
    pub guard: Guard,
    pub ty: Primitive,
    pub value: ConstValue,
    /// `#[deprecated]` on the Rust item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum ConstValue {
    /// Already truncated/extended to the constant's type, as rustc would.
    Int(#[serde(with = "super::wide_int")] i128),
    Float(f64),
    Bool(bool),
}

/// A `#[no_mangle] pub static`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Static {
    /// The linker symbol.
    pub name: String,
    pub rust_path: String,
    pub docs: Docs,
    pub span: Span,
    /// The preprocessor condition the item exists under; empty for items in every build.
    #[serde(default, skip_serializing_if = "Guard::is_always")]
    pub guard: Guard,
    pub ty: TypeRef,
    pub mutable: bool,
    /// `#[deprecated]` on the Rust item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}
