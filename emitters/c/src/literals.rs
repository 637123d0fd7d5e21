//! C literals whose type is exactly the Rust constant's type.
//!
//! A bare `4294967295` is a `long` in C and `18446744073709551615` does not even fit one, so
//! each width gets the spelling that yields its `<stdint.h>` type: `INT64_C`/`UINT64_C` for
//! 64 bits (these expand to the right suffix for `int64_t` on every platform, unlike `ll`,
//! which is `long long` even where `int64_t` is `long`), `UINT32_C` for `u32`, a plain literal
//! for `i32`, and a cast for the narrow and pointer-sized types, which have no suffix. Negative
//! values are parenthesised so they behave inside any expression a macro lands in.
//!
//! C89 has no `long long`, and where `int64_t` is `long long` (32-bit targets) `UINT64_C`
//! expands to a `ULL` literal that `-std=c89 -pedantic` rejects. So in [`Spelling::C89`] a
//! 64-bit value is a constant expression over two 32-bit halves, each an `unsigned long`
//! literal (at least 32 bits in every C): `(((uint64_t)0x1UL << 32) | (uint64_t)0x2A05F200UL)`.
//! It has the exact type and value, works in initialisers and array sizes, but not in `#if`
//! (which cannot cast). Non-finite floats use C89's `HUGE_VAL`: C99's `NAN`/`INFINITY` are
//! not declared in C89 mode.

use interoptopus_core::model::Primitive;

/// Which literal forms the header may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Spelling {
    /// `UINT64_C`, `NAN`, `INFINITY`.
    C99,
    /// 32-bit halves and `HUGE_VAL`.
    C89,
}

impl Spelling {
    pub(crate) fn of(config: &crate::config::Config) -> Spelling {
        match config.standard_value() {
            crate::config::CStandard::C89 => Spelling::C89,
            crate::config::CStandard::C99 => Spelling::C99,
        }
    }
}

/// A plain `int` literal (the caller checked it fits `int`); `i32::MIN` cannot be written
/// directly because `2147483648` is not an `int`.
pub(crate) fn plain_int(value: i128) -> String {
    if value == i128::from(i32::MIN) {
        "(-2147483647 - 1)".to_string()
    } else if value < 0 {
        format!("({value})")
    } else {
        value.to_string()
    }
}

/// An `int` value as an enumerator's initialiser, where no parentheses are needed.
pub(crate) fn enumerator_int(value: i128) -> String {
    if value == i128::from(i32::MIN) {
        "-2147483647 - 1".to_string()
    } else {
        value.to_string()
    }
}

