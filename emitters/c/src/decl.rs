//! C declarations from model types.
//!
//! C wraps a declared name inside its type (`const uint8_t (*rows)[4]`, `char *names[3]`), so
//! types are rendered "inside out": each layer of the [`TypeRef`] wraps the declarator built
//! so far, and the innermost named type or primitive goes in front.

use interoptopus_core::model::{Model, Primitive, TypeKind, TypeRef};

use crate::names::Names;

/// The C spelling of a primitive. `usize`/`isize` are `size_t`/`ptrdiff_t` (always available
/// from `<stddef.h>`, pointer-sized on every target Rust supports); Rust's `char` is a
/// `uint32_t` code point; `c_char` is plain `char` so C strings need no casts. `bool` is
/// C99's; a C89 header spells it through [`Names::bool_name`] (the [`Declarer`] does).
pub(crate) fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::Bool => "bool",
        Primitive::Char32 => "uint32_t",
        Primitive::CChar => "char",
        Primitive::U8 => "uint8_t",
        Primitive::U16 => "uint16_t",
        Primitive::U32 => "uint32_t",
        Primitive::U64 => "uint64_t",
        Primitive::I8 => "int8_t",
        Primitive::I16 => "int16_t",
        Primitive::I32 => "int32_t",
        Primitive::I64 => "int64_t",
        Primitive::Usize => "size_t",
        Primitive::Isize => "ptrdiff_t",
        Primitive::F32 => "float",
        Primitive::F64 => "double",
    }
}

/// Why a type cannot be declared, with a hint for the Rust side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DeclError {
    pub message: String,
    pub hint: &'static str,
}

fn fail<T>(message: impl Into<String>, hint: &'static str) -> Result<T, DeclError> {
    Err(DeclError {
        message: message.into(),
        hint,
    })
}

/// Renders declarations; needs the model to tell opaque types apart and the names to spell them.
#[derive(Clone, Copy)]
pub(crate) struct Declarer<'a> {
    pub model: &'a Model,
    pub names: &'a Names,
    /// Whether `*const Opaque` keeps its `const` (see `Config::const_opaque`).
    pub const_opaque: bool,
}

impl Declarer<'_> {
    /// Declares `name` (empty for a type name alone, as in a cast) with type `ty`. `is_const`
    /// makes the declared object itself `const` (an immutable static).
    pub(crate) fn declare(
        &self,
        ty: &TypeRef,
        name: &str,
        is_const: bool,
    ) -> Result<String, DeclError> {
        self.render(ty, name.to_string(), is_const, false)
    }

    /// The return-type part around a function declarator (`void`, `const char *name(args)`).
    pub(crate) fn returning(&self, ret: &TypeRef, declarator: &str) -> Result<String, DeclError> {
        match ret {
            TypeRef::Void => Ok(format!("void {declarator}")),
            TypeRef::Array { .. } => fail(
                "C functions cannot return arrays",
                "return a `#[repr(C)]` struct holding the array",
            ),
            _ if self.is_array_alias(ret) => fail(
                "C functions cannot return arrays (a transparent wrapper of an array)",
                "return a `#[repr(C)]` struct holding the array",
            ),
            _ => self.declare(ret, declarator, false),
        }
    }

    /// A parameter: arrays would silently decay to pointers, so they are refused.
    pub(crate) fn parameter(&self, ty: &TypeRef, name: &str) -> Result<String, DeclError> {
        if matches!(ty, TypeRef::Array { .. }) || self.is_array_alias(ty) {
            return fail(
                format!("parameter `{name}` is an array, which C passes as a pointer"),
                "take a pointer, or wrap the array in a `#[repr(C)]` struct",
            );
        }
        self.declare(ty, name, false)
    }

    /// Whether `ty` names a transparent type whose C typedef is an array type.
    fn is_array_alias(&self, ty: &TypeRef) -> bool {
        let mut current = ty.clone();
        for _ in 0..=self.model.types.len() {
            let TypeRef::Named { id, .. } = &current else {
                return matches!(current, TypeRef::Array { .. });
            };
            match self.model.types.get(id.0 as usize).map(|d| &d.kind) {
                Some(TypeKind::Transparent { field }) => current = field.ty.clone(),
                _ => return false,
            }
        }
        false
    }

    fn render(
        &self,
        ty: &TypeRef,
        decl: String,
        is_const: bool,
        behind_pointer: bool,
    ) -> Result<String, DeclError> {
        let qual = if is_const { "const " } else { "" };
        match ty {
            TypeRef::Void if behind_pointer => Ok(join(qual, "void", &decl)),
            TypeRef::Void => fail(
                "`void` used as a value",
                "`()` and `c_void` only work behind a pointer or as a return type",
            ),
            TypeRef::Primitive {
                primitive: Primitive::Bool,
                ..
            } => Ok(join(qual, self.names.bool_name(), &decl)),
            TypeRef::Primitive { primitive: p, .. } => Ok(join(qual, primitive(*p), &decl)),
            TypeRef::Named { id, .. } => {
                let def = self
                    .model
                    .types
                    .get(id.0 as usize)
                    .ok_or_else(|| DeclError {
                        message: format!("type id {} is not in the model", id.0),
                        hint: "this is a bug in the code that built the model",
                    })?;
                let opaque = matches!(def.kind, TypeKind::Opaque);
                let qual = if opaque && !self.const_opaque {
                    ""
                } else {
                    qual
                };
                if opaque && !behind_pointer {
                    return fail(
                        format!("opaque type `{}` used by value", def.rust_path),
                        "C only knows opaque types behind a pointer; use `*const T`/`*mut T`",
                    );
                }
                let name = self
                    .names
                    .types
                    .get(id.0 as usize)
                    .ok_or_else(|| DeclError {
                        message: format!("type id {} has no C name", id.0),
                        hint: "this is a bug in the C emitter",
                    })?;
                Ok(join(qual, name, &decl))
            }
            TypeRef::Pointer {
                pointee, mutable, ..
            } => {
                let star = if is_const {
                    if decl.is_empty() {
                        "*const".to_string()
                    } else {
                        format!("*const {decl}")
                    }
                } else {
                    format!("*{decl}")
                };
                let inner = if matches!(**pointee, TypeRef::Array { .. }) {
                    format!("({star})")
                } else {
                    star
                };
                self.render(pointee, inner, !mutable, true)
            }
            TypeRef::Array { element, len } => {
                if *len == 0 {
                    return fail(
                        "zero-length arrays are not valid C",
                        "remove the field: `[T; 0]` adds nothing to the layout except alignment",
                    );
                }
                self.render(element, format!("{decl}[{len}]"), is_const, false)
            }
        }
    }
}

