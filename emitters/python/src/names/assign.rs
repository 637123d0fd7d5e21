//! Assigns every model item its Python and cdef names up front, so later stages only look
//! names up and every collision is reported once, naming both items.
//!
//! Names borrow the model's spelling when it needs no change (`Cow`), as most field,
//! parameter and type names do.

use std::borrow::Cow;
use std::fmt::Display;

use interoptopus_core::model::{FnSig, Model, TypeKind};
use interoptopus_core::naming::Case;

use super::repeats::repeats;
use super::{c_ident, c_member, c_symbol_ok, unique, Namespace, PyNamer};
use crate::ctx::Diag;

/// Names of one struct/union field or variant field.
#[derive(Clone, Debug)]
pub(crate) struct Member<'m> {
    pub py: Cow<'m, str>,
    pub c: Cow<'m, str>,
}

/// Names of one enum variant or tagged-union variant.
#[derive(Clone, Debug)]
pub(crate) struct Variant<'m> {
    /// `IntEnum` member, or the variant's class (`ShapeRect`).
    pub py: Cow<'m, str>,
    /// Enumerator (`COLOR_RED`), or the variant's struct in the cdef (`Shape_Rect`).
    pub c: Cow<'m, str>,
    /// Member of the payload union (separate style) or of the union (inline style).
    pub c_member: String,
    pub fields: Vec<Member<'m>>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TypeNames<'m> {
    /// Class (or alias) name in Python.
    pub py: Cow<'m, str>,
    /// Type name in the cdef.
    pub c: Cow<'m, str>,
    pub fields: Vec<Member<'m>>,
    pub variants: Vec<Variant<'m>>,
    /// Tagged unions (separate style): the payload union's name.
    pub c_payload: Cow<'m, str>,
    /// Function pointers: Python parameter names of `__call__`, and C parameter names.
    pub params: Vec<Member<'m>>,
}

#[derive(Clone, Debug)]
pub(crate) struct FunctionNames<'m> {
    pub py: Cow<'m, str>,
    pub params: Vec<Member<'m>>,
}

#[derive(Debug, Default)]
pub(crate) struct Names<'m> {
    pub types: Vec<TypeNames<'m>>,
    pub functions: Vec<FunctionNames<'m>>,
    pub constants: Vec<String>,
    pub statics: Vec<String>,
    /// Everything claimed at module level (public names), for parameter escaping.
    pub module: Namespace<'m>,
    /// Everything claimed in the cdef's global scope, for ABI substitutes added later.
    pub c_scope: Namespace<'m>,
}

/// The C spelling of tag members and the separate-style payload member.
pub(crate) const TAG: &str = "tag";
pub(crate) const PAYLOAD: &str = "payload";

/// Claims `name` for the item at `path` (formatted only for a message). `name` is a `Cow`
/// for [`Namespace::claim`].
#[allow(clippy::ptr_arg)]
fn claim<'m>(
    ns: &mut Namespace<'m>,
    diag: &mut Diag,
    name: &Cow<'m, str>,
    path: impl Display,
    what: &str,
) {
    if let Err(previous) = ns.claim(name, &path) {
        collision(diag, name, path, previous, what);
    }
}

/// Reports that `what` `name` of the item at `path` is already `previous`'s.
fn collision(diag: &mut Diag, name: &str, path: impl Display, previous: impl Display, what: &str) {
    diag.error(
        &path.to_string(),
        format!("{what} `{name}` collides with `{previous}`, which has the same name"),
        Some("rename one of them on the Rust side (or use `rust_names`)".into()),
    );
}

#[allow(clippy::ptr_arg)]
fn claim_public<'m>(
    ns: &mut Namespace<'m>,
    diag: &mut Diag,
    name: &Cow<'m, str>,
    path: impl Display,
    what: &str,
) {
    if name.starts_with('_') {
        diag.error(
            &path.to_string(),
            format!(
                "{what} `{name}` would start with `_`, which Python reserves for private names"
            ),
            Some("rename it on the Rust side so it starts with a letter".into()),
        );
    }
    claim(ns, diag, name, path, what);
}

/// Unique member names in Python (collision = error) and in C (silently made unique).
fn members<'m>(
    namer: PyNamer,
    diag: &mut Diag,
    owner: impl Display,
    fields: impl Iterator<Item = &'m str>,
    c_used: &mut Vec<Cow<'m, str>>,
) -> Vec<Member<'m>> {
    let fields: Vec<&str> = fields.collect();
    let members: Vec<Member<'m>> = fields
        .iter()
        .map(|f| Member {
            py: namer.field(f),
            c: unique(c_member(*f), c_used),
        })
        .collect();
    let py: Vec<&str> = members.iter().map(|m| &*m.py).collect();
    for (later, first) in repeats(&py) {
        let path = format_args!("{owner}::{}", fields[later]);
        let previous = format_args!("{owner}::{}", fields[first]);
        collision(diag, py[later], path, previous, "field");
    }
    members
}

