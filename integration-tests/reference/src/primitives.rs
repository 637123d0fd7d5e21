//! Every primitive by value and behind pointers.

use core::ffi::{c_char, c_int, c_long, c_uint, c_void};
use std::num::NonZeroU32;
use std::ptr::NonNull;

/// One field of every primitive type.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Primitives {
    pub b: bool,
    pub c: char,
    pub u8_: u8,
    pub u16_: u16,
    pub u32_: u32,
    pub u64_: u64,
    pub i8_: i8,
    pub i16_: i16,
    pub i32_: i32,
    pub i64_: i64,
    pub usize_: usize,
    pub isize_: isize,
    pub f32_: f32,
    pub f64_: f64,
    pub ci: c_int,
    pub cu: c_uint,
    pub cl: c_long,
    pub cc: c_char,
}

/// Returns `p` with every numeric field incremented, `b` negated and `c` advanced by one.
#[no_mangle]
pub extern "C" fn primitives_bump(p: Primitives) -> Primitives {
    Primitives {
        b: !p.b,
        c: char::from_u32(p.c as u32 + 1).unwrap_or('?'),
        u8_: p.u8_.wrapping_add(1),
        u16_: p.u16_.wrapping_add(1),
        u32_: p.u32_.wrapping_add(1),
        u64_: p.u64_.wrapping_add(1),
        i8_: p.i8_.wrapping_add(1),
        i16_: p.i16_.wrapping_add(1),
        i32_: p.i32_.wrapping_add(1),
        i64_: p.i64_.wrapping_add(1),
        usize_: p.usize_.wrapping_add(1),
        isize_: p.isize_.wrapping_add(1),
        f32_: p.f32_ + 1.0,
        f64_: p.f64_ + 1.0,
        ci: p.ci.wrapping_add(1),
        cu: p.cu.wrapping_add(1),
        cl: p.cl.wrapping_add(1),
        cc: p.cc.wrapping_add(1),
    }
}

#[no_mangle]
pub extern "C" fn add_u8(a: u8, b: u8) -> u8 {
    a.wrapping_add(b)
}

#[no_mangle]
pub extern "C" fn add_i64(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

#[no_mangle]
pub extern "C" fn mul_f64(a: f64, b: f64) -> f64 {
    a * b
}

#[no_mangle]
pub extern "C" fn negate(b: bool) -> bool {
    !b
}

/// The next Unicode scalar value after `c` (`'a'` → `'b'`).
#[no_mangle]
pub extern "C" fn next_char(c: char) -> char {
    char::from_u32(c as u32 + 1).unwrap_or(c)
}

#[no_mangle]
pub extern "C" fn nonzero_double(v: NonZeroU32) -> u32 {
    v.get() * 2
}

/// Zero stands for "none".
#[no_mangle]
pub extern "C" fn nonzero_or(v: Option<NonZeroU32>, fallback: u32) -> u32 {
    v.map_or(fallback, NonZeroU32::get)
}

/// Writes `value` through a raw pointer; returns false for null.
///
/// # Safety
/// `out` must be null or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn write_u32(out: *mut u32, value: u32) -> bool {
    if out.is_null() {
        return false;
    }
    *out = value;
    true
}

#[no_mangle]
pub extern "C" fn increment(value: &mut i32) {
    *value += 1;
}

#[no_mangle]
pub extern "C" fn read_or(value: Option<&i32>, fallback: i32) -> i32 {
    value.copied().unwrap_or(fallback)
}

#[no_mangle]
pub extern "C" fn swap_nonnull(a: NonNull<u16>, b: Option<NonNull<u16>>) {
    if let Some(b) = b {
        unsafe { std::ptr::swap(a.as_ptr(), b.as_ptr()) }
    }
}

/// Sums `len` bytes at `data`, treated as untyped memory.
///
/// # Safety
/// `data` must point to `len` readable bytes (or be null with `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn sum_bytes(data: *const c_void, len: usize) -> u64 {
    if data.is_null() {
        return 0;
    }
    let bytes = std::slice::from_raw_parts(data.cast::<u8>(), len);
    bytes.iter().map(|b| u64::from(*b)).sum()
}

/// Length of a NUL-terminated string.
///
/// # Safety
/// `s` must be null or a valid NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn c_string_length(s: *const c_char) -> usize {
    if s.is_null() {
        return 0;
    }
    std::ffi::CStr::from_ptr(s).to_bytes().len()
}
