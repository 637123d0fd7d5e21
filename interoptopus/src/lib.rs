//! Runtime side of interoptopus: the attributes the generator understands, and the macro that
//! lets rustc check the generated layout numbers against the real types.

pub use interoptopus_attrs::{ffi_constant, ffi_type};

/// Pulls in the Rust-side layout assertions that `interoptopus-build` wrote to `OUT_DIR`.
///
/// Put it once in the crate root (`lib.rs`). Every exported type's size, alignment and field
/// offsets, as the generator computed them, are then checked by rustc against the real type
/// while the crate compiles; a mismatch is a compile error that names the type and field and
/// shows both numbers (`expected an array with a size of 12, found one with a size of 16`).
#[macro_export]
macro_rules! layout_checks {
    () => {
        include!(concat!(env!("OUT_DIR"), "/interoptopus_layout_checks.rs"));
    };
}
