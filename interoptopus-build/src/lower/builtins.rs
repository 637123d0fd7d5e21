//! The types from `core`/`std`/`libc` (and the language itself) that map onto the model
//! without being declared in the crate.

use interoptopus_core::model::Primitive;
use interoptopus_core::TargetInfo;

/// A type known without a declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Builtin {
    Primitive(Primitive),
    /// `c_void`: only valid behind a pointer.
    Void,
    /// `NonZeroU32` and friends: the primitive with a no-zero promise.
    NonZero(Primitive),
    /// `NonZero<T>` (generic form): the argument decides the primitive.
    NonZeroGeneric,
    Option,
    Box,
    NonNull,
    PhantomData,
    /// Known, but not expressible in C; the text is the hint.
    Unsupported(&'static str),
}

/// Crate roots whose well-known items we understand by name.
fn is_std_root(name: &str) -> bool {
    matches!(name, "std" | "core" | "alloc" | "libc")
}

/// Maps a path outside the crate (after following `use`s) to a builtin.
pub fn lookup(path: &[String], target: &TargetInfo) -> Option<Builtin> {
    let (last, init) = path.split_last()?;
    if let Some(first) = init.first() {
        if !is_std_root(first) {
            return None;
        }
    } else if let Some(p) = language_primitive(last) {
        return Some(Builtin::Primitive(p));
    }
    let signed_long = if target.c_long_bytes() == 8 {
        Primitive::I64
    } else {
        Primitive::I32
    };
    let unsigned_long = if target.c_long_bytes() == 8 {
        Primitive::U64
    } else {
        Primitive::U32
    };
    let unix = target.os != "windows" && target.os != "none" && target.os != "unknown";
    Some(match last.as_str() {
        "c_void" => Builtin::Void,
        "c_char" => Builtin::Primitive(Primitive::CChar),
        "c_schar" | "int8_t" => Builtin::Primitive(Primitive::I8),
        "c_uchar" | "uint8_t" => Builtin::Primitive(Primitive::U8),
        "c_short" | "int16_t" => Builtin::Primitive(Primitive::I16),
        "c_ushort" | "uint16_t" => Builtin::Primitive(Primitive::U16),
        "c_int" | "int32_t" => Builtin::Primitive(Primitive::I32),
        "c_uint" | "uint32_t" => Builtin::Primitive(Primitive::U32),
        "c_long" => Builtin::Primitive(signed_long),
        "c_ulong" => Builtin::Primitive(unsigned_long),
        "c_longlong" | "int64_t" => Builtin::Primitive(Primitive::I64),
        "c_ulonglong" | "uint64_t" => Builtin::Primitive(Primitive::U64),
        "c_float" => Builtin::Primitive(Primitive::F32),
        "c_double" => Builtin::Primitive(Primitive::F64),
        "size_t" | "uintptr_t" | "c_size_t" => Builtin::Primitive(Primitive::Usize),
        "ssize_t" | "intptr_t" | "ptrdiff_t" | "c_ssize_t" | "c_ptrdiff_t" => {
            Builtin::Primitive(Primitive::Isize)
        }
        // POSIX typedefs, as the `libc` crate defines them for Unix targets; `int32_t` in C
        // is the same type as `pid_t` there, so C callers may keep spelling it `pid_t`.
        "pid_t" | "RawFd" if unix => Builtin::Primitive(Primitive::I32),
        "uid_t" | "gid_t" if unix => Builtin::Primitive(Primitive::U32),
        "time_t" if unix => Builtin::Primitive(signed_long),
        "off_t" if unix => Builtin::Primitive(if target.os == "linux" {
            signed_long
        } else {
            Primitive::I64
        }),
        "NonZeroU8" => Builtin::NonZero(Primitive::U8),
        "NonZeroU16" => Builtin::NonZero(Primitive::U16),
        "NonZeroU32" => Builtin::NonZero(Primitive::U32),
        "NonZeroU64" => Builtin::NonZero(Primitive::U64),
        "NonZeroI8" => Builtin::NonZero(Primitive::I8),
        "NonZeroI16" => Builtin::NonZero(Primitive::I16),
        "NonZeroI32" => Builtin::NonZero(Primitive::I32),
        "NonZeroI64" => Builtin::NonZero(Primitive::I64),
        "NonZeroUsize" => Builtin::NonZero(Primitive::Usize),
        "NonZeroIsize" => Builtin::NonZero(Primitive::Isize),
        "NonZero" => Builtin::NonZeroGeneric,
        "u128" | "i128" => Builtin::Unsupported(
            "128-bit integers have no portable C ABI; split them into two `u64`s",
        ),
        "Option" => Builtin::Option,
        "Box" => Builtin::Box,
        "NonNull" => Builtin::NonNull,
        "PhantomData" | "PhantomPinned" => Builtin::PhantomData,
        "String" | "str" => Builtin::Unsupported(
            "strings have no C layout; take `interoptopus::StrView` (UTF-8, pointer + length) or `interoptopus::CStrPtr` (NUL-terminated), return `interoptopus::OwnedString`",
        ),
        "Vec" => Builtin::Unsupported(
            "`Vec` has no stable layout; take `interoptopus::Slice<T>`, return `interoptopus::OwnedVec<T>`",
        ),
        "CString" | "CStr" | "OsString" | "OsStr" => Builtin::Unsupported(
            "pass `*const c_char` instead; `CStr`/`CString` have no C layout",
        ),
        "Result" => Builtin::Unsupported(
            "`Result` has no C layout; return an `#[ffi_type(error)]` enum or `interoptopus::FfiResult<T, E>`",
        ),
        "Rc" | "Arc" | "RefCell" | "Cell" | "Mutex" | "HashMap" | "BTreeMap" => {
            Builtin::Unsupported("this type has no C layout; put it behind an opaque `#[repr(C)]`-less struct and pass a pointer")
        }
        _ => return None,
    })
}

/// Primitive type names of the language itself.
pub fn language_primitive(name: &str) -> Option<Primitive> {
    Some(match name {
        "bool" => Primitive::Bool,
        "char" => Primitive::Char32,
        "u8" => Primitive::U8,
        "u16" => Primitive::U16,
        "u32" => Primitive::U32,
        "u64" => Primitive::U64,
        "i8" => Primitive::I8,
        "i16" => Primitive::I16,
        "i32" => Primitive::I32,
        "i64" => Primitive::I64,
        "usize" => Primitive::Usize,
        "isize" => Primitive::Isize,
        "f32" => Primitive::F32,
        "f64" => Primitive::F64,
        _ => return None,
    })
}
