//! Attributes read by the interoptopus generator.
//!
//! They change nothing in the compiled code: the build-time scanner reads them from the source
//! (`name = "..."`, `opaque`, `skip`). They exist as real attributes so that rustc accepts
//! them on stable Rust. Misuse checks and code generation (services, panic guards) belong to
//! the patterns work that builds on this crate.

use proc_macro::TokenStream;

/// On a struct, enum or union: `#[ffi_type(name = "CName")]` exports it under another name;
/// `#[ffi_type(opaque)]` exports it as an opaque handle even if it is `#[repr(C)]`.
#[proc_macro_attribute]
pub fn ffi_type(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// On a `const`: `#[ffi_constant]` exports it even when not `pub`;
/// `#[ffi_constant(skip)]` leaves a `pub const` out; `name = "..."` renames it.
#[proc_macro_attribute]
pub fn ffi_constant(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
