//! Function pointers in arguments, returns and fields; called from Rust.

use crate::geometry::Vec3;

/// Called with each value; returns whether to continue.
pub type Visitor = extern "C" fn(value: u32, user: *mut core::ffi::c_void) -> bool;

/// A callback and the data it needs, as one struct.
#[repr(C)]
pub struct Transformer {
    pub apply: extern "C" fn(Vec3) -> Vec3,
    pub on_done: Option<extern "C" fn(count: u32)>,
}

/// Calls `visitor` with 1..=`count` until it returns false; returns how many calls it made.
#[no_mangle]
pub extern "C" fn visit_numbers(count: u32, visitor: Visitor, user: *mut core::ffi::c_void) -> u32 {
    let mut calls = 0;
    for i in 1..=count {
        calls += 1;
        if !visitor(i, user) {
            break;
        }
    }
    calls
}

/// Applies the callback, or returns `v` unchanged when there is none.
#[no_mangle]
pub extern "C" fn apply_optional(v: Vec3, f: Option<unsafe extern "C" fn(Vec3) -> Vec3>) -> Vec3 {
    match f {
        Some(f) => unsafe { f(v) },
        None => v,
    }
}

/// Runs the transformer over `v` and reports one call to `on_done`.
#[no_mangle]
pub extern "C" fn run_transformer(t: &Transformer, v: Vec3) -> Vec3 {
    let out = (t.apply)(v);
    if let Some(done) = t.on_done {
        done(1);
    }
    out
}

extern "C" fn double_it(x: i32) -> i32 {
    x * 2
}

/// Returns a Rust function the foreign side can call.
#[no_mangle]
pub extern "C" fn get_doubler() -> extern "C" fn(i32) -> i32 {
    double_it
}
