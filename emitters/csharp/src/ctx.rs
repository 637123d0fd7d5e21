//! Everything the per-item emitters share: the input, the configuration, names, the CLR layout
//! plan, the array helpers discovered so far, and the error list.
//!
//! Errors are collected rather than returned early so that one run reports every problem.

use std::cell::RefCell;
use std::collections::BTreeMap;

use interoptopus_core::model::{Model, TypeDef, TypeId, TypeKind, TypeRef};
use interoptopus_core::{EmitError, Layouts};

use crate::config::Config;
use crate::names::Naming;
use crate::types::clr_layout::ClrLayouts;

/// A fixed-size array type used somewhere, emitted once as a helper struct.
#[derive(Clone, Debug)]
pub(crate) struct ArrayHelper {
    pub element: TypeRef,
    /// The C# element type, to detect two element types that would share a helper name.
    pub element_cs: String,
    pub len: u64,
    /// Where it was first seen, for error messages.
    pub rust_path: String,
}

pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub layouts: &'a Layouts,
    pub config: &'a Config,
    pub naming: Naming,
    /// The escaped name of the static class holding functions, constants and statics.
    pub class: String,
    /// The `DllImport` library name, escaped for a string literal (every import repeats it).
    pub dll_literal: String,
    pub clr: ClrLayouts,
    type_names: Vec<String>,
    errors: RefCell<Vec<EmitError>>,
    arrays: RefCell<BTreeMap<String, ArrayHelper>>,
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, layouts: &'a Layouts, config: &'a Config) -> Self {
        let naming = Naming {
            rust_names: config.keeps_rust_names(),
        };
        // A service's class takes the Rust name; its raw handle struct becomes `<Name>Handle`.
        let type_names = model
            .types_with_ids()
            .map(|(id, t)| {
                if model.services.iter().any(|s| s.handle == id) {
                    naming.pascal(&format!("{}_handle", t.name))
                } else {
                    naming.pascal(&t.name)
                }
            })
            .collect();
        let mut ctx = Ctx {
            model,
            layouts,
            config,
            naming,
            class: crate::names::escape(&config.class_name()),
            dll_literal: crate::functions::string_literal(&config.dll_for(model)),
            clr: ClrLayouts::default(),
            type_names,
            errors: RefCell::new(Vec::new()),
            arrays: RefCell::new(BTreeMap::new()),
        };
        ctx.clr = ClrLayouts::compute(&ctx);
        ctx
    }

    pub fn error(&self, rust_path: &str, message: impl Into<String>, hint: Option<String>) {
        self.errors.borrow_mut().push(EmitError {
            language: "csharp",
            rust_path: rust_path.to_string(),
            message: message.into(),
            hint,
        });
    }

    pub fn take_errors(&self) -> Vec<EmitError> {
        std::mem::take(&mut *self.errors.borrow_mut())
    }

    /// The definition behind `id`, or `None` for an id outside the model (a malformed JSON
    /// model must not panic the emitter).
    pub fn def(&self, id: TypeId) -> Option<&'a TypeDef> {
        self.model.types.get(id.0 as usize)
    }

    /// The C# name of a named type (for transparent types, the name they would have).
    pub fn type_name(&self, id: TypeId) -> String {
        self.type_names
            .get(id.0 as usize)
            .cloned()
            .unwrap_or_else(|| format!("UnknownType{}", id.0))
    }

    /// Follows `#[repr(transparent)]` types to what they wrap: C# has no zero-cost newtype whose
    /// calling convention matches the wrapped type on every platform (a one-field struct is
    /// passed differently from a `double` on Windows x64), so the wrapped type is used instead.
    /// `None` for an unknown id or a cycle.
    pub fn resolve(&self, ty: &'a TypeRef) -> Option<&'a TypeRef> {
        let mut cur = ty;
        for _ in 0..=self.model.types.len() {
            match cur {
                TypeRef::Named { id, .. } => match &self.def(*id)?.kind {
                    TypeKind::Transparent { field } => cur = &field.ty,
                    _ => return Some(cur),
                },
                _ => return Some(cur),
            }
        }
        None
    }

    /// The kind of the named type `ty` resolves to, if it is a named type.
    pub fn named_kind(&self, ty: &'a TypeRef) -> Option<(TypeId, &'a TypeKind)> {
        match self.resolve(ty)? {
            TypeRef::Named { id, .. } => Some((*id, &self.def(*id)?.kind)),
            _ => None,
        }
    }

    pub fn is_opaque(&self, ty: &'a TypeRef) -> bool {
        matches!(self.named_kind(ty), Some((_, TypeKind::Opaque)))
    }

    pub fn pointer_bytes(&self) -> u64 {
        self.layouts.target.pointer_bytes()
    }

    /// Registers an array helper under `name`. Registering the same name for a different C#
    /// element type (a Rust type called `U8` next to `u8` arrays) is a collision error.
    pub fn register_array(&self, name: &str, helper: ArrayHelper) {
        let clash = {
            let mut arrays = self.arrays.borrow_mut();
            match arrays.get(name) {
                Some(existing) if existing.element_cs != helper.element_cs => {
                    Some(existing.element_cs.clone())
                }
                Some(_) => None,
                None => {
                    arrays.insert(name.to_string(), helper.clone());
                    None
                }
            }
        };
        if let Some(first) = clash {
            self.error(
                &helper.rust_path,
                format!(
                    "the array helper `{name}` would hold both `{first}` and `{}` elements",
                    helper.element_cs
                ),
                Some("rename the Rust type whose name looks like a primitive".to_string()),
            );
        }
    }

    /// Every array helper registered so far, by name.
    pub fn arrays(&self) -> BTreeMap<String, ArrayHelper> {
        self.arrays.borrow().clone()
    }
}
