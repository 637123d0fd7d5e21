//! Attributes for crates whose C ABI interoptopus exports.
//!
//! The build-time scanner (`interoptopus-build`) reads these attributes from the source; the
//! macros here make rustc agree with what it reads: they check the item (misuse is a compile
//! error pointing at the offending tokens), add `#[no_mangle]`/`extern "C"`, wrap bodies in
//! panic guards, implement the runtime traits for error enums, and generate the exported
//! functions of services. Generated code refers to the runtime crate as `::interoptopus`.

mod checks;
mod function;
mod service;
mod tokens;
mod ty;

use proc_macro::TokenStream;

/// On a struct, enum or union.
///
/// * `#[ffi_type(name = "CName")]` exports it under another name.
/// * `#[ffi_type(opaque)]` exports it as an opaque handle even if it is `#[repr(C)]`.
/// * `#[ffi_type(error)]` on a fieldless `#[repr(C)]` (or integer-repr) enum marks it as an
///   error enum: the variant with value 0 means success. It implements
///   `interoptopus::ErrorEnum`, and `interoptopus::Fallback` when a panic variant exists: the
///   one named by `panic = Variant`, else one called `Panic`. `null = Variant` (default: a
///   variant called `Null` or `NullPointer`, else the panic variant) is returned for null
///   handles.
///
/// On a field of the struct, `#[ffi(skip)]` leaves the field out of the C type (and so out of
/// every language's bindings); the macro removes the attribute before rustc sees it. A
/// skipped field still occupies memory in a `#[repr(C)]` struct, so only zero-sized fields can
/// be skipped: a marker such as `PhantomData<&'a T>` or a unit struct with no C meaning. The
/// build script rejects a skipped field whose type it knows is not zero-sized, and for types it
/// cannot size the layout check of `interoptopus::layout_checks!()` makes rustc prove that the
/// struct's size still matches.
///
/// ```
/// use core::marker::PhantomData;
/// use interoptopus::ffi_type;
/// # pub struct Buffer;
///
/// #[ffi_type]
/// #[repr(C)]
/// pub struct View<'a> {
///     pub len: u32,
///     #[ffi(skip)]
///     pub owner: PhantomData<&'a Buffer>,
/// }
/// # assert_eq!(core::mem::size_of::<View<'static>>(), 4);
/// ```
///
/// rustc's `improper_ctypes_definitions` lint does not know about skipping: a marker type
/// without `#[repr(C)]` makes it warn at `extern "C"` functions taking the struct (a
/// `PhantomData` marker does not).
#[proc_macro_attribute]
pub fn ffi_type(args: TokenStream, item: TokenStream) -> TokenStream {
    ty::expand(args.into(), item.into()).into()
}

/// On a `const`: `#[ffi_constant]` exports it even when not `pub`;
/// `#[ffi_constant(skip)]` leaves a `pub const` out; `name = "..."` renames it.
#[proc_macro_attribute]
pub fn ffi_constant(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// On a function (free or in an inherent `impl`): exports it. Adds `#[no_mangle]` (unless it
/// has `#[no_mangle]` or `#[export_name]`) and `extern "C"` (unless it has a C ABI).
///
/// * `#[ffi_function(panic)]` catches a panic at the boundary and returns the return type's
///   `interoptopus::Fallback::on_panic()` value: the error enum's panic variant, an
///   `FfiResult` carrying it, `0`, `false`, null, empty or none.
/// * `#[ffi_function(panic = <expr>)]` returns `<expr>` instead.
///
/// Without `panic`, a panic that reaches the `extern "C"` boundary aborts the process.
#[proc_macro_attribute]
pub fn ffi_function(args: TokenStream, item: TokenStream) -> TokenStream {
    function::expand(args.into(), item.into()).into()
}

/// On an inherent `impl` of an opaque type (a struct without `#[repr(C)]`): exports its
/// public functions as a service.
///
/// * `pub fn new(args…) -> Result<Self, E>` (any name; `E` an `#[ffi_type(error)]` enum)
///   becomes the constructor `<prefix>new(out: *mut *mut T, args…) -> E`.
/// * `pub fn m(&self, args…) -> R` / `&mut self` becomes `<prefix>m(this: *const T / *mut T,
///   args…) -> R`; a `Result<(), E>` return becomes `E`, `Result<V, E>` becomes
///   `interoptopus::FfiResult<V, E>`.
/// * `<prefix>destroy(this: *mut T)` frees the value (null is ignored).
///
/// Every generated function catches panics (returning the `Fallback` value) and treats a null
/// handle as an error. `prefix` defaults to the type's name in snake case plus `_`:
/// `#[ffi_service(prefix = "eng_")]` overrides it. Private functions stay Rust-only.
#[proc_macro_attribute]
pub fn ffi_service(args: TokenStream, item: TokenStream) -> TokenStream {
    service::expand(args.into(), item.into()).into()
}
