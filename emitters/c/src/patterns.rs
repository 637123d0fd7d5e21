//! What the pattern types mean for a C caller: ownership and null rules as doc comments on
//! the types and functions, service groups as comment blocks, and the API fingerprint as a
//! `#define` with a `<LIB>_API_CHECK()` macro comparing it with the library's fingerprint
//! function.
//!
//! Pattern types are ordinary structs in C; this module only adds words (and one macro), so
//! a model without patterns produces the same header as before.

use interoptopus_core::model::{Model, Pattern, Service, TypeId, TypeKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_comment;
use crate::literals::{uint64, Spelling};
use crate::names::Names;

/// The model with C-specific notes appended to the docs of pattern types and of functions
/// that hand out owned values or belong to a service.
pub(crate) fn annotate(model: &Model, names: &Names) -> Model {
    let mut out = model.clone();
    for p in &model.patterns {
        let notes = type_notes(model, names, p.ty, &p.pattern);
        if let Some(def) = out.types.get_mut(p.ty.0 as usize) {
            if !notes.is_empty() && !def.docs.is_empty() {
                def.docs.lines.push(String::new());
            }
            def.docs.lines.extend(notes);
        }
    }
    for f in &mut out.functions {
        let mut notes = Vec::new();
        if let Some(free) = owned_free(model, &f.sig.ret) {
            notes.push(format!(
                "The caller owns the returned value: release it with `{free}` exactly once."
            ));
        }
        if let Some(s) = model
            .services
            .iter()
            .find(|s| s.constructors.contains(&f.name))
        {
            let ok = success_name(model, names, &f.sig.ret);
            notes.push(format!(
                "Constructor of `{}`: on {ok} `*out` is a new handle to release with `{}`; otherwise `*out` is NULL.",
                s.name, s.destructor
            ));
        }
        if !notes.is_empty() && !f.docs.is_empty() {
            f.docs.lines.push(String::new());
        }
        f.docs.lines.extend(notes);
    }
    out
}

/// The free function of an owned pattern type returned by value, if `ty` is one.
fn owned_free<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m str> {
    let TypeRef::Named { id, .. } = ty else {
        return None;
    };
    match model.pattern(*id)? {
        Pattern::OwnedString { free } | Pattern::OwnedVec { free, .. } => Some(free),
        _ => None,
    }
}

/// `PATTERN_ERROR_OK` for the error enum `ty` (its value-0 enumerator), or a description.
fn success_name(model: &Model, names: &Names, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named { id, .. } => success_of(model, names, *id),
        _ => "success".into(),
    }
}

fn success_of(model: &Model, names: &Names, id: TypeId) -> String {
    let def = model.type_def(id);
    if let TypeKind::Enum { variants, .. } = &def.kind {
        if let Some(i) = variants.iter().position(|v| v.value == 0) {
            if let Some(n) = names.enumerators.get(id.0 as usize).and_then(|e| e.get(i)) {
                return format!("`{n}` (0)");
            }
        }
    }
    "success (0)".into()
}

fn type_notes(model: &Model, names: &Names, id: TypeId, pattern: &Pattern) -> Vec<String> {
    let own = |free: &str| {
        vec![
            format!("Ownership: a returned value belongs to the caller, who must pass it to `{free}` exactly once."),
            "Do not `free()` it, change `ptr` or `capacity`, or use it after releasing it.".to_string(),
        ]
    };
    match pattern {
        Pattern::Slice { mutable, .. } => vec![
            "Null rules: `ptr = NULL, len = 0` is an empty slice; a NULL `ptr` with a non-zero `len` is refused, never read.".into(),
            if *mutable {
                "The memory stays the caller's; Rust may write the elements, during the call only.".into()
            } else {
                "The memory stays the caller's; Rust reads it during the call only.".into()
            },
        ],
        Pattern::Utf8View => vec![
            "`ptr` need not be NUL-terminated. Bytes that are not UTF-8 are reported as an error, not read as text.".into(),
            "The memory stays the caller's; Rust reads it during the call only.".into(),
        ],
        Pattern::CStr => vec![
            "The string stays the caller's; Rust reads it during the call only. Text that is not UTF-8 is reported as an error.".into(),
        ],
        Pattern::OwnedString { free } => {
            let mut v = own(free);
            v.push("`ptr` can be printed as a C string (`%s`).".into());
            v
        }
        Pattern::OwnedVec { free, .. } => own(free),
        Pattern::Option { .. } => vec![
            "Set `is_some` to 1 and fill `value`, or set `is_some` to 0 (then `value` is ignored).".into(),
        ],
        Pattern::Bool => vec!["Pass 0 or 1; Rust reads any non-zero byte as true.".into()],
        Pattern::ErrorEnum => vec![format!(
            "{} means success; every other value is an error.",
            success_of(model, names, id)
        )],
        Pattern::Result { error, .. } => vec![format!(
            "Check `error` first: `value` is meaningful only when it is {}.",
            success_of(model, names, *error)
        )],
        Pattern::Callback { .. } => vec![
            "Rust calls `call(…, data)`, passing `data` back as the last argument.".into(),
            "Ownership of `data` passes to Rust with the callback: Rust calls `drop(data)` exactly once when it no longer needs it (set `drop` to NULL to keep ownership; `data` must then outlive Rust's use).".into(),
        ],
    }
}

