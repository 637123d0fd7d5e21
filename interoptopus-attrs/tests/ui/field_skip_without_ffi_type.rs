// `#[ffi(skip)]` is read by `#[ffi_type]`; without it rustc does not know the attribute (the
// build script reports the same field with a hint to add `#[ffi_type]`).
pub struct Marker;

#[repr(C)]
pub struct Plain {
    pub a: u32,
    #[ffi(skip)]
    pub marker: Marker,
}

fn main() {}
