//! Every construct interoptopus supports, in several modules, for the runtime tests.

// `char` crosses the ABI on purpose: the bindings carry it as a `uint32_t`.
#![allow(improper_ctypes_definitions)]

interoptopus::layout_checks!();

pub mod bench;
pub mod callbacks;
pub mod constants;
pub mod enums;
pub mod geometry;
pub mod legacy;
pub mod opaque;
/// Off by default until the C# and Python test programs exercise it (their tests require
/// every exported function to be called); the C tests build with `--features patterns`.
#[cfg(feature = "patterns")]
pub mod patterns;
pub mod primitives;
mod shadow;
pub mod unions;

/// Present only on Linux targets (cfg evaluated for the build's target).
#[cfg(target_os = "linux")]
#[no_mangle]
pub extern "C" fn only_on_linux() -> u32 {
    1
}

/// Would not compile into the bindings: the feature is never on.
#[cfg(feature = "never-enabled")]
#[no_mangle]
pub extern "C" fn never_exported(s: &str) -> u32 {
    s.len() as u32
}

/// Present because the default feature `extras` is on.
#[cfg(feature = "extras")]
#[no_mangle]
pub extern "C" fn extras_enabled() -> bool {
    true
}

#[cfg(test)]
#[no_mangle]
pub extern "C" fn test_only(_v: Vec<u8>) {}
