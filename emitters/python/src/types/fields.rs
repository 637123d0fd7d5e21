//! Attribute access, constructors, `repr` and `==` for anything with fields: structs, unions
//! and tagged-union variants share this code.
//!
//! Every field costs a dozen lines, so lines are formatted straight into the writer
//! ([`CodeWriter::line_fmt`], [`CodeWriter::line_with`]) rather than built as `String`s first.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use interoptopus_core::model::{Docs, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::convert::{Pos, Py};
use crate::ctx::Ctx;
use crate::docs::docstring;

/// One field as a Python attribute backed by `self._cdata.<c_path>`.
pub(crate) struct FieldSpec<'a> {
    pub py: &'a str,
    pub c_path: Cow<'a, str>,
    pub ty: &'a TypeRef,
    pub docs: &'a Docs,
}

/// The getter and setter properties of `f`.
pub(crate) fn write_property(ctx: &Ctx<'_>, w: &mut CodeWriter, f: &FieldSpec<'_>) {
    let get_hint = ctx.hint(f.ty, Pos::Get);
    let (py, c_path) = (f.py, &f.c_path);
    w.line("@property");
    w.line_fmt(format_args!("def {py}(self) -> {get_hint}:"));
    w.indent();
    docstring(w, f.docs, &[]);
    if ctx.needs_annotation(f.ty) {
        w.line_fmt(format_args!("_v: {get_hint} = self._cdata.{c_path}"));
    } else {
        w.line_fmt(format_args!("_v = self._cdata.{c_path}"));
    }
    w.line_fmt(format_args!(
        "return {}",
        ctx.c_to_py(f.ty, "_v", Pos::Get, "self")
    ));
    w.dedent();
    w.blank();
    w.line_fmt(format_args!("@{py}.setter"));
    w.line_fmt(format_args!(
        "def {py}(self, value: {}) -> None:",
        ctx.hint(f.ty, Pos::Set)
    ));
    w.indent();
    w.line_with(|out| assignment(out, ctx, f, "self._cdata", "value", "self", false));
    w.dedent();
}

/// Appends a statement storing the Python value `v` into the field under `target`; `present`
/// when `v` is known not to be `None`.
fn assignment(
    out: &mut String,
    ctx: &Ctx<'_>,
    f: &FieldSpec<'_>,
    target: &str,
    v: &str,
    keep: &str,
    present: bool,
) {
    let c_path = &f.c_path;
    // Writing into a `String` cannot fail.
    let _ = match ctx.classify(f.ty) {
        Py::Array(element, _) => {
            let (get, put) = ctx.element_converters(element);
            write!(
                out,
                "FixedArray({target}.{c_path}, {keep}, {get}, {put}).assign({v})"
            )
        }
        _ if present => write!(
            out,
            "{target}.{c_path} = {}",
            ctx.py_to_c_present(f.ty, v, Pos::Set)
        ),
        _ => write!(
            out,
            "{target}.{c_path} = {}",
            ctx.py_to_c(f.ty, v, Pos::Set)
        ),
    };
}

/// One constructor parameter.
struct Arg {
    decl: String,
    required: bool,
    /// Stored only when not `None` (the memory starts zeroed).
    guarded: bool,
}

/// How `__init__` looks.
pub(crate) struct Ctor {
    /// Positional arguments allowed (tuple structs and variants), when the order of defaults
    /// permits it.
    pub positional: bool,
    /// Every argument defaults to `None` and only given ones are stored (unions).
    pub all_optional: bool,
    /// Body lines before the fields are stored; must bind `_mem` to the struct cdata.
    pub prologue: Vec<Cow<'static, str>>,
}

fn arg(ctx: &Ctx<'_>, f: &FieldSpec<'_>, all_optional: bool) -> Arg {
    let set = ctx.hint(f.ty, Pos::Set);
    let default = if all_optional {
        Some("None".into())
    } else {
        ctx.ctor_default(f.ty)
    };
    match default {
        None => Arg {
            decl: format!("{}: {set}", f.py),
            required: true,
            guarded: false,
        },
        Some(d) if d == "None" => {
            let decl = if set.ends_with("| None") || set == "CData" {
                format!("{}: {set} = None", f.py)
            } else {
                format!("{}: {set} | None = None", f.py)
            };
            Arg {
                decl,
                required: false,
                guarded: true,
            }
        }
        Some(d) => Arg {
            decl: format!("{}: {set} = {d}", f.py),
            required: false,
            guarded: false,
        },
    }
}

