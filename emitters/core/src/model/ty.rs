use serde::{Deserialize, Serialize};

/// Index of a [`TypeDef`](super::TypeDef) in [`Model::types`](super::Model::types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TypeId(pub u32);

/// Scalar types every language can express directly.
///
/// Platform C types (`c_int`, `c_long`, …) are resolved to fixed-width kinds for the target
/// during lowering; only `c_char` stays distinct because C spells strings with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    Bool,
    /// Rust `char`: a Unicode scalar value carried as a `u32`.
    Char32,
    /// `c_char`: a byte whose signedness depends on the target.
    CChar,
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
    Usize,
    Isize,
    F32,
    F64,
}

impl Primitive {
    /// The Rust spelling, used in docs, diagnostics and generated Rust asserts.
    pub fn rust_name(self) -> &'static str {
        match self {
            Primitive::Bool => "bool",
            Primitive::Char32 => "char",
            Primitive::CChar => "core::ffi::c_char",
            Primitive::U8 => "u8",
            Primitive::U16 => "u16",
            Primitive::U32 => "u32",
            Primitive::U64 => "u64",
            Primitive::I8 => "i8",
            Primitive::I16 => "i16",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::Usize => "usize",
            Primitive::Isize => "isize",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, Primitive::F32 | Primitive::F64)
    }

    pub fn is_integer(self) -> bool {
        !self.is_float() && self != Primitive::Bool
    }

    pub fn is_signed(self) -> bool {
        matches!(
            self,
            Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::Isize
        )
    }

    pub fn from_int_kind(kind: IntKind) -> Primitive {
        match kind {
            IntKind::U8 => Primitive::U8,
            IntKind::U16 => Primitive::U16,
            IntKind::U32 => Primitive::U32,
            IntKind::U64 => Primitive::U64,
            IntKind::I8 => Primitive::I8,
            IntKind::I16 => Primitive::I16,
            IntKind::I32 => Primitive::I32,
            IntKind::I64 => Primitive::I64,
            IntKind::Usize => Primitive::Usize,
            IntKind::Isize => Primitive::Isize,
        }
    }
}

/// The integer types an enum can use as its representation (`#[repr(u8)]` …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntKind {
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
    Usize,
    Isize,
}

impl IntKind {
    pub fn from_rust_name(name: &str) -> Option<IntKind> {
        Some(match name {
            "u8" => IntKind::U8,
            "u16" => IntKind::U16,
            "u32" => IntKind::U32,
            "u64" => IntKind::U64,
            "i8" => IntKind::I8,
            "i16" => IntKind::I16,
            "i32" => IntKind::I32,
            "i64" => IntKind::I64,
            "usize" => IntKind::Usize,
            "isize" => IntKind::Isize,
            _ => return None,
        })
    }

    pub fn rust_name(self) -> &'static str {
        Primitive::from_int_kind(self).rust_name()
    }
}

/// How a pointer was spelled in Rust. Emitters use it to pick idioms (`ref` vs `IntPtr`, …);
/// the ABI is a plain pointer in every case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointerKind {
    /// `*const T` / `*mut T`: may be null, may dangle; nothing is promised.
    Raw,
    /// `&T` / `&mut T` (or `Option<&T>` when nullable): valid and aligned when non-null.
    Reference,
    /// `NonNull<T>` / `Option<NonNull<T>>`.
    NonNull,
    /// `Box<T>` / `Option<Box<T>>`: ownership moves across the boundary.
    Boxed,
}

/// A use of a type: in a field, a parameter, a return value, a static.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeRef {
    /// `()` as a return type, `c_void` behind a pointer.
    Void,
    Primitive {
        primitive: Primitive,
        /// The value can never be zero (`NonZeroU32` …).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        non_zero: bool,
    },
    Pointer {
        pointee: Box<TypeRef>,
        /// `*mut`, `&mut`, or `NonNull`/`Box` (which allow writes).
        mutable: bool,
        /// Whether null is a valid value (`*const T`, `Option<&T>`, …).
        nullable: bool,
        pointer_kind: PointerKind,
    },
    /// A fixed-size array `[T; N]`; only valid inside structs, unions and other arrays.
    Array { element: Box<TypeRef>, len: u64 },
    /// A struct, enum, union, opaque type or function pointer declared in [`Model::types`](super::Model::types).
    Named {
        id: TypeId,
        /// Only meaningful for function pointers: `Option<extern "C" fn(..)>`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        nullable: bool,
    },
}

impl TypeRef {
    pub fn primitive(primitive: Primitive) -> TypeRef {
        TypeRef::Primitive {
            primitive,
            non_zero: false,
        }
    }

    pub fn named(id: TypeId) -> TypeRef {
        TypeRef::Named {
            id,
            nullable: false,
        }
    }

    pub fn pointer(pointee: TypeRef, mutable: bool, nullable: bool, kind: PointerKind) -> TypeRef {
        TypeRef::Pointer {
            pointee: Box::new(pointee),
            mutable,
            nullable,
            pointer_kind: kind,
        }
    }

    pub fn is_void(&self) -> bool {
        matches!(self, TypeRef::Void)
    }

    /// Named types this reference needs *complete* (by value, in arrays), as opposed to behind
    /// a pointer where a forward declaration suffices.
    pub fn by_value_dependency(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named { id, .. } => Some(*id),
            TypeRef::Array { element, .. } => element.by_value_dependency(),
            _ => None,
        }
    }

    /// Every named type mentioned, by value or behind pointers.
    pub fn visit_named(&self, f: &mut dyn FnMut(TypeId)) {
        match self {
            TypeRef::Named { id, .. } => f(*id),
            TypeRef::Array { element, .. } => element.visit_named(f),
            TypeRef::Pointer { pointee, .. } => pointee.visit_named(f),
            TypeRef::Void | TypeRef::Primitive { .. } => {}
        }
    }
}
