use interoptopus::ffi_type;

#[ffi_type(transparent)]
#[repr(C)]
pub struct Point {
    pub x: f32,
}

fn main() {}