/// Writes `__init__` storing every field given.
pub(crate) fn write_ctor(ctx: &Ctx<'_>, w: &mut CodeWriter, fields: &[FieldSpec<'_>], ctor: &Ctor) {
    let args: Vec<Arg> = fields
        .iter()
        .map(|f| arg(ctx, f, ctor.all_optional))
        .collect();
    let required_after_optional = args.windows(2).any(|p| !p[0].required && p[1].required);
    let mut params = vec!["self"];
    let keyword_only = !ctor.positional || required_after_optional;
    if !args.is_empty() && keyword_only {
        params.push("*");
    }
    params.extend(args.iter().map(|a| a.decl.as_str()));
    if params.len() <= 3 {
        w.line_fmt(format_args!("def __init__({}) -> None:", params.join(", ")));
    } else {
        w.line("def __init__(");
        for p in &params {
            w.line_fmt(format_args!("    {p},"));
        }
        w.line(") -> None:");
    }
    w.indent();
    for p in &ctor.prologue {
        w.line(p);
    }
    for (f, a) in fields.iter().zip(&args) {
        if a.guarded {
            w.line_fmt(format_args!("if {} is not None:", f.py));
        }
        w.line_with(|out| {
            if a.guarded {
                out.push_str("    ");
            }
            assignment(out, ctx, f, "_mem", f.py, "None", a.guarded);
        });
    }
    w.dedent();
}

/// The text of a field in `repr` and `==`: its value, or its address for pointers.
struct Shown<'a> {
    field: &'a FieldSpec<'a>,
    obj: &'a str,
    by_address: bool,
}

fn shown<'a>(ctx: &Ctx<'_>, field: &'a FieldSpec<'a>, obj: &'a str) -> Shown<'a> {
    Shown {
        field,
        obj,
        by_address: ctx.by_address(field.ty),
    }
}

impl Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let obj = self.obj;
        if self.by_address {
            write!(f, "_address({obj}._cdata.{})", self.field.c_path)
        } else {
            write!(f, "{obj}.{}", self.field.py)
        }
    }
}

/// `__repr__` in constructor syntax: `Vec3(x=1.0, y=2.0, z=3.0)`.
pub(crate) fn write_repr(ctx: &Ctx<'_>, w: &mut CodeWriter, class: &str, fields: &[FieldSpec<'_>]) {
    w.line("def __repr__(self) -> str:");
    w.indent();
    // `name={value!r}`, or `name={address}` for pointers.
    let part = |out: &mut String, f: &FieldSpec<'_>| {
        let shown = shown(ctx, f, "self");
        let conv = if shown.by_address { "" } else { "!r" };
        let _ = write!(out, "{}={{{shown}{conv}}}", f.py);
    };
    if fields.is_empty() {
        w.line_fmt(format_args!("return \"{class}()\""));
    } else if fields.len() <= 3 {
        w.line_with(|out| {
            let _ = write!(out, "return f\"{class}(");
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                part(out, f);
            }
            out.push_str(")\"");
        });
    } else {
        w.line("return (");
        w.line_fmt(format_args!("    f\"{class}(\""));
        let n = fields.len();
        for (i, f) in fields.iter().enumerate() {
            let sep = if i + 1 < n { ", " } else { "" };
            w.line_with(|out| {
                out.push_str("    f\"");
                part(out, f);
                let _ = write!(out, "{sep}\"");
            });
        }
        w.line("    \")\"");
        w.line(")");
    }
    w.dedent();
}

/// `__eq__` comparing field values (pointers by address).
pub(crate) fn write_eq(ctx: &Ctx<'_>, w: &mut CodeWriter, class: &str, fields: &[FieldSpec<'_>]) {
    w.line("def __eq__(self, other: object) -> bool:");
    w.indent();
    w.line_fmt(format_args!("if not isinstance(other, {class}):"));
    w.line("    return NotImplemented");
    if fields.is_empty() {
        w.line("return True");
    } else if fields.len() <= 3 {
        // `(a,)` for one field, `(a, b)` for more.
        let tuple = |out: &mut String, obj: &str| {
            out.push('(');
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}", shown(ctx, f, obj));
            }
            if fields.len() == 1 {
                out.push(',');
            }
            out.push(')');
        };
        w.line_with(|out| {
            out.push_str("return ");
            tuple(out, "self");
            out.push_str(" == ");
            tuple(out, "other");
        });
    } else {
        w.line("return (");
        for f in fields {
            w.line_fmt(format_args!("    {},", shown(ctx, f, "self")));
        }
        w.line(") == (");
        for f in fields {
            w.line_fmt(format_args!("    {},", shown(ctx, f, "other")));
        }
        w.line(")");
    }
    w.dedent();
}

/// Class attributes every struct-like class needs: its pointer type, size, alignment if cffi
/// cannot express it, and its ABI substitute if it has one.
pub(crate) fn write_class_attrs(
    ctx: &Ctx<'_>,
    w: &mut CodeWriter,
    id: interoptopus_core::model::TypeId,
) {
    w.line("__slots__ = ()");
    w.line_fmt(format_args!("_PTR = ffi.typeof(\"{} *\")", ctx.c(id)));
    if let Some(l) = ctx.layout(id) {
        w.line_fmt(format_args!("_SIZE = {}", l.size));
        let cffi_align = ctx
            .ctypes
            .get(id.0 as usize)
            .and_then(|c| c.cffi)
            .map_or(1, |(_, a)| a);
        if l.align > cffi_align {
            w.line_fmt(format_args!("_ALIGN = {}", l.align));
        }
    }
    if let Some(s) = ctx.subst.get(&id) {
        w.line_fmt(format_args!(
            "_ABI_PTR = ffi.typeof(\"struct {} *\")",
            s.c_name
        ));
    }
}
