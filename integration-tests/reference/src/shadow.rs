//! A second `Vec3` in another module: a distinct type, exported under its own name.

/// Integer grid coordinates (not `geometry::Vec3`).
#[interoptopus::ffi_type(name = "GridVec3")]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec3 {
    pub x: i32,
    pub y: i32,
    pub z: i32,
}

/// Manhattan length of a grid vector.
#[no_mangle]
pub extern "C" fn grid_length(v: Vec3) -> i32 {
    v.x.abs() + v.y.abs() + v.z.abs()
}
