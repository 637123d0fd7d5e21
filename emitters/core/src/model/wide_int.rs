//! JSON for the model's `i128` values (discriminants, integer constants).
//!
//! Every value fits `i64` or `u64` (the widest C integer types), so it is written as a plain
//! JSON number that any consumer can read. Serde's internally tagged enums buffer values in a
//! way that cannot carry `i128`, which is the other reason for going through 64 bits.

use serde::{de, Deserializer, Serializer};

pub fn serialize<S: Serializer>(value: &i128, s: S) -> Result<S::Ok, S::Error> {
    if let Ok(v) = i64::try_from(*value) {
        s.serialize_i64(v)
    } else if let Ok(v) = u64::try_from(*value) {
        s.serialize_u64(v)
    } else {
        Err(serde::ser::Error::custom(format!(
            "{value} does not fit 64 bits"
        )))
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
    struct WideInt;
    impl de::Visitor<'_> for WideInt {
        type Value = i128;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer that fits i64 or u64")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i128, E> {
            Ok(i128::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i128, E> {
            Ok(i128::from(v))
        }
    }
    d.deserialize_any(WideInt)
}
