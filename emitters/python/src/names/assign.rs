//! Assigns every model item its Python and cdef names up front, so later stages only look
//! names up and every collision is reported once, naming both items.

use std::fmt::Display;

use interoptopus_core::model::{FnSig, Model, TypeKind};
use interoptopus_core::naming::Case;

use super::{c_ident, c_member, c_symbol_ok, unique, Namespace, PyNamer};
use crate::ctx::Diag;

/// Names of one struct/union field or variant field.
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub py: String,
    pub c: String,
}

/// Names of one enum variant or tagged-union variant.
#[derive(Clone, Debug)]
pub(crate) struct Variant {
    /// `IntEnum` member, or the variant's class (`ShapeRect`).
    pub py: String,
    /// Enumerator (`COLOR_RED`), or the variant's struct in the cdef (`Shape_Rect`).
    pub c: String,
    /// Member of the payload union (separate style) or of the union (inline style).
    pub c_member: String,
    pub fields: Vec<Member>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TypeNames {
    /// Class (or alias) name in Python.
    pub py: String,
    /// Type name in the cdef.
    pub c: String,
    pub fields: Vec<Member>,
    pub variants: Vec<Variant>,
    /// Tagged unions (separate style): the payload union's name.
    pub c_payload: String,
    /// Function pointers: Python parameter names of `__call__`, and C parameter names.
    pub params: Vec<Member>,
}

#[derive(Clone, Debug)]
pub(crate) struct FunctionNames {
    pub py: String,
    pub params: Vec<Member>,
}

#[derive(Debug, Default)]
pub(crate) struct Names {
    pub types: Vec<TypeNames>,
    pub functions: Vec<FunctionNames>,
    pub constants: Vec<String>,
    pub statics: Vec<String>,
    /// Everything claimed at module level (public names), for parameter escaping.
    pub module: Namespace,
    /// Everything claimed in the cdef's global scope, for ABI substitutes added later.
    pub c_scope: Namespace,
}

/// The C spelling of tag members and the separate-style payload member.
pub(crate) const TAG: &str = "tag";
pub(crate) const PAYLOAD: &str = "payload";

/// Claims `name` for the item at `path` (formatted only for a message: most paths are a
/// `format_args!` of a field or variant).
fn claim(ns: &mut Namespace, diag: &mut Diag, name: &str, path: impl Display, what: &str) {
    if let Err(previous) = ns.claim(name, &path) {
        diag.error(
            &path.to_string(),
            format!("{what} `{name}` collides with `{previous}`, which has the same name"),
            Some("rename one of them on the Rust side (or use `rust_names`)".into()),
        );
    }
}

fn claim_public(ns: &mut Namespace, diag: &mut Diag, name: &str, path: impl Display, what: &str) {
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
fn members<'a>(
    namer: PyNamer,
    diag: &mut Diag,
    owner: impl Display,
    fields: impl ExactSizeIterator<Item = &'a str>,
    c_used: &mut Vec<String>,
) -> Vec<Member> {
    let mut py_ns = Namespace::with_capacity(fields.len());
    fields
        .map(|f| {
            let py = namer.field(f);
            claim(&mut py_ns, diag, &py, format_args!("{owner}::{f}"), "field");
            let c = unique(c_member(f), c_used);
            Member { py, c }
        })
        .collect()
}

pub(crate) fn assign(model: &Model, keep_rust_names: bool, diag: &mut Diag) -> Names {
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
                    let py = namer.enum_member(&v.name);
                    claim(&mut py_ns, diag, &py, vpath, "enum member");
                    let c = format!(
                        "{}_{}",
                        Case::ScreamingSnake.apply(&def.name),
                        Case::ScreamingSnake.apply(&v.name)
                    );
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
                t.c_payload = c_ident(&format!("{}_Payload", def.name));
                claim(&mut c_scope, diag, &t.c_payload, path, "C payload union");
                let mut c_members = vec![TAG.to_string(), PAYLOAD.to_string()];
                for v in variants {
                    let vpath = format_args!("{path}::{}", v.name);
                    let py = namer.class(&format!("{}{}", t.py, Case::Pascal.apply(&v.name)));
                    claim_public(&mut module, diag, &py, vpath, "variant class");
                    let c = c_ident(&format!("{}_{}", def.name, v.name));
                    claim(&mut c_scope, diag, &c, vpath, "C variant struct");
                    let c_member =
                        unique(super::c_member(&Case::Snake.apply(&v.name)), &mut c_members);
                    let mut used = vec![TAG.to_string()];
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
        names.constants.push(py);
    }
    let mut static_ns = Namespace::default();
    for s in &model.statics {
        let py = namer.static_item(&s.name);
        claim_public(&mut static_ns, diag, &py, &s.rust_path, "static");
        symbol(&mut c_scope, diag, &s.name, &s.rust_path);
        names.statics.push(py);
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

fn params(
    namer: PyNamer,
    diag: &mut Diag,
    module: &Namespace,
    path: &str,
    sig: &FnSig,
) -> Vec<Member> {
    let mut used = Vec::new();
    let mut py_ns = Namespace::with_capacity(sig.params.len());
    sig.params
        .iter()
        .map(|p| {
            let py = namer.param(&p.name, module);
            claim(
                &mut py_ns,
                diag,
                &py,
                format_args!("{path}({})", p.name),
                "parameter",
            );
            Member {
                py,
                c: unique(c_ident(&p.name), &mut used),
            }
        })
        .collect()
}

fn symbol(c_scope: &mut Namespace, diag: &mut Diag, name: &str, path: &str) {
    if !c_symbol_ok(name) {
        diag.error(
            path,
            format!("the symbol `{name}` is a C keyword or a type name cffi predefines, so cffi cannot declare it"),
            Some("export it under another name (`#[export_name = \"…\"]`)".into()),
        );
    }
    claim(c_scope, diag, name, path, "C symbol");
}
