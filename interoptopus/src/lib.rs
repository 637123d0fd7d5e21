//! Runtime side of interoptopus: the FFI-safe pattern types a crate's `extern "C"` API uses,
//! the attributes the generator understands, and the macro that includes what the generator
//! wrote for the crate.
//!
//! | type | C layout | meaning |
//! |------|----------|---------|
//! | [`Slice<T>`] / [`SliceMut<T>`] | `{ ptr, len }` | borrowed array; null with `len` 0 is empty |
//! | [`StrView`] | `{ ptr, len }` | borrowed UTF-8, not NUL-terminated |
//! | [`CStrPtr`] | `const char *` | borrowed NUL-terminated string |
//! | [`OwnedString`] / [`OwnedVec<T>`] | `{ ptr, len, capacity }` | Rust-allocated, released by a generated free function |
//! | [`FfiOption<T>`] | `{ value, is_some }` | optional value |
//! | [`Bool`] | `uint8_t` | boolean of exactly one byte |
//! | [`FfiResult<T, E>`] | `{ value, error }` | value or error code |
//! | [`Callback<F>`] | `{ call, data, drop }` | function pointer with user data and destructor |
//!
//! Error enums are `#[ffi_type(error)]` enums (value 0 = success); `#[ffi_function(panic)]`
//! turns panics into the return type's [`Fallback`] value; `#[ffi_service]` exports an
//! opaque type's constructors, methods and destructor.

mod callback;
mod error;
mod option;
mod slice;
mod string;
mod vec;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use callback::{Callback, CallbackFn, DropFn};
pub use error::{ErrorEnum, Fallback, FfiResult};
pub use interoptopus_attrs::{ffi_constant, ffi_function, ffi_service, ffi_type};
pub use option::{Bool, FfiOption};
pub use slice::{Slice, SliceError, SliceMut};
pub use string::{CStrPtr, OwnedString, StrError, StrView};
pub use vec::OwnedVec;

/// Includes what `interoptopus-build` wrote to `OUT_DIR` for this crate. Put it once in the
/// crate root (`lib.rs`).
///
/// * **Layout checks**: every exported type's size, alignment and field offsets, as the
///   generator computed them, are checked by rustc against the real type while the crate
///   compiles; a mismatch is a compile error that names the type and field and shows both
///   numbers (`expected an array with a size of 12, found one with a size of 16`).
/// * **Exported support functions**: `<lib>_api_fingerprint()`, which the bindings call when
///   they load to refuse a library built from another API, and `<lib>_free_<Type>` for every
///   [`OwnedString`] / [`OwnedVec`] type the API returns. Without this macro the generator
///   reports an error for owned types and the bindings skip the fingerprint check.
#[macro_export]
macro_rules! layout_checks {
    () => {
        include!(concat!(env!("OUT_DIR"), "/interoptopus_layout_checks.rs"));
        include!(concat!(env!("OUT_DIR"), "/interoptopus_support.rs"));
    };
}
