use interoptopus::ffi_type;

#[ffi_type(skip)]
#[repr(C)]
pub struct Point {
    pub x: f32,
}

fn main() {}
