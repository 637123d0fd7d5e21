//! How a Rust type use ([`TypeRef`]) is spelled in C#, which depends on where it appears.
//!
//! * **Fields** must keep every struct blittable (same bytes in managed and native memory), so
//!   that structs are passed without copying, can sit in fixed buffers and behind pointers, and
//!   overlap in explicit layouts. Hence `bool` is stored as a `byte` behind a `bool` property,
//!   pointers are `IntPtr` (or a typed handle for opaque types), and function pointers are a
//!   one-`IntPtr` struct rather than a delegate.
//! * **Parameters** may use `ref` where Rust promises a valid pointer, and `bool` with
//!   `MarshalAs(U1)` (Rust's `bool` is one byte; the default marshalling is four).
//! * **Returns** never use a handle struct directly: on i386 System V a struct is returned
//!   through a hidden pointer even when it only holds a pointer, so the `extern` returns `IntPtr`
//!   and a wrapper makes the handle.

use std::fmt::Display;

use interoptopus_core::model::{IntKind, PointerKind, Primitive, TypeKind, TypeRef};

use crate::ctx::{ArrayHelper, Ctx};

/// The C# spelling of a primitive in parameters, returns and public properties.
pub(crate) fn primitive(ctx: &Ctx<'_>, p: Primitive) -> &'static str {
    match p {
        Primitive::Bool => "bool",
        Primitive::Char32 => "uint",
        Primitive::CChar => {
            if ctx.layouts.target.c_char_is_signed() {
                "sbyte"
            } else {
                "byte"
            }
        }
        Primitive::U8 => "byte",
        Primitive::U16 => "ushort",
        Primitive::U32 => "uint",
        Primitive::U64 => "ulong",
        Primitive::I8 => "sbyte",
        Primitive::I16 => "short",
        Primitive::I32 => "int",
        Primitive::I64 => "long",
        Primitive::Usize => "UIntPtr",
        Primitive::Isize => "IntPtr",
        Primitive::F32 => "float",
        Primitive::F64 => "double",
    }
}

/// An integer type usable as an enum's underlying type or a fixed buffer's element:
/// pointer-sized integers become the fixed-width type of the target.
pub(crate) fn int_kind(ctx: &Ctx<'_>, k: IntKind) -> &'static str {
    fixed_element(ctx, Primitive::from_int_kind(k))
}

/// The element type of a fixed buffer holding `p` (`bool` as `byte`, `usize` as the target's
/// pointer-sized unsigned integer).
pub(crate) fn fixed_element(ctx: &Ctx<'_>, p: Primitive) -> &'static str {
    let wide = ctx.pointer_bytes() == 8;
    match p {
        Primitive::Bool => "byte",
        Primitive::Usize if wide => "ulong",
        Primitive::Usize => "uint",
        Primitive::Isize if wide => "long",
        Primitive::Isize => "int",
        _ => primitive(ctx, p),
    }
}

/// A field's C# type: most types are stored as themselves, `bool` as a `byte` with a `bool`
/// property in front of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldTy {
    Plain(String),
    Bool,
}

impl FieldTy {
    /// The type of the stored field.
    pub fn storage(&self) -> &str {
        match self {
            FieldTy::Plain(t) => t,
            FieldTy::Bool => "byte",
        }
    }

    /// The type users see.
    pub fn public(&self) -> &str {
        match self {
            FieldTy::Plain(t) => t,
            FieldTy::Bool => "bool",
        }
    }

    /// Converts the stored value `expr` to the public type.
    pub fn read(&self, expr: &str) -> String {
        match self {
            FieldTy::Plain(_) => expr.to_string(),
            FieldTy::Bool => format!("{expr} != 0"),
        }
    }

    /// Converts the public value `expr` to the stored type.
    pub fn write(&self, expr: &str) -> String {
        match self {
            FieldTy::Plain(_) => expr.to_string(),
            FieldTy::Bool => format!("{expr} ? (byte)1 : (byte)0"),
        }
    }
}

/// The C# type of a value stored inline in a struct, union, array or static. `rust_path` (of
/// the field, parameter or item) is formatted only for an error.
pub(crate) fn field<'a>(
    ctx: &Ctx<'a>,
    ty: &'a TypeRef,
    rust_path: &dyn Display,
) -> Option<FieldTy> {
    let Some(ty) = ctx.resolve(ty) else {
        ctx.error(
            &rust_path.to_string(),
            "a type refers to an unknown or cyclic type id",
            None,
        );
        return None;
    };
    match ty {
        TypeRef::Void => {
            ctx.error(
                &rust_path.to_string(),
                "`()`/`c_void` cannot be stored by value",
                None,
            );
            None
        }
        TypeRef::Primitive {
            primitive: Primitive::Bool,
            ..
        } => Some(FieldTy::Bool),
        TypeRef::Primitive { primitive: p, .. } => {
            Some(FieldTy::Plain(primitive(ctx, *p).to_string()))
        }
        TypeRef::Pointer { pointee, .. } => Some(FieldTy::Plain(pointer(ctx, pointee))),
        TypeRef::Array { element, len } => {
            array_name(ctx, ty, element, *len, rust_path).map(FieldTy::Plain)
        }
        TypeRef::Named { id, .. } => match ctx.def(*id).map(|d| &d.kind) {
            Some(TypeKind::Opaque) => {
                ctx.error(
                    &rust_path.to_string(),
                    format!(
                        "the opaque type `{}` is used by value; C# only sees opaque types behind pointers",
                        ctx.type_name(*id)
                    ),
                    None,
                );
                None
            }
            Some(_) => Some(FieldTy::Plain(ctx.type_name(*id))),
            None => {
                ctx.error(
                    &rust_path.to_string(),
                    "a type refers to an unknown type id",
                    None,
                );
                None
            }
        },
    }
}

/// A pointer stored as a value: a typed handle for opaque pointees, `IntPtr` otherwise.
fn pointer<'a>(ctx: &Ctx<'a>, pointee: &'a TypeRef) -> String {
    match ctx.named_kind(pointee) {
        Some((id, TypeKind::Opaque)) => ctx.type_name(id),
        _ => "IntPtr".to_string(),
    }
}

