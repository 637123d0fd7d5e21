use serde::{Deserialize, Serialize};

use crate::model::{IntKind, Primitive};

/// The facts about a compilation target that decide C layout.
///
/// Taken from cargo's `CARGO_CFG_TARGET_*` variables in a build script, so the numbers are for
/// the target being built, not the machine running the build.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TargetInfo {
    /// Rust's `target_arch` (`x86_64`, `x86`, `aarch64`, …).
    pub arch: String,
    /// Rust's `target_os` (`linux`, `windows`, `macos`, …).
    pub os: String,
    /// Pointer width in bits.
    pub pointer_width: u32,
    pub little_endian: bool,
}

impl TargetInfo {
    pub fn x86_64_linux() -> Self {
        TargetInfo {
            arch: "x86_64".into(),
            os: "linux".into(),
            pointer_width: 64,
            little_endian: true,
        }
    }

    pub fn i686_linux() -> Self {
        TargetInfo {
            arch: "x86".into(),
            os: "linux".into(),
            pointer_width: 32,
            little_endian: true,
        }
    }

    pub fn pointer_bytes(&self) -> u64 {
        u64::from(self.pointer_width / 8)
    }

    /// The System V i386 ABI aligns 8-byte scalars to 4 inside structs; rustc and C agree on
    /// that for every 32-bit x86 target except Windows, which keeps 8.
    fn eight_byte_align(&self) -> u64 {
        if self.arch == "x86" && self.os != "windows" {
            4
        } else {
            8
        }
    }

    /// `(size, align)` of a primitive on this target.
    pub fn primitive_layout(&self, p: Primitive) -> (u64, u64) {
        match p {
            Primitive::Bool | Primitive::U8 | Primitive::I8 | Primitive::CChar => (1, 1),
            Primitive::U16 | Primitive::I16 => (2, 2),
            Primitive::U32 | Primitive::I32 | Primitive::F32 | Primitive::Char32 => (4, 4),
            Primitive::U64 | Primitive::I64 | Primitive::F64 => (8, self.eight_byte_align()),
            Primitive::Usize | Primitive::Isize => (self.pointer_bytes(), self.pointer_bytes()),
        }
    }

    pub fn int_layout(&self, k: IntKind) -> (u64, u64) {
        self.primitive_layout(Primitive::from_int_kind(k))
    }

    /// Whether `c_char` is signed (it is unsigned on ARM, PowerPC, RISC-V and s390x Linux).
    pub fn c_char_is_signed(&self) -> bool {
        !(self.os != "windows"
            && self.os != "macos"
            && self.os != "ios"
            && matches!(
                self.arch.as_str(),
                "aarch64" | "arm" | "powerpc" | "powerpc64" | "riscv32" | "riscv64" | "s390x"
            ))
    }

    /// Size of C's `long` (LP64 on Unix, LLP64 on Windows).
    pub fn c_long_bytes(&self) -> u64 {
        if self.os == "windows" {
            4
        } else {
            self.pointer_bytes()
        }
    }
}
