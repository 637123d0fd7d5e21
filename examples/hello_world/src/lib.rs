//! A game engine's whole C API: one struct, one function.

interoptopus::layout_checks!();

/// A point or direction in 3D space.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

/// Moves `input` one unit up; with no input, returns the origin moved up.
#[no_mangle]
pub extern "C" fn my_game_function(input: Option<&Vec3>) -> Vec3 {
    let v = input.copied().unwrap_or_default();
    Vec3 { y: v.y + 1.0, ..v }
}
