//! How each C type looks in Python: its type hint and the expressions converting values across.
//!
//! Values flow two ways. *In* (a function argument, a field assignment, what a Python callback
//! returns): Python objects become something cffi accepts, ideally the cdata the wrapper
//! already holds, so passing a struct costs an attribute read, not a copy. *Out* (a return
//! value, a field read, a callback argument): cdata becomes a Python object; structs read from
//! inside other memory are live views that keep their owner alive.
//!
//! Hints and expressions are `Cow`s: most are a fixed word, a class name or the variable
//! itself, and a large model asks for hundreds of thousands of them.

use std::borrow::Cow;

use interoptopus_core::model::{Primitive, TypeId, TypeKind, TypeRef};

use crate::ctx::{peel, Ctx};

/// The Python shape of a C type (after looking through transparent wrappers).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Py<'m> {
    Void,
    Int,
    NonZero,
    Float,
    Bool,
    Char,
    Enum(TypeId),
    /// Struct or union by value.
    Record(TypeId),
    /// Tagged union by value.
    Tagged(TypeId),
    Array(&'m TypeRef, u64),
    /// Pointer to an opaque type.
    Handle(TypeId, bool),
    /// Pointer to a struct or union.
    RecordPtr(TypeId, bool),
    /// Pointer to a tagged union (read as a copy, so its class always matches its tag).
    TaggedPtr(TypeId, bool),
    /// `*const c_char`.
    CStr(bool),
    /// Function pointer.
    Fn(TypeId, bool),
    /// Any other pointer: raw cdata.
    Raw(bool),
}

/// Where a value appears, which decides its hint and conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    /// Function argument (Python → C).
    Param,
    /// Function result (C → Python).
    Return,
    /// Struct field read.
    Get,
    /// Struct field write.
    Set,
    /// Argument a Python callback receives (C → Python).
    CbArg,
    /// What a Python callback returns (Python → C).
    CbRet,
}

impl Pos {
    fn inbound(self) -> bool {
        matches!(self, Pos::Param | Pos::Set | Pos::CbRet)
    }
}

