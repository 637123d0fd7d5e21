//! Attribute access, constructors, `repr` and `==` for anything with fields: structs, unions
//! and tagged-union variants share this code.

use interoptopus_core::model::{Docs, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::convert::{Pos, Py};
use crate::ctx::Ctx;
use crate::docs::docstring;

/// One field as a Python attribute backed by `self._cdata.<c_path>`.
pub(crate) struct FieldSpec<'a> {
    pub py: &'a str,
    pub c_path: String,
    pub ty: &'a TypeRef,
    pub docs: &'a Docs,
}

/// The getter and setter properties of `f`.
pub(crate) fn write_property(ctx: &Ctx<'_>, w: &mut CodeWriter, f: &FieldSpec<'_>) {
    let get_hint = ctx.hint(f.ty, Pos::Get);
    w.line("@property");
    w.line(format!("def {}(self) -> {get_hint}:", f.py));
    w.indent();
    docstring(w, f.docs, &[]);
    if ctx.needs_annotation(f.ty) {
        w.line(format!("_v: {get_hint} = self._cdata.{}", f.c_path));
    } else {
        w.line(format!("_v = self._cdata.{}", f.c_path));
    }
    w.line(format!(
        "return {}",
        ctx.c_to_py(f.ty, "_v", Pos::Get, "self")
    ));
    w.dedent();
    w.blank();
    w.line(format!("@{}.setter", f.py));
    w.line(format!(
        "def {}(self, value: {}) -> None:",
        f.py,
        ctx.hint(f.ty, Pos::Set)
    ));
    w.indent();
    w.line(assignment(ctx, f, "self._cdata", "value", "self", false));
    w.dedent();
}

/// A statement storing the Python value `v` into the field under `target`; `present` when `v`
/// is known not to be `None`.
fn assignment(
    ctx: &Ctx<'_>,
    f: &FieldSpec<'_>,
    target: &str,
    v: &str,
    keep: &str,
    present: bool,
) -> String {
    match ctx.classify(f.ty) {
        Py::Array(element, _) => {
            let (get, put) = ctx.element_converters(element);
            format!(
                "FixedArray({target}.{}, {keep}, {get}, {put}).assign({v})",
                f.c_path
            )
        }
        _ if present => format!(
            "{target}.{} = {}",
            f.c_path,
            ctx.py_to_c_present(f.ty, v, Pos::Set)
        ),
        _ => format!("{target}.{} = {}", f.c_path, ctx.py_to_c(f.ty, v, Pos::Set)),
    }
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
    pub prologue: Vec<String>,
}

fn arg(ctx: &Ctx<'_>, f: &FieldSpec<'_>, all_optional: bool) -> Arg {
    let set = ctx.hint(f.ty, Pos::Set);
    let default = if all_optional {
        Some("None".to_string())
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
    let mut params = vec!["self".to_string()];
    let keyword_only = !ctor.positional || required_after_optional;
    if !args.is_empty() && keyword_only {
        params.push("*".into());
    }
    params.extend(args.iter().map(|a| a.decl.clone()));
    if params.len() <= 3 {
        w.line(format!("def __init__({}) -> None:", params.join(", ")));
    } else {
        w.line("def __init__(");
        for p in &params {
            w.line(format!("    {p},"));
        }
        w.line(") -> None:");
    }
    w.indent();
    for p in &ctor.prologue {
        w.line(p);
    }
    for (f, a) in fields.iter().zip(&args) {
        let store = assignment(ctx, f, "_mem", f.py, "None", a.guarded);
        if a.guarded {
            w.line(format!("if {} is not None:", f.py));
            w.line(format!("    {store}"));
        } else {
            w.line(store);
        }
    }
    w.dedent();
}

/// The text of a field in `repr` and `==`: its value, or its address for pointers.
fn shown(ctx: &Ctx<'_>, f: &FieldSpec<'_>, obj: &str) -> String {
    if ctx.by_address(f.ty) {
        format!("_address({obj}._cdata.{})", f.c_path)
    } else {
        format!("{obj}.{}", f.py)
    }
}

/// `__repr__` in constructor syntax: `Vec3(x=1.0, y=2.0, z=3.0)`.
pub(crate) fn write_repr(ctx: &Ctx<'_>, w: &mut CodeWriter, class: &str, fields: &[FieldSpec<'_>]) {
    w.line("def __repr__(self) -> str:");
    w.indent();
    let parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let conv = if ctx.by_address(f.ty) { "" } else { "!r" };
            format!("{}={{{}{conv}}}", f.py, shown(ctx, f, "self"))
        })
        .collect();
    if parts.is_empty() {
        w.line(format!("return \"{class}()\""));
    } else if parts.len() <= 3 {
        w.line(format!("return f\"{class}({})\"", parts.join(", ")));
    } else {
        w.line("return (");
        w.line(format!("    f\"{class}(\""));
        let n = parts.len();
        for (i, p) in parts.iter().enumerate() {
            let sep = if i + 1 < n { ", " } else { "" };
            w.line(format!("    f\"{p}{sep}\""));
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
    w.line(format!("if not isinstance(other, {class}):"));
    w.line("    return NotImplemented");
    if fields.is_empty() {
        w.line("return True");
    } else {
        let tuple = |obj: &str| {
            let items: Vec<String> = fields.iter().map(|f| shown(ctx, f, obj)).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        };
        if fields.len() <= 3 {
            w.line(format!("return {} == {}", tuple("self"), tuple("other")));
        } else {
            w.line("return (");
            for f in fields {
                w.line(format!("    {},", shown(ctx, f, "self")));
            }
            w.line(") == (");
            for f in fields {
                w.line(format!("    {},", shown(ctx, f, "other")));
            }
            w.line(")");
        }
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
    w.line(format!("_PTR = ffi.typeof(\"{} *\")", ctx.c(id)));
    if let Some(l) = ctx.layout(id) {
        w.line(format!("_SIZE = {}", l.size));
        let cffi_align = ctx
            .ctypes
            .get(id.0 as usize)
            .and_then(|c| c.cffi)
            .map_or(1, |(_, a)| a);
        if l.align > cffi_align {
            w.line(format!("_ALIGN = {}", l.align));
        }
    }
    if let Some(s) = ctx.subst.get(&id) {
        w.line(format!("_ABI_PTR = ffi.typeof(\"struct {} *\")", s.c_name));
    }
}
