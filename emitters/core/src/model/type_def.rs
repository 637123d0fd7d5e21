use serde::{Deserialize, Serialize};

use super::{Deprecation, Docs, FnSig, Guard, IntKind, Span, TypeRef};

/// A named type: everything a [`TypeRef::Named`] can point at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// The exported name: the Rust identifier, or `Name_Arg` for a monomorphised generic.
    /// Emitters derive their language's name from this one.
    pub name: String,
    /// The full Rust path including generic arguments (`crate::geometry::Pair<f32>`), for
    /// docs, diagnostics and Rust-side layout asserts.
    pub rust_path: String,
    pub docs: Docs,
    pub span: Span,
    /// The preprocessor condition the item exists under; empty for items in every build.
    #[serde(default, skip_serializing_if = "Guard::is_always")]
    pub guard: Guard,
    pub kind: TypeKind,
    /// `#[deprecated]` on the Rust item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeKind {
    /// `#[repr(C)]` struct, possibly `packed(N)` or `align(N)`. Tuple structs get fields `_0`, `_1` ….
    Struct {
        fields: Vec<Field>,
        repr: StructRepr,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        tuple: bool,
    },
    /// `#[repr(transparent)]`: the ABI of its one non-zero-sized field. Emitted as an alias.
    Transparent { field: Field },
    /// `#[repr(C)]` union.
    Union {
        fields: Vec<Field>,
        repr: StructRepr,
    },
    /// Fieldless enum: a set of named integer values of type `int`.
    Enum {
        /// The integer type that carries the value. `#[repr(C)]` alone maps to `i32` (C's `int`
        /// on every target we support); `#[repr(u8)]` etc. to that type.
        int: IntKind,
        /// Declared `#[repr(C)]` (possibly with an integer too): C's own `enum` is the natural
        /// spelling when `int` is `i32`.
        repr_c: bool,
        variants: Vec<EnumVariant>,
    },
    /// An enum with data, laid out as RFC 2195 describes.
    TaggedUnion {
        /// Type of the discriminant.
        tag: IntKind,
        style: TagStyle,
        variants: Vec<DataVariant>,
    },
    /// A type only ever seen behind a pointer; its contents are not part of the ABI.
    Opaque,
    /// A function pointer type (`extern "C" fn(..) -> ..`), named after its alias or, when written
    /// inline, after its signature.
    FnPtr { sig: FnSig },
}

/// How the tag and payload of a data-carrying enum are arranged (RFC 2195).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagStyle {
    /// `#[repr(C)]` / `#[repr(C, u8)]`: `struct { tag; union { variant structs } }`.
    Separate,
    /// `#[repr(u8)]` …: `union { struct { tag; fields… } per variant }`.
    Inline,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StructRepr {
    /// `#[repr(packed)]` is `Some(1)`; `#[repr(packed(N))]` is `Some(N)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packed: Option<u32>,
    /// `#[repr(align(N))]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Name emitted for the field (`_0` for tuple fields).
    pub name: String,
    /// Name in Rust (`0` for tuple fields), for `offset_of!`.
    pub rust_name: String,
    pub docs: Docs,
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumVariant {
    pub name: String,
    /// The discriminant, as evaluated by the rules of Rust (implicit = previous + 1).
    #[serde(with = "super::wide_int")]
    pub value: i128,
    pub docs: Docs,
    /// `#[deprecated]` on the Rust item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataVariant {
    pub name: String,
    #[serde(with = "super::wide_int")]
    pub value: i128,
    pub docs: Docs,
    /// Empty for a unit variant.
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tuple: bool,
}

impl TypeKind {
    /// Every type use inside a definition of this kind (see [`TypeDef::type_refs`]).
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => {
                fields.iter().map(|f| &f.ty).collect()
            }
            TypeKind::Transparent { field } => vec![&field.ty],
            TypeKind::TaggedUnion { variants, .. } => variants
                .iter()
                .flat_map(|v| v.fields.iter().map(|f| &f.ty))
                .collect(),
            TypeKind::FnPtr { sig } => sig
                .params
                .iter()
                .map(|p| &p.ty)
                .chain(std::iter::once(&sig.ret))
                .collect(),
            TypeKind::Enum { .. } | TypeKind::Opaque => Vec::new(),
        }
    }
}

impl TypeDef {
    /// Every type use inside the definition: fields, variant fields, a function pointer's
    /// parameters and return type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        self.kind.type_refs()
    }

    /// Named types the definition mentions, by value or behind pointers, in order of use.
    pub fn mentions(&self) -> Vec<super::TypeId> {
        let mut out = Vec::new();
        for ty in self.type_refs() {
            ty.visit_named(&mut |id| out.push(id));
        }
        out
    }

    /// Named types this definition needs complete before it (by-value fields, array elements).
    pub fn by_value_dependencies(&self) -> Vec<super::TypeId> {
        let mut out = Vec::new();
        let mut push = |f: &Field| {
            if let Some(id) = f.ty.by_value_dependency() {
                out.push(id);
            }
        };
        match &self.kind {
            TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => {
                fields.iter().for_each(&mut push)
            }
            TypeKind::Transparent { field } => push(field),
            TypeKind::TaggedUnion { variants, .. } => {
                variants.iter().flat_map(|v| &v.fields).for_each(&mut push)
            }
            TypeKind::FnPtr { sig } => {
                // A C function type needs its parameter types declared, but not complete.
                let _ = sig;
            }
            TypeKind::Enum { .. } | TypeKind::Opaque => {}
        }
        out
    }
}
