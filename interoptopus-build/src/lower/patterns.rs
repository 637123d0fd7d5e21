//! The `interoptopus` runtime types (`Slice`, `StrView`, `OwnedVec`, `FfiOption`, `Callback`
//! …) and error enums: each becomes an ordinary model type (a struct or transparent type,
//! monomorphised as `Slice_f32`, `OwnedVec_Vec3` …) plus a [`TypePattern`] saying what it
//! means.
//!
//! The runtime crate is not scanned: its layouts are fixed by its docs (and checked by rustc
//! through the generated layout asserts), so the definitions are written out here.

use interoptopus_core::model::{
    Docs, Field, FnSig, Param, Pattern, PointerKind, Primitive, Span, StructRepr, TypeDef, TypeId,
    TypeKind, TypePattern, TypeRef,
};
use interoptopus_core::naming::symbols;

use super::types::{Position, Reported, RustTypeInfo, TypeScope};
use super::{attrs, Lowerer};
use crate::diagnostic::{Diagnostic, Location};

/// A type of the runtime crate the lowering understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Runtime {
    Slice,
    SliceMut,
    StrView,
    CStrPtr,
    OwnedString,
    OwnedVec,
    FfiOption,
    Bool,
    FfiResult,
    Callback,
    /// The destructor type of a callback's user data (`interoptopus::DropFn`).
    DropFn,
}

impl Runtime {
    fn rust_name(self) -> &'static str {
        match self {
            Runtime::Slice => "Slice",
            Runtime::SliceMut => "SliceMut",
            Runtime::StrView => "StrView",
            Runtime::CStrPtr => "CStrPtr",
            Runtime::OwnedString => "OwnedString",
            Runtime::OwnedVec => "OwnedVec",
            Runtime::FfiOption => "FfiOption",
            Runtime::Bool => "Bool",
            Runtime::FfiResult => "FfiResult",
            Runtime::Callback => "Callback",
            Runtime::DropFn => "DropFn",
        }
    }

    fn type_params(self) -> usize {
        match self {
            Runtime::Slice
            | Runtime::SliceMut
            | Runtime::OwnedVec
            | Runtime::FfiOption
            | Runtime::Callback => 1,
            Runtime::FfiResult => 2,
            _ => 0,
        }
    }
}

/// A path outside the crate (after `use`s) that names a runtime type: `interoptopus::X` or
/// `interoptopus::module::X`.
pub(super) fn runtime_type(path: &[String]) -> Option<Runtime> {
    let (first, rest) = path.split_first()?;
    if first != "interoptopus" {
        return None;
    }
    Some(match rest.last()?.as_str() {
        "Slice" => Runtime::Slice,
        "SliceMut" => Runtime::SliceMut,
        "StrView" => Runtime::StrView,
        "CStrPtr" => Runtime::CStrPtr,
        "OwnedString" => Runtime::OwnedString,
        "OwnedVec" => Runtime::OwnedVec,
        "FfiOption" => Runtime::FfiOption,
        "Bool" => Runtime::Bool,
        "FfiResult" => Runtime::FfiResult,
        "Callback" => Runtime::Callback,
        "DropFn" => Runtime::DropFn,
        _ => return None,
    })
}

fn usize_ty() -> TypeRef {
    TypeRef::primitive(Primitive::Usize)
}

fn raw(pointee: TypeRef, mutable: bool) -> TypeRef {
    TypeRef::pointer(pointee, mutable, true, PointerKind::Raw)
}

fn field(name: &str, ty: TypeRef, doc: &str) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::from_lines([doc]),
        ty,
    }
}

fn fields_struct(fields: Vec<Field>) -> TypeKind {
    TypeKind::Struct {
        fields,
        repr: StructRepr::default(),
        tuple: false,
    }
}

/// Whether the crate root invokes `interoptopus::layout_checks!()`, which includes the
/// generated support code (fingerprint and free functions). Returns the span to give the
/// generated functions.
pub(super) fn support_macro_span(lowerer: &Lowerer<'_>) -> Option<Span> {
    let root = lowerer.sources.modules.first()?;
    for item in &root.items {
        if let syn::Item::Macro(m) = item {
            if m.mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "layout_checks")
            {
                return Some(lowerer.span(0, m.mac.path.segments[0].ident.span()));
            }
        }
    }
    None
}

