use serde::{Deserialize, Serialize};

use super::{Deprecation, Docs, Guard, Span, TypeRef};

/// An exported function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// The linker symbol (`#[export_name]` or the Rust identifier).
    pub name: String,
    /// Full Rust path (`crate::engine::Engine::start` for a function in an `impl` block).
    pub rust_path: String,
    pub docs: Docs,
    pub span: Span,
    /// The preprocessor condition the item exists under; empty for items in every build.
    #[serde(default, skip_serializing_if = "Guard::is_always")]
    pub guard: Guard,
    pub sig: FnSig,
    /// `#[deprecated]` on the Rust item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}

/// Parameters and return type of a function or function pointer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FnSig {
    pub params: Vec<Param>,
    /// [`TypeRef::Void`] for `()`.
    pub ret: TypeRef,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Param {
    /// The Rust parameter name; `_` and patterns become `arg<index>`.
    pub name: String,
    pub ty: TypeRef,
}