/// A parameter of an `extern` method or a delegate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParamTy {
    pub ty: String,
    /// Passed as `ref` (a Rust reference the caller must make valid).
    pub by_ref: bool,
    /// Needs `[MarshalAs(UnmanagedType.U1)]`.
    pub marshal_bool: bool,
}

impl ParamTy {
    fn plain(ty: impl Into<String>) -> Self {
        ParamTy {
            ty: ty.into(),
            by_ref: false,
            marshal_bool: false,
        }
    }

    /// `[MarshalAs(UnmanagedType.U1)] ref bool` and friends, for declarations.
    pub fn declare(&self) -> String {
        let mut s = String::new();
        if self.marshal_bool {
            s.push_str("[MarshalAs(UnmanagedType.U1)] ");
        }
        if self.by_ref {
            s.push_str("ref ");
        }
        s.push_str(&self.ty);
        s
    }
}

/// Whether `ty` is a nullable Rust reference (`Option<&T>`) to something `ref` can express,
/// i.e. whether a function taking it gets a second overload that accepts a null pointer.
pub(crate) fn is_nullable_ref<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef) -> bool {
    match ctx.resolve(ty) {
        Some(TypeRef::Pointer {
            pointee,
            nullable: true,
            pointer_kind: PointerKind::Reference,
            ..
        }) => !pointee.is_void() && !ctx.is_opaque(pointee),
        _ => false,
    }
}

/// The C# parameter for `ty`. With `nullable_as_pointer`, `Option<&T>` becomes `IntPtr` (the
/// overload that accepts `IntPtr.Zero`); without, it becomes `ref T`.
pub(crate) fn param<'a>(
    ctx: &Ctx<'a>,
    ty: &'a TypeRef,
    rust_path: &dyn Display,
    nullable_as_pointer: bool,
) -> Option<ParamTy> {
    let Some(resolved) = ctx.resolve(ty) else {
        ctx.error(
            &rust_path.to_string(),
            "a type refers to an unknown or cyclic type id",
            None,
        );
        return None;
    };
    match resolved {
        TypeRef::Void => {
            ctx.error(&rust_path.to_string(), "a parameter has type `()`", None);
            None
        }
        TypeRef::Primitive {
            primitive: Primitive::Bool,
            ..
        } => Some(ParamTy {
            ty: "bool".into(),
            by_ref: false,
            marshal_bool: true,
        }),
        TypeRef::Primitive { primitive: p, .. } => Some(ParamTy::plain(primitive(ctx, *p))),
        TypeRef::Array { .. } => {
            ctx.error(
                &rust_path.to_string(),
                "an array is passed by value, which C cannot express",
                Some("pass a pointer to the array, or wrap it in a `#[repr(C)]` struct".into()),
            );
            None
        }
        TypeRef::Named { .. } => {
            field(ctx, resolved, rust_path).map(|f| ParamTy::plain(f.public()))
        }
        TypeRef::Pointer {
            pointee,
            nullable,
            pointer_kind,
            ..
        } => {
            if pointee.is_void() || ctx.is_opaque(pointee) {
                return Some(ParamTy::plain(pointer(ctx, pointee)));
            }
            let as_ref =
                *pointer_kind == PointerKind::Reference && !(*nullable && nullable_as_pointer);
            if !as_ref {
                return Some(ParamTy::plain("IntPtr"));
            }
            let target = field(ctx, pointee, rust_path)?;
            Some(ParamTy {
                ty: target.public().to_string(),
                by_ref: true,
                marshal_bool: target == FieldTy::Bool,
            })
        }
    }
}