fn join(qual: &str, base: &str, decl: &str) -> String {
    if decl.is_empty() {
        format!("{qual}{base}")
    } else {
        format!("{qual}{base} {decl}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interoptopus_core::model::PointerKind;

    fn d(ty: &TypeRef, name: &str, is_const: bool) -> String {
        let model = Model::new("t", "t");
        let names = Names::default();
        match (Declarer {
            model: &model,
            names: &names,
            const_opaque: true,
        })
        .declare(ty, name, is_const)
        {
            Ok(s) => s,
            Err(e) => e.message,
        }
    }

    fn ptr(pointee: TypeRef, mutable: bool) -> TypeRef {
        TypeRef::pointer(pointee, mutable, true, PointerKind::Raw)
    }

    fn arr(element: TypeRef, len: u64) -> TypeRef {
        TypeRef::Array {
            element: Box::new(element),
            len,
        }
    }

    #[test]
    fn declarators() {
        let u8_ = TypeRef::primitive(Primitive::U8);
        assert_eq!(d(&u8_, "x", false), "uint8_t x");
        assert_eq!(d(&ptr(u8_.clone(), false), "p", false), "const uint8_t *p");
        assert_eq!(d(&ptr(u8_.clone(), true), "p", true), "uint8_t *const p");
        assert_eq!(
            d(&ptr(ptr(u8_.clone(), true), false), "pp", false),
            "uint8_t *const *pp"
        );
        assert_eq!(
            d(&arr(arr(u8_.clone(), 3), 2), "g", false),
            "uint8_t g[2][3]"
        );
        assert_eq!(
            d(&ptr(arr(u8_.clone(), 4), false), "rows", false),
            "const uint8_t (*rows)[4]"
        );
        assert_eq!(
            d(&arr(ptr(u8_.clone(), true), 3), "names", false),
            "uint8_t *names[3]"
        );
        assert_eq!(d(&ptr(TypeRef::Void, false), "", false), "const void *");
        assert_eq!(d(&TypeRef::Void, "v", false), "`void` used as a value");
        assert_eq!(
            d(&arr(u8_, 0), "z", false),
            "zero-length arrays are not valid C"
        );
    }

    #[test]
    fn const_opaque_can_be_dropped() {
        let mut model = Model::new("t", "t");
        model.types.push(interoptopus_core::model::TypeDef {
            guard: Default::default(),
            name: "rure".into(),
            rust_path: "crate::Regex".into(),
            docs: Default::default(),
            span: Default::default(),
            deprecated: None,
            kind: TypeKind::Opaque,
        });
        let names = Names {
            types: vec!["rure".into()],
            ..Names::default()
        };
        let handle = ptr(TypeRef::named(interoptopus_core::model::TypeId(0)), false);
        let render = |const_opaque| {
            Declarer {
                model: &model,
                names: &names,
                const_opaque,
            }
            .declare(&handle, "re", false)
            .unwrap_or_else(|e| e.message)
        };
        assert_eq!(render(true), "const rure *re");
        assert_eq!(render(false), "rure *re");
        // Other pointees keep their `const`.
        let bytes = ptr(TypeRef::primitive(Primitive::U8), false);
        let d = Declarer {
            model: &model,
            names: &names,
            const_opaque: false,
        };
        assert_eq!(
            d.declare(&bytes, "p", false).unwrap_or_else(|e| e.message),
            "const uint8_t *p"
        );
    }
}