/// Writes the comment block introducing a service before its first function.
pub(crate) fn write_service_block(ctx: &Ctx<'_>, w: &mut CodeWriter, function: &str) {
    let model = ctx.model;
    for s in &model.services {
        if first_function(model, s) != Some(function) {
            continue;
        }
        let handle = ctx
            .names
            .types
            .get(s.handle.0 as usize)
            .cloned()
            .unwrap_or_else(|| s.name.clone());
        let mut lines = vec![
            "----------------------------------------------------------------------------".into(),
            format!(
                "Service `{}`: an opaque handle (`{handle} *`) and its functions.",
                s.name
            ),
        ];
        if !s.constructors.is_empty() {
            lines.push(format!(
                "  Constructors: {} (write the new handle to `out`, return the error code)",
                s.constructors.join(", ")
            ));
        }
        if !s.methods.is_empty() {
            lines.push(format!("  Methods: {}", s.methods.join(", ")));
        }
        lines.push(format!(
            "  Destructor: {} (exactly once per handle; NULL is ignored)",
            s.destructor
        ));
        lines.push(
            "A NULL handle makes a method return its error (or zero) instead of crashing; a handle must not be used after its destructor, nor by two threads at once."
                .into(),
        );
        lines.push(
            "----------------------------------------------------------------------------".into(),
        );
        write_comment(w, ctx.config.doc_style_value(), &lines);
    }
}

/// The service's function that comes first in the model.
fn first_function<'m>(model: &'m Model, s: &Service) -> Option<&'m str> {
    model
        .functions
        .iter()
        .find(|f| {
            s.constructors.contains(&f.name)
                || s.methods.contains(&f.name)
                || f.name == s.destructor
        })
        .map(|f| f.name.as_str())
}

/// The fingerprint macro, the library's fingerprint function, and the check macro with how to
/// use it, after the constants.
///
/// The check is a function-like macro rather than a `static inline` function: it works in C89
/// and C++, and a program that never calls it gets no unused-function warning.
pub(crate) fn write_fingerprint(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let (Some(fp), Some(name), Some(check)) = (
        &ctx.model.fingerprint,
        &ctx.names.fingerprint,
        &ctx.names.fingerprint_check,
    ) else {
        return;
    };
    let style = ctx.config.doc_style_value();
    write_comment(
        w,
        style,
        &["The fingerprint of the API this header was generated from.".into()],
    );
    let value = match Spelling::of(ctx.config) {
        Spelling::C99 => format!("UINT64_C({:#018x})", fp.value),
        Spelling::C89 => uint64(fp.value, Spelling::C89),
    };
    w.line(format!("#define {name} {value}"));
    w.blank();
    write_comment(
        w,
        style,
        &["The fingerprint of the API the library was built from.".into()],
    );
    w.line(format!("uint64_t {}(void);", fp.function));
    w.blank();
    let header = ctx.config.file_name(ctx.model);
    let lib = &ctx.model.lib_name;
    write_comment(
        w,
        style,
        &[
            format!("1 when the loaded library was built from the API `{header}` describes, else 0."),
            "Check it once before any other call and refuse a library that fails it: its".into(),
            "functions may take other arguments, or types of another layout, than declared here."
                .into(),
            String::new(),
            format!("    if (!{check}()) {{"),
            format!(
                "        fprintf(stderr, \"the {lib} library was built from another API than {header}\\n\");"
            ),
            "        exit(EXIT_FAILURE);".into(),
            "    }".into(),
        ],
    );
    w.line(format!("#define {check}() ({}() == {name})", fp.function));
    w.blank();
}
