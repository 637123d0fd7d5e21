//! State shared by every generation stage: the input, the names, the cdef facts, and the
//! errors found so far.

use std::cell::RefCell;

use interoptopus_core::layout::TypeLayout;
use interoptopus_core::model::{Model, TypeId, TypeKind, TypeRef};
use interoptopus_core::{EmitError, Layouts};

use crate::abi::Substitutes;
use crate::cdef::CTypes;
use crate::config::Config;
use crate::names::Names;
use crate::types::arrays::ArrayHelpers;

/// Errors collected while emitting; the emitter reports all of them at once.
#[derive(Debug, Default)]
pub(crate) struct Diag {
    pub errors: Vec<EmitError>,
}

impl Diag {
    pub fn error(&mut self, rust_path: &str, message: impl Into<String>, hint: Option<String>) {
        self.errors.push(EmitError {
            language: "python",
            rust_path: rust_path.to_string(),
            message: message.into(),
            hint,
        });
    }
}

pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub layouts: &'a Layouts,
    pub config: &'a Config,
    pub names: Names<'a>,
    pub ctypes: CTypes<'a>,
    pub subst: Substitutes,
    /// Array element converters requested while emitting, written out at the end.
    pub array_helpers: RefCell<ArrayHelpers>,
}

impl Ctx<'_> {
    pub fn layout(&self, id: TypeId) -> Option<&TypeLayout> {
        self.layouts.of(id)
    }

    pub fn kind(&self, id: TypeId) -> &TypeKind {
        &self.model.type_def(id).kind
    }

    pub fn py(&self, id: TypeId) -> &str {
        &self.names.types[id.0 as usize].py
    }

    pub fn c(&self, id: TypeId) -> &str {
        &self.names.types[id.0 as usize].c
    }
}

/// Looks through `#[repr(transparent)]` wrappers: they have the ABI and the Python
/// representation of their one field.
pub(crate) fn peel<'t>(model: &'t Model, ty: &'t TypeRef) -> &'t TypeRef {
    let mut ty = ty;
    // A transparent chain is finite (types are dependency-sorted), but guard anyway.
    for _ in 0..64 {
        match ty {
            TypeRef::Named { id, .. } => match &model.type_def(*id).kind {
                TypeKind::Transparent { field } => ty = &field.ty,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}