impl Lowerer<'_> {
    /// `interoptopus::X<args>` in a type position.
    pub(super) fn lower_runtime_type(
        &mut self,
        runtime: Runtime,
        args: Option<&syn::PathArguments>,
        span: proc_macro2::Span,
        scope: TypeScope<'_>,
        _position: Position,
    ) -> Result<TypeRef, Reported> {
        let written: Vec<&syn::Type> = match args {
            Some(syn::PathArguments::AngleBracketed(a)) => a
                .args
                .iter()
                .filter_map(|g| match g {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if written.len() != runtime.type_params() {
            return self.unsupported(
                scope.module,
                span,
                &format!(
                    "`interoptopus::{}` takes {} type argument(s), {} given",
                    runtime.rust_name(),
                    runtime.type_params(),
                    written.len()
                ),
                "write every type argument, e.g. `Slice<'_, f32>`",
            );
        }
        let mut lowered = Vec::new();
        let mut failed = false;
        for t in &written {
            match self.lower_type(t, scope, Position::Value) {
                Ok(ty) => lowered.push(ty),
                Err(Reported) => failed = true,
            }
        }
        if failed {
            return Err(Reported);
        }
        if runtime == Runtime::FfiResult && lowered.first().is_some_and(TypeRef::is_void) {
            return self.unsupported(
                scope.module,
                span,
                "`FfiResult<(), E>` has no value to carry",
                "return the error enum `E` itself",
            );
        }
        let id = self.runtime_instance(runtime, lowered, span, scope.module)?;
        Ok(TypeRef::named(id))
    }

    /// The model type of a runtime type instance, created on first use.
    pub(super) fn runtime_instance(
        &mut self,
        runtime: Runtime,
        args: Vec<TypeRef>,
        span: proc_macro2::Span,
        module: usize,
    ) -> Result<TypeId, Reported> {
        let key = runtime.rust_name();
        if let Some(id) = self.types.runtime_id(key, &args) {
            return Ok(id);
        }
        let mut name = key.to_string();
        for a in &args {
            name.push('_');
            name.push_str(&self.mangle(a));
        }
        let arg_text: Vec<String> = args.iter().map(|a| self.rust_text(a)).collect();
        let rust_path = if arg_text.is_empty() {
            format!("interoptopus::{key}")
        } else {
            format!("interoptopus::{key}<{}>", arg_text.join(", "))
        };
        // For docs: the type as the bindings spell its arguments (`Slice<Vec3>`).
        let shown = if args.is_empty() {
            key.to_string()
        } else {
            let a: Vec<String> = args.iter().map(|a| self.display(a)).collect();
            format!("{key}<{}>", a.join(", "))
        };
        let elem = |i: usize| args.get(i).cloned().unwrap_or(TypeRef::Void);
        let model_span = self.span(module, span);
        let (kind, docs, pattern) = match runtime {
            Runtime::Slice | Runtime::SliceMut => {
                let mutable = runtime == Runtime::SliceMut;
                let (what, ptr_doc) = if mutable {
                    (
                        "A borrowed, writable array",
                        "The first element; may be null when `len` is 0.",
                    )
                } else {
                    (
                        "A borrowed, read-only array",
                        "The first element; may be null when `len` is 0.",
                    )
                };
                (
                    fields_struct(vec![
                        field("ptr", raw(elem(0), mutable), ptr_doc),
                        field("len", usize_ty(), "The number of elements."),
                    ]),
                    format!("{what} (`interoptopus::{shown}`)."),
                    Some(Pattern::Slice {
                        element: elem(0),
                        mutable,
                    }),
                )
            }
            Runtime::StrView => (
                fields_struct(vec![
                    field(
                        "ptr",
                        raw(TypeRef::primitive(Primitive::U8), false),
                        "UTF-8 bytes, not NUL-terminated; may be null when `len` is 0.",
                    ),
                    field("len", usize_ty(), "The number of bytes."),
                ]),
                "A borrowed UTF-8 string (`interoptopus::StrView`).".to_string(),
                Some(Pattern::Utf8View),
            ),
            Runtime::CStrPtr => (
                TypeKind::Transparent {
                    field: Field {
                        name: "ptr".into(),
                        rust_name: "ptr".into(),
                        docs: Docs::default(),
                        ty: raw(TypeRef::primitive(Primitive::CChar), false),
                    },
                },
                "A borrowed, NUL-terminated string (`interoptopus::CStrPtr`); may be null."
                    .to_string(),
                Some(Pattern::CStr),
            ),
            Runtime::OwnedString | Runtime::OwnedVec => {
                let Some(macro_span) = support_macro_span(self) else {
                    return self.unsupported(
                        module,
                        span,
                        &format!("`interoptopus::{key}` needs a free function the crate does not export yet"),
                        "add `interoptopus::layout_checks!();` to the crate root: it includes the generated free functions",
                    );
                };
                let free = symbols::free_function(&self.options.lib_name, &name);
                let (ptr, pattern, what) = if runtime == Runtime::OwnedString {
                    (
                        raw(TypeRef::primitive(Primitive::U8), true),
                        Pattern::OwnedString { free: free.clone() },
                        "A string owned by the Rust library (`interoptopus::OwnedString`): UTF-8, followed by a NUL byte not counted in `len`.".to_string(),
                    )
                } else {
                    (
                        raw(elem(0), true),
                        Pattern::OwnedVec {
                            element: elem(0),
                            free: free.clone(),
                        },
                        format!("An array owned by the Rust library (`interoptopus::{shown}`); empty when `ptr` is null."),
                    )
                };
                let (ptr_doc, len_doc) = if runtime == Runtime::OwnedString {
                    (
                        "The UTF-8 bytes; null only for a value that owns nothing.",
                        "The number of bytes, without the NUL.",
                    )
                } else {
                    (
                        "The elements; null for an empty array.",
                        "The number of elements.",
                    )
                };
                let kind = fields_struct(vec![
                    field("ptr", ptr, ptr_doc),
                    field("len", usize_ty(), len_doc),
                    field(
                        "capacity",
                        usize_ty(),
                        "Rust's allocation size; only the free function reads it.",
                    ),
                ]);
                let id = self.push_runtime_def(
                    key,
                    args.clone(),
                    name.clone(),
                    rust_path,
                    what,
                    model_span,
                    kind,
                    Some(pattern),
                );
                self.model.functions.push(interoptopus_core::model::Function {
                    guard: Default::default(),
                    name: free,
                    rust_path: format!("crate::{}", symbols::free_function(&self.options.lib_name, &name)),
                    docs: Docs::from_lines([format!(
                        "Releases `{name}` values this library returned: call it exactly once per value, and do not use the value afterwards."
                    )]),
                    span: macro_span,
                    sig: FnSig {
                        params: vec![Param {
                            name: "value".into(),
                            ty: TypeRef::named(id),
                        }],
                        ret: TypeRef::Void,
                    },
                    deprecated: None,
                });
                return Ok(id);
            }
            Runtime::Bool => (
                TypeKind::Transparent {
                    field: Field {
                        name: "_0".into(),
                        rust_name: "0".into(),
                        docs: Docs::default(),
                        ty: TypeRef::primitive(Primitive::U8),
                    },
                },
                "A one-byte boolean (`interoptopus::Bool`): 0 is false, 1 is true.".to_string(),
                Some(Pattern::Bool),
            ),
            Runtime::FfiOption => {
                let flag = self.runtime_instance(Runtime::Bool, Vec::new(), span, module)?;
                (
                    fields_struct(vec![
                        field(
                            "value",
                            elem(0),
                            "The value; all zero bytes when `is_some` is false.",
                        ),
                        field(
                            "is_some",
                            TypeRef::named(flag),
                            "Whether `value` is present.",
                        ),
                    ]),
                    format!("An optional value (`interoptopus::{shown}`)."),
                    Some(Pattern::Option { inner: elem(0) }),
                )
            }
            Runtime::FfiResult => {
                let TypeRef::Named { id: error, .. } = elem(1) else {
                    return self.unsupported(
                        module,
                        span,
                        "the error of an `FfiResult` must be an `#[ffi_type(error)]` enum",
                        "declare an error enum: `#[ffi_type(error)] #[repr(C)] enum MyError { Ok = 0, … }`",
                    );
                };
                (
                    fields_struct(vec![
                        field(
                            "value",
                            elem(0),
                            "The value; meaningful only when `error` is the success variant (0).",
                        ),
                        field("error", elem(1), "The success variant (0) or an error."),
                    ]),
                    format!("A value or an error (`interoptopus::{shown}`)."),
                    Some(Pattern::Result {
                        value: elem(0),
                        error,
                    }),
                )
            }
            Runtime::Callback => {
                let function = match elem(0) {
                    TypeRef::Named {
                        id,
                        nullable: false,
                    } if self.callback_signature_ok(id) => id,
                    _ => {
                        return self.unsupported(
                            module,
                            span,
                            "the function of a `Callback` must be an `extern \"C\" fn` whose last parameter is the user data `*mut c_void`",
                            "e.g. `type OnValue = extern \"C\" fn(value: u32, data: *mut c_void) -> bool;` and `Callback<OnValue>`",
                        );
                    }
                };
                let drop = self.runtime_instance(Runtime::DropFn, Vec::new(), span, module)?;
                (
                    fields_struct(vec![
                        Field {
                            name: "call".into(),
                            rust_name: "call".into(),
                            docs: Docs::from_lines(["The function; may be null (Rust then does not call it)."]),
                            ty: TypeRef::Named { id: function, nullable: true },
                        },
                        field("data", raw(TypeRef::Void, true), "Passed back to `call` as its last argument."),
                        Field {
                            name: "drop".into(),
                            rust_name: "drop".into(),
                            docs: Docs::from_lines(["Called once with `data` when Rust no longer needs it; may be null."]),
                            ty: TypeRef::Named { id: drop, nullable: true },
                        },
                    ]),
                    format!("A callback with user data and an optional destructor (`interoptopus::{shown}`)."),
                    Some(Pattern::Callback { function }),
                )
            }
            Runtime::DropFn => (
                TypeKind::FnPtr {
                    sig: FnSig {
                        params: vec![Param {
                            name: "data".into(),
                            ty: raw(TypeRef::Void, true),
                        }],
                        ret: TypeRef::Void,
                    },
                },
                "Releases the user data of a callback (`interoptopus::DropFn`).".to_string(),
                None,
            ),
        };
        Ok(self.push_runtime_def(key, args, name, rust_path, docs, model_span, kind, pattern))
    }

    #[allow(clippy::too_many_arguments)]
    fn push_runtime_def(
        &mut self,
        key: &'static str,
        args: Vec<TypeRef>,
        name: String,
        rust_path: String,
        docs: String,
        span: Span,
        kind: TypeKind,
        pattern: Option<Pattern>,
    ) -> TypeId {
        let def = TypeDef {
            guard: Default::default(),
            name,
            rust_path,
            docs: Docs::from_lines([docs]),
            span,
            kind,
            deprecated: None,
        };
        let id = self
            .types
            .push_runtime(key, args, def, RustTypeInfo::default());
        if let Some(pattern) = pattern {
            self.model.patterns.push(TypePattern { ty: id, pattern });
        }
        id
    }

    /// A type as the bindings name it, for docs (`Vec3`, `f32`, `*const u8`).
    fn display(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Void => "c_void".into(),
            TypeRef::Primitive { primitive, .. } => match primitive {
                Primitive::CChar => "c_char".into(),
                p => p.rust_name().into(),
            },
            TypeRef::Pointer {
                pointee, mutable, ..
            } => format!(
                "*{} {}",
                if *mutable { "mut" } else { "const" },
                self.display(pointee)
            ),
            TypeRef::Array { element, len } => format!("[{}; {len}]", self.display(element)),
            TypeRef::Named { id, .. } => self.types.def(*id).name.clone(),
        }
    }

    /// A function pointer type whose last parameter is `*mut c_void`.
    fn callback_signature_ok(&self, id: TypeId) -> bool {
        match &self.types.def(id).kind {
            TypeKind::FnPtr { sig } => matches!(
                sig.params.last().map(|p| &p.ty),
                Some(TypeRef::Pointer { pointee, mutable: true, .. }) if pointee.is_void()
            ),
            _ => false,
        }
    }

    /// After every type is lowered: error enums become patterns, and what could only be
    /// checked with complete definitions is checked.
    pub(super) fn finish_patterns(&mut self) {
        self.mark_error_enums();
        self.check_result_errors();
        self.check_service_constructors();
        self.runtime_access_paths();
        self.finish_instance_paths();
        // The fingerprint function is described by `Model::fingerprint`, not listed among
        // the functions; a function of the crate must not take its name.
        if support_macro_span(self).is_some() {
            let name = symbols::fingerprint_function(&self.options.lib_name);
            let clash = self
                .model
                .functions
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.span.clone());
            if let Some(span) = clash {
                self.error_at_model_span(
                    &span,
                    format!("`{name}` is the name of the generated API fingerprint function"),
                    "rename this function",
                );
            }
        }
    }

    fn mark_error_enums(&mut self) {
        for (item, id) in self.types.item_instances() {
            let syn::Item::Enum(e) = self.item(item) else {
                continue;
            };
            if !attrs::ffi_flag(&e.attrs, "ffi_type", "error") {
                continue;
            }
            let ident = e.ident.clone();
            let def = self.types.def(id);
            let ok = match &def.kind {
                TypeKind::Enum { variants, .. } => variants.iter().any(|v| v.value == 0),
                TypeKind::Opaque => {
                    self.error(
                        item.module,
                        ident.span(),
                        format!("error enum `{ident}` has no C layout"),
                        "add `#[repr(C)]` (or an integer repr such as `#[repr(i32)]`)",
                    );
                    continue;
                }
                _ => {
                    self.error(
                        item.module,
                        ident.span(),
                        format!("error enum `{ident}` has variants with data"),
                        "an error enum is a plain list of codes; move the data elsewhere",
                    );
                    continue;
                }
            };
            if !ok {
                self.error(
                    item.module,
                    ident.span(),
                    format!("error enum `{ident}` has no variant with value 0"),
                    "add a success variant, e.g. `Ok = 0`",
                );
                continue;
            }
            self.model.patterns.push(TypePattern {
                ty: id,
                pattern: Pattern::ErrorEnum,
            });
        }
    }

    fn is_error_enum(&self, id: TypeId) -> bool {
        self.model
            .patterns
            .iter()
            .any(|p| p.ty == id && p.pattern == Pattern::ErrorEnum)
    }

    fn check_result_errors(&mut self) {
        let results: Vec<(TypeId, TypeId)> = self
            .model
            .patterns
            .iter()
            .filter_map(|p| match &p.pattern {
                Pattern::Result { error, .. } => Some((p.ty, *error)),
                _ => None,
            })
            .collect();
        for (ty, error) in results {
            if !self.is_error_enum(error) {
                let def = self.types.def(ty);
                let message = format!(
                    "`{}`: the error type `{}` is not an `#[ffi_type(error)]` enum",
                    def.rust_path,
                    self.types.def(error).rust_path
                );
                let span = def.span.clone();
                self.error_at_model_span(
                    &span,
                    message,
                    "mark the enum `#[ffi_type(error)]` (its value-0 variant means success)",
                );
            }
        }
    }

    fn check_service_constructors(&mut self) {
        let mut problems = Vec::new();
        for s in &self.model.services {
            for ctor in &s.constructors {
                let Some(f) = self.model.functions.iter().find(|f| &f.name == ctor) else {
                    continue;
                };
                let ok = matches!(&f.sig.ret, TypeRef::Named { id, .. } if self.is_error_enum(*id));
                if !ok {
                    problems.push((f.span.clone(), f.rust_path.clone()));
                }
            }
        }
        for (span, path) in problems {
            self.error_at_model_span(
                &span,
                format!("service constructor `{path}`: the error type is not an `#[ffi_type(error)]` enum"),
                "constructors return `Result<Self, E>` with `E` an `#[ffi_type(error)]` enum",
            );
        }
    }

    /// The Rust spelling of every runtime type for the crate root (layout asserts and the
    /// generated free functions), now that every definition's accessibility is known. Ids
    /// grow with nesting (arguments are interned first), so one pass in id order suffices.
    fn runtime_access_paths(&mut self) {
        let patterns: Vec<(TypeId, Pattern)> = self
            .model
            .patterns
            .iter()
            .map(|p| (p.ty, p.pattern.clone()))
            .collect();
        let mut ids: Vec<TypeId> = patterns.iter().map(|(id, _)| *id).collect();
        ids.sort();
        for id in ids {
            let Some((_, pattern)) = patterns.iter().find(|(p, _)| *p == id) else {
                continue;
            };
            let def = self.types.def(id);
            let path = match pattern {
                Pattern::ErrorEnum => continue,
                Pattern::Slice { element, mutable } => {
                    let k = if *mutable { "SliceMut" } else { "Slice" };
                    self.access_text(element)
                        .map(|e| format!("::interoptopus::{k}<'static, {e}>"))
                }
                Pattern::Utf8View => Some("::interoptopus::StrView<'static>".into()),
                Pattern::CStr => Some("::interoptopus::CStrPtr<'static>".into()),
                Pattern::OwnedString { .. } => Some("::interoptopus::OwnedString".into()),
                Pattern::OwnedVec { element, .. } => self
                    .access_text(element)
                    .map(|e| format!("::interoptopus::OwnedVec<{e}>")),
                Pattern::Option { inner } => self
                    .access_text(inner)
                    .map(|e| format!("::interoptopus::FfiOption<{e}>")),
                Pattern::Bool => Some("::interoptopus::Bool".into()),
                Pattern::Result { value, error } => self
                    .access_text(value)
                    .zip(self.types.rust(*error).access_path.clone())
                    .map(|(v, e)| format!("::interoptopus::FfiResult<{v}, {e}>")),
                // Every `Callback<F>` has the layout of three pointers whatever `F` is.
                Pattern::Callback { .. } => Some(
                    "::interoptopus::Callback<extern \"C\" fn(*mut ::core::ffi::c_void)>".into(),
                ),
            };
            if path.is_none() && matches!(pattern, Pattern::OwnedVec { .. }) {
                let message = format!(
                    "`{}` is returned, but its element type cannot be named from the crate root",
                    def.rust_path
                );
                let span = def.span.clone();
                self.error_at_model_span(
                    &span,
                    message,
                    "the generated free function lives in the crate root: make the element type and its modules `pub` (or `pub(crate)`)",
                );
            }
            self.types.rust_mut(id).access_path = path;
        }
    }

    /// A Rust type with the layout (and drop behaviour) of `ty`, nameable from the crate
    /// root. Pointers and function pointers are spelled generically: every thin pointer has
    /// the same layout and no drop glue.
    fn access_text(&self, ty: &TypeRef) -> Option<String> {
        Some(match ty {
            TypeRef::Void => "()".into(),
            TypeRef::Primitive {
                primitive,
                non_zero,
            } => {
                let p = match primitive {
                    Primitive::CChar => "::core::ffi::c_char",
                    p => p.rust_name(),
                };
                if *non_zero {
                    format!("::core::num::NonZero<{p}>")
                } else {
                    p.to_string()
                }
            }
            TypeRef::Pointer { .. } => "*mut ()".into(),
            TypeRef::Array { element, len } => format!("[{}; {len}]", self.access_text(element)?),
            TypeRef::Named { id, .. } => match &self.types.def(*id).kind {
                TypeKind::FnPtr { .. } => "::core::option::Option<extern \"C\" fn()>".into(),
                _ => self.types.rust(*id).access_path.clone()?,
            },
        })
    }

    /// An error at a span already converted for the model.
    pub(super) fn error_at_model_span(
        &mut self,
        span: &Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let file = self.options.manifest_dir.join(&span.file);
        self.errors.push(
            Diagnostic::error(message)
                .at(Location {
                    file,
                    line: span.line,
                    column: span.column,
                    len: 1,
                })
                .hint(hint),
        );
    }
}
