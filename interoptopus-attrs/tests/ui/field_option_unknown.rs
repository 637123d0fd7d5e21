use interoptopus::ffi_type;

pub struct Marker;

#[ffi_type]
#[repr(C)]
pub struct Options {
    pub a: u32,
    #[ffi(skipp)]
    pub misspelled: Marker,
    #[ffi(skip = true)]
    pub with_value: Marker,
    #[ffi]
    pub bare: Marker,
    #[ffi(skip, rename = "m")]
    pub two: Marker,
}

fn main() {}
