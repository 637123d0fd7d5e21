//! Functions the language benchmarks call in tight loops: as little Rust work as possible, so
//! that what is measured is the binding's own overhead.

use crate::geometry::Vec3;

/// Does nothing.
#[no_mangle]
pub extern "C" fn bench_noop() {}

#[no_mangle]
pub extern "C" fn bench_add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

/// A 3-float struct by value, in and out.
#[no_mangle]
pub extern "C" fn bench_vec3(v: Vec3) -> Vec3 {
    Vec3 {
        x: v.x + 1.0,
        y: v.y,
        z: v.z,
    }
}

/// Calls `callback` once with `value` and returns what it returned.
#[no_mangle]
pub extern "C" fn bench_callback(callback: extern "C" fn(u32) -> u32, value: u32) -> u32 {
    callback(value)
}