impl Ctx<'_> {
    pub fn classify<'m>(&'m self, ty: &'m TypeRef) -> Py<'m> {
        match peel(self.model, ty) {
            TypeRef::Void => Py::Void,
            TypeRef::Primitive {
                primitive,
                non_zero,
            } => match primitive {
                _ if *non_zero => Py::NonZero,
                Primitive::Bool => Py::Bool,
                Primitive::Char32 => Py::Char,
                Primitive::F32 | Primitive::F64 => Py::Float,
                _ => Py::Int,
            },
            TypeRef::Array { element, len } => Py::Array(element, *len),
            TypeRef::Named { id, nullable } => match self.kind(*id) {
                TypeKind::Enum { .. } => Py::Enum(*id),
                TypeKind::TaggedUnion { .. } => Py::Tagged(*id),
                TypeKind::FnPtr { .. } => Py::Fn(*id, *nullable),
                // Opaque by value is rejected by the ABI check; transparent was peeled.
                _ => Py::Record(*id),
            },
            TypeRef::Pointer {
                pointee,
                nullable,
                mutable,
                ..
            } => match peel(self.model, pointee) {
                TypeRef::Named { id, .. } => match self.kind(*id) {
                    TypeKind::Opaque => Py::Handle(*id, *nullable),
                    TypeKind::Struct { .. } | TypeKind::Union { .. } => {
                        Py::RecordPtr(*id, *nullable)
                    }
                    TypeKind::TaggedUnion { .. } => Py::TaggedPtr(*id, *nullable),
                    _ => Py::Raw(*nullable),
                },
                TypeRef::Primitive {
                    primitive: Primitive::CChar,
                    ..
                } if !*mutable => Py::CStr(*nullable),
                _ => Py::Raw(*nullable),
            },
        }
    }

    /// The type hint of `ty` at `pos`. Transparent wrappers keep their alias name where the
    /// alias means the same thing in every position.
    pub fn hint<'s>(&'s self, ty: &'s TypeRef, pos: Pos) -> Cow<'s, str> {
        if let TypeRef::Named { id, .. } = ty {
            if matches!(self.kind(*id), TypeKind::Transparent { .. }) {
                let same_everywhere = !matches!(
                    self.classify(ty),
                    Py::Array(..)
                        | Py::Fn(..)
                        | Py::CStr(_)
                        | Py::Raw(_)
                        | Py::Handle(..)
                        | Py::RecordPtr(..)
                        | Py::TaggedPtr(..)
                );
                if same_everywhere {
                    return self.py(*id).into();
                }
            }
        }
        let opt = |h: Cow<'s, str>, nullable: bool| {
            if nullable {
                format!("{h} | None").into()
            } else {
                h
            }
        };
        match self.classify(ty) {
            Py::Void => "None".into(),
            Py::Int | Py::NonZero => "int".into(),
            Py::Float => "float".into(),
            Py::Bool => "bool".into(),
            Py::Char => "str".into(),
            Py::Enum(id) | Py::Record(id) | Py::Tagged(id) => self.py(id).into(),
            Py::Array(element, _) => {
                if pos.inbound() {
                    format!("_abc.Sequence[{}]", self.hint(element, pos)).into()
                } else {
                    format!("FixedArray[{}]", self.hint(element, pos)).into()
                }
            }
            Py::Handle(id, n) | Py::RecordPtr(id, n) | Py::TaggedPtr(id, n) => {
                opt(self.py(id).into(), n)
            }
            Py::CStr(n) if pos == Pos::Param => opt("str | bytes".into(), n),
            Py::CStr(_) | Py::Raw(_) => "CData".into(),
            Py::Fn(id, n) if pos.inbound() => opt(self.callable_hint(id).into(), n),
            Py::Fn(id, n) => opt(self.py(id).into(), n),
        }
    }

    /// `_abc.Callable[[...], R]` for what a Python callable must look like to become `id`.
    pub fn callable_hint(&self, id: TypeId) -> String {
        match self.kind(id) {
            TypeKind::FnPtr { sig } => {
                let args: Vec<String> = sig
                    .params
                    .iter()
                    .map(|p| self.hint(&p.ty, Pos::CbArg).into_owned())
                    .collect();
                format!(
                    "_abc.Callable[[{}], {}]",
                    args.join(", "),
                    self.hint(&sig.ret, Pos::CbRet)
                )
            }
            _ => "_abc.Callable[..., _t.Any]".into(),
        }
    }

    /// Expression turning the Python value in variable `v` into what cffi accepts.
    pub fn py_to_c<'s>(&'s self, ty: &'s TypeRef, v: &'s str, pos: Pos) -> Cow<'s, str> {
        self.py_to_c_checked(ty, v, pos, true)
    }

    /// Like [`Ctx::py_to_c`] for a value already known not to be `None`.
    pub fn py_to_c_present<'s>(&'s self, ty: &'s TypeRef, v: &'s str, pos: Pos) -> Cow<'s, str> {
        self.py_to_c_checked(ty, v, pos, false)
    }

    fn py_to_c_checked<'s>(
        &'s self,
        ty: &'s TypeRef,
        v: &'s str,
        pos: Pos,
        may_be_none: bool,
    ) -> Cow<'s, str> {
        let nullable = |n: bool, e: Cow<'s, str>| {
            if n && may_be_none {
                format!("_NULL if {v} is None else {e}").into()
            } else {
                e
            }
        };
        match self.classify(ty) {
            Py::Void | Py::Int | Py::Float | Py::Bool | Py::Enum(_) => v.into(),
            Py::NonZero => format!("_nonzero({v})").into(),
            Py::Char => format!("_char32({v})").into(),
            Py::Record(id) | Py::Tagged(id) => {
                if pos != Pos::Set && self.subst.contains_key(&id) {
                    format!("{v}._abi()").into()
                } else {
                    format!("{v}._cdata").into()
                }
            }
            // Only struct fields hold arrays; their setters convert element-wise.
            Py::Array(..) => v.into(),
            Py::Handle(_, n) => nullable(n, format!("{v}._ptr").into()),
            Py::RecordPtr(_, n) | Py::TaggedPtr(_, n) => {
                nullable(n, format!("({v}._ptr or {v}._addr())").into())
            }
            Py::CStr(_) if pos == Pos::Param => format!("_cstr({v})").into(),
            Py::CStr(n) | Py::Raw(n) => nullable(n, v.into()),
            Py::Fn(id, n) => {
                let class = self.py(id);
                nullable(n, format!("_fnptr({class}, {v})").into())
            }
        }
    }

    /// Expression turning the cdata in variable `v` into a Python value. `keep` is the
    /// object a view must keep alive (field reads).
    pub fn c_to_py<'s>(
        &'s self,
        ty: &'s TypeRef,
        v: &'s str,
        pos: Pos,
        keep: &str,
    ) -> Cow<'s, str> {
        let nullable = |n: bool, e: String| {
            if n {
                // A cffi pointer is false exactly when it is NULL (cheaper than `== _NULL`).
                format!("{e} if {v} else None").into()
            } else {
                e.into()
            }
        };
        match self.classify(ty) {
            Py::Void
            | Py::Int
            | Py::NonZero
            | Py::Float
            | Py::Bool
            | Py::Char
            | Py::CStr(_)
            | Py::Raw(_) => v.into(),
            Py::Enum(id) => format!("_{}_OF[{v}]", self.py(id)).into(),
            Py::Record(id) | Py::Tagged(id) => {
                let class = self.py(id);
                let by_value = matches!(pos, Pos::Return | Pos::CbArg);
                let e = if by_value && self.subst.contains_key(&id) {
                    format!("{class}._from_abi({v})")
                } else if pos == Pos::Get && matches!(self.classify(ty), Py::Record(_)) {
                    format!("{class}._view({v}, {keep})")
                } else if pos == Pos::Return && matches!(self.classify(ty), Py::Record(_)) {
                    // A returned struct owns its memory already.
                    format!("{class}._view({v}, None)")
                } else {
                    // Callback arguments live on libffi's stack; tagged unions are copied so
                    // that their class always matches their tag.
                    format!("{class}._copy_of({v})")
                };
                e.into()
            }
            Py::Array(element, _) => {
                let (get, put) = self.element_converters(element);
                format!("FixedArray({v}, {keep}, {get}, {put})").into()
            }
            Py::Handle(id, n) | Py::RecordPtr(id, n) | Py::Fn(id, n) => {
                nullable(n, format!("{}._from_ptr({v})", self.py(id)))
            }
            Py::TaggedPtr(id, n) => nullable(n, format!("{}._copy_of({v}[0])", self.py(id))),
        }
    }

    /// Statements binding the Python value of cdata `v` to `dst`. Wrapper objects are built
    /// inline (no classmethod call, which costs more than the object itself) on the hot paths:
    /// function results and callback arguments.
    pub fn c_to_py_into(&self, ty: &TypeRef, v: &str, dst: &str, pos: Pos) -> Vec<String> {
        let (id, nullable, slots): (TypeId, bool, Vec<(&str, String)>) = match self.classify(ty) {
            Py::Handle(id, n) => (id, n, vec![("_ptr", v.to_string())]),
            Py::RecordPtr(id, n) => (
                id,
                n,
                vec![
                    ("_cdata", format!("{v}[0]")),
                    ("_ptr", v.to_string()),
                    ("_keep", "None".into()),
                ],
            ),
            Py::Fn(id, n) => (
                id,
                n,
                vec![
                    ("_cdata", v.to_string()),
                    ("_fn", "None".into()),
                    ("_pinned", "True".into()),
                ],
            ),
            // Only a struct returned by value owns its memory; callback arguments are copied.
            Py::Record(id) if pos == Pos::Return && !self.subst.contains_key(&id) => (
                id,
                false,
                vec![
                    ("_cdata", v.to_string()),
                    ("_ptr", "None".into()),
                    ("_keep", "None".into()),
                ],
            ),
            _ if self.needs_annotation(ty) => {
                return vec![format!(
                    "{dst}: {} = {}",
                    self.hint(ty, pos),
                    self.c_to_py(ty, v, pos, "None")
                )]
            }
            _ => return vec![format!("{dst} = {}", self.c_to_py(ty, v, pos, "None"))],
        };
        let mut create = vec![format!("{dst} = _new({})", self.py(id))];
        create.extend(
            slots
                .into_iter()
                .map(|(slot, value)| format!("{dst}.{slot} = {value}")),
        );
        if !nullable {
            return create;
        }
        let mut out = vec![format!("{dst}: {}", self.hint(ty, pos)), format!("if {v}:")];
        out.extend(create.into_iter().map(|l| format!("    {l}")));
        out.push("else:".into());
        out.push(format!("    {dst} = None"));
        out
    }

    /// Whether reading `ty` gives a value that needs no conversion but must be annotated so
    /// that `mypy --strict` does not see `Any` returned.
    pub fn needs_annotation(&self, ty: &TypeRef) -> bool {
        matches!(
            self.classify(ty),
            Py::Int | Py::NonZero | Py::Float | Py::Bool | Py::Char | Py::CStr(_) | Py::Raw(_)
        )
    }

    /// Whether a field of this type is shown and compared by address (never dereferenced in
    /// `repr` or `==`, which could follow dangling or cyclic pointers).
    pub fn by_address(&self, ty: &TypeRef) -> bool {
        matches!(
            self.classify(ty),
            Py::Handle(..)
                | Py::RecordPtr(..)
                | Py::TaggedPtr(..)
                | Py::CStr(_)
                | Py::Raw(_)
                | Py::Fn(..)
        )
    }

    /// `(get, put)` converter names for array elements of type `element` (`None` when cffi's own
    /// conversion is right). The functions are emitted once per element type by
    /// [`crate::types::arrays`].
    pub fn element_converters(&self, element: &TypeRef) -> (String, String) {
        let (get, put) = crate::types::arrays::needs(self, element);
        if !get && !put {
            return ("None".into(), "None".into());
        }
        let i = self.array_helpers.borrow_mut().index(element);
        let name = |needed: bool, what: &str| {
            if needed {
                format!("_elem_{what}_{i}")
            } else {
                "None".to_string()
            }
        };
        (name(get, "get"), name(put, "put"))
    }

    /// Default value of a constructor argument for a field, or `None` when the argument is
    /// required (zeroed memory would not be a valid value).
    pub fn ctor_default(&self, ty: &TypeRef) -> Option<Cow<'static, str>> {
        match self.classify(ty) {
            Py::Int => Some("0".into()),
            Py::Float => Some("0.0".into()),
            Py::Bool => Some("False".into()),
            Py::Char => Some("\"\\x00\"".into()),
            Py::NonZero | Py::Tagged(_) => None,
            Py::Enum(id) => self.names.types[id.0 as usize]
                .variants
                .first()
                .map(|v| format!("{}.{}", self.py(id), v.py).into()),
            Py::Record(_) | Py::Array(..) | Py::CStr(_) | Py::Raw(_) | Py::Void => {
                Some("None".into())
            }
            Py::Handle(_, n) | Py::RecordPtr(_, n) | Py::TaggedPtr(_, n) | Py::Fn(_, n) => {
                n.then(|| "None".into())
            }
        }
    }
}
