//! Constants computed from expressions, and exported statics.

use crate::geometry::Vec3;

/// The answer.
pub const ANSWER: u32 = 42;
pub const NEGATIVE: i32 = -(ANSWER as i32) * 2;
pub const MASK: u8 = !0u8 >> 1;
pub const SHIFTED: u64 = 1 << 40;
pub const BIG: u64 = u64::MAX;
pub const SMALLEST: i64 = i64::MIN;
pub const HALF: f32 = 1.0 / 2.0;
pub const TAU_ISH: f64 = core::f64::consts::PI * 2.0;
pub const ENABLED: bool = ANSWER > 40 && !false;
pub const LETTER: char = 'Z';
pub const AS_CAST: i16 = 70000_i32 as i16;
pub const SIZE: usize = 3 * 4;

/// A constant of this crate that C never sees: not public.
#[allow(dead_code)]
const PRIVATE: u32 = 7;

/// The origin, as a readable static.
#[no_mangle]
pub static ORIGIN: Vec3 = Vec3 {
    x: 0.0,
    y: 0.0,
    z: 0.0,
};

/// A mutable static the foreign side may change.
#[no_mangle]
pub static mut CALL_COUNT: u32 = 0;

/// Increments `CALL_COUNT` and returns the new value.
#[no_mangle]
pub extern "C" fn count_call() -> u32 {
    unsafe {
        CALL_COUNT += 1;
        CALL_COUNT
    }
}

/// The constants as Rust sees them, to compare with the generated ones.
#[no_mangle]
pub extern "C" fn constant_answer() -> u32 {
    ANSWER
}

#[no_mangle]
pub extern "C" fn constant_tau_ish() -> f64 {
    TAU_ISH
}
