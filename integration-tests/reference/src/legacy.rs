//! A deprecated corner of the API (`#[deprecated]` in its three forms) and exported static
//! arrays, one of them writable from the foreign side.

// Using the deprecated items here is the point: the bindings must mark them, not Rust.
#![allow(deprecated)]

/// Adds, the old way.
#[deprecated(since = "0.9.0", note = "use legacy_sum instead")]
#[no_mangle]
pub extern "C" fn legacy_add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

/// Adds; replaces `legacy_add`.
#[no_mangle]
pub extern "C" fn legacy_sum(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

/// A point from an older version of the API.
#[deprecated = "use Vec3"]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct OldPoint {
    pub x: i32,
    pub y: i32,
}

/// Not deprecated itself, but takes a deprecated type: the header's own use of `OldPoint` must
/// not warn.
#[no_mangle]
pub extern "C" fn old_point_sum(p: OldPoint) -> i32 {
    p.x.wrapping_add(p.y)
}

/// The old limit.
#[deprecated]
pub const OLD_LIMIT: u32 = 10;

/// The first primes, read-only.
#[no_mangle]
pub static PRIMES: [u32; 4] = [2, 3, 5, 7];

/// Bytes the foreign side writes and `scratch_sum` reads.
#[no_mangle]
pub static mut SCRATCH: [u8; 4] = [0; 4];

/// The sum of `SCRATCH`.
#[no_mangle]
pub extern "C" fn scratch_sum() -> u32 {
    // SAFETY: a copy of the array, read once; the tests do not write it concurrently.
    let bytes = unsafe { std::ptr::addr_of!(SCRATCH).read() };
    bytes.iter().map(|b| u32::from(*b)).sum()
}