pub(crate) fn assign<'m>(model: &'m Model, keep_rust_names: bool, diag: &mut Diag) -> Names<'m> {
    let namer = PyNamer {
        keep: keep_rust_names,
    };
    let mut names = Names::default();
    let items = model.types.len() + model.functions.len() + model.constants.len();
    let mut module = Namespace::with_capacity(items);
    // Types, their variants and the functions.
    let mut c_scope = Namespace::with_capacity(2 * items);

    for def in &model.types {
        let path = def.rust_path.as_str();
        let mut t = TypeNames {
            py: namer.class(&def.name),
            c: c_ident(&def.name),
            ..TypeNames::default()
        };
        claim(&mut c_scope, diag, &t.c, path, "C type");
        claim_public(&mut module, diag, &t.py, path, "class");
        match &def.kind {
            TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => {
                let mut used = Vec::new();
                t.fields = members(
                    namer,
                    diag,
                    path,
                    fields.iter().map(|f| f.name.as_str()),
                    &mut used,
                );
            }
            TypeKind::Transparent { field } => {
                t.fields = vec![Member {
                    py: namer.field(&field.name),
                    c: c_member(&field.name),
                }];
            }
            TypeKind::Enum {
                variants, repr_c, ..
            } => {
                let mut py_ns = Namespace::with_capacity(variants.len());
                for v in variants {
                    let vpath = format_args!("{path}::{}", v.name);
                    let py = Cow::Owned(namer.enum_member(&v.name));
                    claim(&mut py_ns, diag, &py, vpath, "enum member");
                    let c = Cow::Owned(format!(
                        "{}_{}",
                        Case::ScreamingSnake.apply(&def.name),
                        Case::ScreamingSnake.apply(&v.name)
                    ));
                    if *repr_c {
                        claim(&mut c_scope, diag, &c, vpath, "C enumerator");
                    }
                    t.variants.push(Variant {
                        py,
                        c,
                        c_member: String::new(),
                        fields: Vec::new(),
                    });
                }
            }
            TypeKind::TaggedUnion { variants, .. } => {
                t.c_payload = c_ident(format!("{}_Payload", def.name));
                claim(&mut c_scope, diag, &t.c_payload, path, "C payload union");
                let mut c_members = vec![Cow::Borrowed(TAG), Cow::Borrowed(PAYLOAD)];
                for v in variants {
                    let vpath = format_args!("{path}::{}", v.name);
                    let py = Cow::Owned(
                        namer
                            .class(&format!("{}{}", t.py, Case::Pascal.apply(&v.name)))
                            .into_owned(),
                    );
                    claim_public(&mut module, diag, &py, vpath, "variant class");
                    let c = c_ident(format!("{}_{}", def.name, v.name));
                    claim(&mut c_scope, diag, &c, vpath, "C variant struct");
                    let c_member =
                        unique(super::c_member(Case::Snake.apply(&v.name)), &mut c_members)
                            .into_owned();
                    let mut used = vec![Cow::Borrowed(TAG)];
                    let fields = members(
                        namer,
                        diag,
                        vpath,
                        v.fields.iter().map(|f| f.name.as_str()),
                        &mut used,
                    );
                    t.variants.push(Variant {
                        py,
                        c,
                        c_member,
                        fields,
                    });
                }
            }
            // Function pointer parameters are named last, like function parameters.
            TypeKind::FnPtr { .. } | TypeKind::Opaque => {}
        }
        names.types.push(t);
    }

    for c in &model.constants {
        let py = namer.constant(&c.name);
        claim_public(&mut module, diag, &py, &c.rust_path, "constant");
        names.constants.push(py.into_owned());
    }
    let mut static_ns = Namespace::default();
    for s in &model.statics {
        let py = Cow::Owned(namer.static_item(&s.name));
        claim_public(&mut static_ns, diag, &py, &s.rust_path, "static");
        symbol(&mut c_scope, diag, &s.name, &s.rust_path);
        names.statics.push(py.into_owned());
    }
    for f in &model.functions {
        let py = namer.function(&f.name);
        claim_public(&mut module, diag, &py, &f.rust_path, "function");
        symbol(&mut c_scope, diag, &f.name, &f.rust_path);
        names.functions.push(FunctionNames {
            py,
            params: Vec::new(),
        });
    }
    // Parameters last: they must not shadow any module-level name their wrapper uses.
    for (f, fnames) in model.functions.iter().zip(names.functions.iter_mut()) {
        fnames.params = params(namer, diag, &module, &f.rust_path, &f.sig);
    }
    for (def, t) in model.types.iter().zip(names.types.iter_mut()) {
        if let TypeKind::FnPtr { sig } = &def.kind {
            t.params = params(namer, diag, &module, &def.rust_path, sig);
        }
    }
    names.module = module;
    names.c_scope = c_scope;
    names
}

fn params<'m>(
    namer: PyNamer,
    diag: &mut Diag,
    module: &Namespace<'_>,
    path: &str,
    sig: &'m FnSig,
) -> Vec<Member<'m>> {
    let mut used = Vec::new();
    let params: Vec<Member<'m>> = sig
        .params
        .iter()
        .map(|p| Member {
            py: namer.param(&p.name, module),
            c: unique(c_ident(&*p.name), &mut used),
        })
        .collect();
    let py: Vec<&str> = params.iter().map(|m| &*m.py).collect();
    for (later, first) in repeats(&py) {
        let param = |i: usize| format!("{path}({})", sig.params[i].name);
        collision(diag, py[later], param(later), param(first), "parameter");
    }
    params
}

fn symbol<'m>(c_scope: &mut Namespace<'m>, diag: &mut Diag, name: &'m str, path: &str) {
    if !c_symbol_ok(name) {
        diag.error(
            path,
            format!("the symbol `{name}` is a C keyword or a type name cffi predefines, so cffi cannot declare it"),
            Some("export it under another name (`#[export_name = \"…\"]`)".into()),
        );
    }
    claim(c_scope, diag, &Cow::Borrowed(name), path, "C symbol");
}
