use interoptopus::ffi_type;

pub struct Marker;

#[ffi_type]
#[ffi(skip)]
#[repr(C)]
pub struct OnStruct {
    pub a: u32,
}

#[ffi_type]
#[repr(u8)]
pub enum OnVariant {
    #[ffi(skip)]
    A,
    B(u32, #[ffi(skip)] Marker),
}

#[ffi_type]
#[repr(C)]
pub union OnUnionField {
    pub a: u32,
    #[ffi(skip)]
    pub b: f32,
}

fn main() {}
