use interoptopus::ffi_function;

#[repr(C)]
pub struct Point {
    pub x: f32,
}

#[ffi_function(panic)]
pub fn origin() -> Point {
    Point { x: 0.0 }
}

fn main() {}