/// The inclusive range of values a primitive integer holds; `pointer_bits` sizes `usize`/`isize`.
pub(crate) fn int_range(p: Primitive, pointer_bits: u32) -> Option<(i128, i128)> {
    let signed = |bits: u32| (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
    let unsigned = |bits: u32| (0, (1i128 << bits) - 1);
    Some(match p {
        Primitive::U8 => unsigned(8),
        Primitive::U16 => unsigned(16),
        Primitive::U32 | Primitive::Char32 => unsigned(32),
        Primitive::U64 => unsigned(64),
        Primitive::Usize => unsigned(pointer_bits.clamp(8, 64)),
        Primitive::I8 => signed(8),
        Primitive::I16 => signed(16),
        Primitive::I32 => signed(32),
        Primitive::I64 => signed(64),
        Primitive::Isize => signed(pointer_bits.clamp(8, 64)),
        // c_char is signed on some targets and unsigned on others; accept either reading.
        Primitive::CChar => (-128, 255),
        Primitive::Bool | Primitive::F32 | Primitive::F64 => return None,
    })
}

fn fits_int(value: i128) -> bool {
    (i128::from(i32::MIN)..=i128::from(i32::MAX)).contains(&value)
}

/// A non-negative value below 2^64 as an expression of type `c` (`uint64_t`/`int64_t`) built
/// from `unsigned long` literals of at most 32 bits.
fn halves(value: u64, c: &str) -> String {
    let (hi, lo) = (value >> 32, value & 0xFFFF_FFFF);
    if hi == 0 {
        format!("(({c}){lo}UL)")
    } else {
        format!("((({c}){hi:#X}UL << 32) | ({c}){lo:#X}UL)")
    }
}

/// An unsigned 64-bit literal of type `uint64_t`.
pub(crate) fn uint64(value: u64, spelling: Spelling) -> String {
    match spelling {
        Spelling::C99 => format!("UINT64_C({value})"),
        Spelling::C89 => halves(value, "uint64_t"),
    }
}

/// A signed 64-bit literal of type `int64_t`.
fn int64(value: i128, spelling: Spelling) -> String {
    if spelling == Spelling::C89 {
        let magnitude = |v: i128| u64::try_from(v).unwrap_or(u64::MAX);
        return if value == i128::from(i64::MIN) {
            format!("(-{} - 1)", halves(i64::MAX as u64, "int64_t"))
        } else if value < 0 {
            format!("(-{})", halves(magnitude(-value), "int64_t"))
        } else {
            halves(magnitude(value), "int64_t")
        };
    }
    if value == i128::from(i64::MIN) {
        "(-INT64_C(9223372036854775807) - 1)".to_string()
    } else if value < 0 {
        format!("(-INT64_C({}))", -value)
    } else {
        format!("INT64_C({value})")
    }
}

/// An integer literal of C type `primitive`, or why the value cannot be one.
pub(crate) fn int_literal(
    value: i128,
    p: Primitive,
    pointer_bits: u32,
    spelling: Spelling,
) -> Result<String, String> {
    let (min, max) = int_range(p, pointer_bits)
        .ok_or_else(|| format!("`{}` is not an integer type", p.rust_name()))?;
    if value < min || value > max {
        return Err(format!(
            "value {value} does not fit `{}` (range {min}..={max})",
            p.rust_name()
        ));
    }
    let c = crate::decl::primitive(p);
    // In range, so a u64 for every unsigned type.
    let unsigned = u64::try_from(value).unwrap_or(u64::MAX);
    Ok(match p {
        Primitive::I32 => plain_int(value),
        Primitive::U32 | Primitive::Char32 => format!("UINT32_C({value})"),
        Primitive::I64 => int64(value, spelling),
        Primitive::U64 => uint64(unsigned, spelling),
        Primitive::Usize if !fits_int(value) => format!("(({c}){})", uint64(unsigned, spelling)),
        Primitive::Isize if !fits_int(value) => format!("(({c}){})", int64(value, spelling)),
        _ => format!("(({c}){})", plain_int(value)),
    })
}

/// A floating literal of C type `float` (`F32`) or `double`, with the shortest digits that
/// read back to the same value. Non-finite values use `NAN`/`INFINITY` from `<math.h>`
/// (the second result says it is needed); a NaN's sign and payload are not kept. C89 has
/// neither: infinity is `HUGE_VAL` (infinite wherever floats are IEEE 754) and NaN is
/// `HUGE_VAL - HUGE_VAL`.
pub(crate) fn float_literal(value: f64, p: Primitive, spelling: Spelling) -> (String, bool) {
    let (c, suffix) = if p == Primitive::F32 {
        ("float", "f")
    } else {
        ("double", "")
    };
    let (nan, infinity) = match spelling {
        Spelling::C99 => ("NAN", "INFINITY"),
        Spelling::C89 => ("(HUGE_VAL - HUGE_VAL)", "HUGE_VAL"),
    };
    if value.is_nan() {
        return (format!("(({c}){nan})"), true);
    }
    let infinite = |negative: bool| {
        let sign = if negative { "-" } else { "" };
        (format!("({sign}({c}){infinity})"), true)
    };
    if value.is_infinite() {
        return infinite(value < 0.0);
    }
    let digits = if p == Primitive::F32 {
        // The model keeps every float as f64; the value already is an f32 value.
        let f = value as f32;
        if f.is_infinite() {
            return infinite(f < 0.0);
        }
        shortest(format!("{f}"), format!("{f:e}"))
    } else {
        shortest(format!("{value}"), format!("{value:e}"))
    };
    let text = format!("{digits}{suffix}");
    if text.starts_with('-') {
        (format!("({text})"), false)
    } else {
        (text, false)
    }
}

/// Rust's `Display` and `LowerExp` both print the shortest round-trip digits; pick the
/// shorter-looking one and make sure C reads it as a floating literal.
fn shortest(plain: String, exp: String) -> String {
    let s = if plain.len() > 20 { exp } else { plain };
    if s.contains(['.', 'e']) {
        s
    } else {
        format!("{s}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: i128, p: Primitive) -> String {
        int_literal(v, p, 64, Spelling::C99).unwrap_or_else(|e| e)
    }

    fn lit89(v: i128, p: Primitive) -> String {
        int_literal(v, p, 64, Spelling::C89).unwrap_or_else(|e| e)
    }

    fn float(v: f64, p: Primitive) -> (String, bool) {
        float_literal(v, p, Spelling::C99)
    }

    #[test]
    fn c89_builds_64_bit_values_from_halves() {
        assert_eq!(
            lit89(i128::from(u64::MAX), Primitive::U64),
            "(((uint64_t)0xFFFFFFFFUL << 32) | (uint64_t)0xFFFFFFFFUL)"
        );
        assert_eq!(lit89(7, Primitive::U64), "((uint64_t)7UL)");
        assert_eq!(
            lit89(i128::from(i64::MIN), Primitive::I64),
            "(-(((int64_t)0x7FFFFFFFUL << 32) | (int64_t)0xFFFFFFFFUL) - 1)"
        );
        assert_eq!(lit89(-5, Primitive::I64), "(-((int64_t)5UL))");
        assert_eq!(
            lit89(5_000_000_000, Primitive::Usize),
            "((size_t)(((uint64_t)0x1UL << 32) | (uint64_t)0x2A05F200UL))"
        );
        assert_eq!(lit89(4294967295, Primitive::U32), "UINT32_C(4294967295)");
        assert_eq!(
            float_literal(f64::NAN, Primitive::F64, Spelling::C89),
            ("((double)(HUGE_VAL - HUGE_VAL))".into(), true)
        );
        assert_eq!(
            float_literal(f64::NEG_INFINITY, Primitive::F32, Spelling::C89),
            ("(-(float)HUGE_VAL)".into(), true)
        );
    }

    #[test]
    fn integers_have_their_exact_type() {
        assert_eq!(lit(4294967295, Primitive::U32), "UINT32_C(4294967295)");
        assert_eq!(
            lit(i128::from(u64::MAX), Primitive::U64),
            "UINT64_C(18446744073709551615)"
        );
        assert_eq!(
            lit(i128::from(i64::MIN), Primitive::I64),
            "(-INT64_C(9223372036854775807) - 1)"
        );
        assert_eq!(lit(-5, Primitive::I64), "(-INT64_C(5))");
        assert_eq!(
            lit(i128::from(i32::MIN), Primitive::I32),
            "(-2147483647 - 1)"
        );
        assert_eq!(lit(-7, Primitive::I32), "(-7)");
        assert_eq!(lit(200, Primitive::U8), "((uint8_t)200)");
        assert_eq!(lit(-128, Primitive::I8), "((int8_t)(-128))");
        assert_eq!(
            lit(5_000_000_000, Primitive::Usize),
            "((size_t)UINT64_C(5000000000))"
        );
        assert_eq!(
            lit(256, Primitive::U8),
            "value 256 does not fit `u8` (range 0..=255)"
        );
        assert!(int_literal(5_000_000_000, Primitive::Usize, 32, Spelling::C99).is_err());
    }

    #[test]
    fn floats_round_trip() {
        assert_eq!(float(0.5, Primitive::F32), ("0.5f".into(), false));
        assert_eq!(float(3.0, Primitive::F64), ("3.0".into(), false));
        assert_eq!(float(-0.0, Primitive::F64), ("(-0.0)".into(), false));
        assert_eq!(float(1e300, Primitive::F64), ("1e300".into(), false));
        assert_eq!(
            float(f64::from(f32::MAX), Primitive::F32),
            ("3.4028235e38f".into(), false)
        );
        assert_eq!(
            float(std::f64::consts::PI, Primitive::F64).0,
            "3.141592653589793"
        );
        assert_eq!(
            float(f64::NAN, Primitive::F32),
            ("((float)NAN)".into(), true)
        );
        assert_eq!(
            float(f64::NEG_INFINITY, Primitive::F64),
            ("(-(double)INFINITY)".into(), true)
        );
    }
}
