use core::marker::PhantomData;

use interoptopus::ffi_type;

// Fields are skipped at the field, not listed on the type.
#[ffi_type(skip(marker))]
#[repr(C)]
pub struct Listed<T> {
    pub x: f32,
    pub marker: PhantomData<T>,
}

// A bare `skip` on a type is not a way to exclude it either.
#[ffi_type(skip)]
#[repr(C)]
pub struct Excluded {
    pub x: f32,
}

fn main() {}
