//! `#[repr(C)]` unions.

/// Either an integer or a float, sharing storage.
#[repr(C)]
#[derive(Clone, Copy)]
pub union Number {
    pub int: i64,
    pub real: f64,
    pub bytes: [u8; 8],
}

#[no_mangle]
pub extern "C" fn number_from_int(v: i64) -> Number {
    Number { int: v }
}

/// Reads the union as a float.
#[no_mangle]
pub extern "C" fn number_as_real(n: Number) -> f64 {
    unsafe { n.real }
}