/// The return type of an `extern` method or a delegate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RetTy {
    Void,
    Plain {
        ty: String,
        marshal_bool: bool,
    },
    /// The native function returns a pointer (`IntPtr`); the public API wraps it in this
    /// handle type.
    Wrapped(String),
}

impl RetTy {
    /// The type the `extern` or delegate declares.
    pub fn native(&self) -> &str {
        match self {
            RetTy::Void => "void",
            RetTy::Plain { ty, .. } => ty,
            RetTy::Wrapped(_) => "IntPtr",
        }
    }

    /// The type users see.
    pub fn public(&self) -> &str {
        match self {
            RetTy::Wrapped(t) => t,
            other => other.native(),
        }
    }

    pub fn marshal_bool(&self) -> bool {
        matches!(
            self,
            RetTy::Plain {
                marshal_bool: true,
                ..
            }
        )
    }

    /// Turns the native result `expr` into the public value.
    pub fn wrap(&self, expr: &str) -> String {
        match self {
            RetTy::Wrapped(t) => format!("new {t}({expr})"),
            _ => expr.to_string(),
        }
    }
}

pub(crate) fn ret<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef, rust_path: &dyn Display) -> Option<RetTy> {
    let Some(resolved) = ctx.resolve(ty) else {
        ctx.error(
            &rust_path.to_string(),
            "a type refers to an unknown or cyclic type id",
            None,
        );
        return None;
    };
    match resolved {
        TypeRef::Void => Some(RetTy::Void),
        TypeRef::Primitive {
            primitive: Primitive::Bool,
            ..
        } => Some(RetTy::Plain {
            ty: "bool".into(),
            marshal_bool: true,
        }),
        TypeRef::Primitive { primitive: p, .. } => Some(RetTy::Plain {
            ty: primitive(ctx, *p).into(),
            marshal_bool: false,
        }),
        TypeRef::Pointer { pointee, .. } => {
            let p = pointer(ctx, pointee);
            Some(if p == "IntPtr" {
                RetTy::Plain {
                    ty: p,
                    marshal_bool: false,
                }
            } else {
                RetTy::Wrapped(p)
            })
        }
        TypeRef::Array { .. } => {
            ctx.error(
                &rust_path.to_string(),
                "an array is returned by value, which C cannot express",
                Some("return a `#[repr(C)]` struct holding the array".into()),
            );
            None
        }
        TypeRef::Named { id, .. } => {
            let f = field(ctx, resolved, rust_path)?;
            Some(match ctx.def(*id).map(|d| &d.kind) {
                Some(TypeKind::FnPtr { .. }) => RetTy::Wrapped(f.public().to_string()),
                _ => RetTy::Plain {
                    ty: f.public().to_string(),
                    marshal_bool: false,
                },
            })
        }
    }
}

/// The name of the helper struct for `[element; len]`, registering it for emission.
pub(crate) fn array_name<'a>(
    ctx: &Ctx<'a>,
    array: &'a TypeRef,
    element: &'a TypeRef,
    len: u64,
    rust_path: &dyn Display,
) -> Option<String> {
    if len == 0 {
        ctx.error(
            &rust_path.to_string(),
            "a zero-length array has no C# representation (C# structs are never empty)",
            None,
        );
        return None;
    }
    let Some(element) = ctx.resolve(element) else {
        ctx.error(
            &rust_path.to_string(),
            "a type refers to an unknown or cyclic type id",
            None,
        );
        return None;
    };
    let (part, element_cs) = match element {
        TypeRef::Primitive { primitive, .. } => (
            primitive_part(*primitive).to_string(),
            format!("{primitive:?}"),
        ),
        _ => {
            let f = field(ctx, element, rust_path)?;
            let part = if f.public() == "IntPtr" {
                "Ptr".to_string()
            } else {
                f.public().to_string()
            };
            (part, f.public().to_string())
        }
    };
    if ctx.layouts.size_align(array).is_none() {
        ctx.error(&rust_path.to_string(), "an array's size is unknown", None);
        return None;
    }
    let name = format!("{part}Array{len}");
    ctx.register_array(
        &name,
        ArrayHelper {
            element: element.clone(),
            element_cs,
            len,
            rust_path: rust_path.to_string(),
        },
    );
    Some(name)
}

/// The primitive's part of an array helper's name (`U8Array3`).
fn primitive_part(p: Primitive) -> &'static str {
    match p {
        Primitive::Bool => "Bool",
        Primitive::Char32 => "Char",
        Primitive::CChar => "CChar",
        Primitive::U8 => "U8",
        Primitive::U16 => "U16",
        Primitive::U32 => "U32",
        Primitive::U64 => "U64",
        Primitive::I8 => "I8",
        Primitive::I16 => "I16",
        Primitive::I32 => "I32",
        Primitive::I64 => "I64",
        Primitive::Usize => "Usize",
        Primitive::Isize => "Isize",
        Primitive::F32 => "F32",
        Primitive::F64 => "F64",
    }
}
