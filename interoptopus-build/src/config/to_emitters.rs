//! The language tables of the file, turned into each emitter's own `Config`.

use std::ops::Range;

use interoptopus_c::{C89Bool, CStandard, DocStyle, EnumeratorStyle, TypeCase};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Location};

use super::schema::CSection;
#[cfg(feature = "csharp")]
use super::schema::CSharpSection;
#[cfg(feature = "python")]
use super::schema::PythonSection;

pub fn c(
    section: CSection,
    at: &dyn Fn(Range<usize>) -> Location,
    errors: &mut Vec<Diagnostic>,
) -> Option<interoptopus_c::Config> {
    let mut config = interoptopus_c::Config::default();
    if let Some(f) = section.file {
        config = config.file(f);
    }
    if let Some(p) = section.prefix {
        config = config.prefix(p);
    }
    if let Some(g) = section.include_guard {
        config = config.include_guard(g);
    }
    let before = errors.len();
    let doc_style = section.doc_style.as_ref().and_then(|v| {
        choice(
            v,
            "doc_style",
            &[("line", DocStyle::Line), ("block", DocStyle::Block)],
            at,
            errors,
        )
    });
    if let Some(v) = doc_style {
        config = config.doc_style(v);
    }
    let type_case = section.type_case.as_ref().and_then(|v| {
        choice(
            v,
            "type_case",
            &[
                ("as_written", TypeCase::AsWritten),
                ("snake", TypeCase::Snake),
                ("pascal", TypeCase::Pascal),
            ],
            at,
            errors,
        )
    });
    if let Some(v) = type_case {
        config = config.type_case(v);
    }
    let standard = section.standard.as_ref().and_then(|v| {
        choice(
            v,
            "standard",
            &[("c89", CStandard::C89), ("c99", CStandard::C99)],
            at,
            errors,
        )
    });
    if let Some(v) = standard {
        config = config.standard(v);
    }
    let c89_bool = section.c89_bool.as_ref().and_then(|v| {
        choice(
            v,
            "c89_bool",
            &[
                ("unsigned_char", C89Bool::UnsignedChar),
                ("stdbool", C89Bool::Stdbool),
            ],
            at,
            errors,
        )
    });
    if let Some(v) = c89_bool {
        config = config.c89_bool(v);
    }
    let enumerator_style = section.enumerator_style.as_ref().and_then(|v| {
        choice(
            v,
            "enumerator_style",
            &[
                ("prefixed", EnumeratorStyle::Prefixed),
                ("variant", EnumeratorStyle::Variant),
                ("as_written", EnumeratorStyle::AsWritten),
            ],
            at,
            errors,
        )
    });
    if let Some(v) = enumerator_style {
        config = config.enumerator_style(v);
    }
    if let Some(m) = section.deprecated_macro {
        config = config.deprecated_macro(m);
    }
    if let Some(keep) = section.const_opaque {
        config = config.const_opaque(keep);
    }
    if errors.len() > before {
        return None;
    }
    Some(config)
}

/// The value a string option names among `choices`, or a located error listing them.
fn choice<T: Copy>(
    value: &Spanned<String>,
    key: &str,
    choices: &[(&str, T)],
    at: &dyn Fn(Range<usize>) -> Location,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    if let Some((_, v)) = choices.iter().find(|(name, _)| *name == value.get_ref()) {
        return Some(*v);
    }
    let names: Vec<String> = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    errors.push(
        Diagnostic::error(format!("unknown {key} `{}`", value.get_ref()))
            .at(at(value.span()))
            .hint(format!("use one of {}", names.join(", "))),
    );
    None
}

#[cfg(feature = "csharp")]
pub fn csharp(section: CSharpSection) -> interoptopus_csharp::Config {
    let mut config = interoptopus_csharp::Config::default();
    if let Some(f) = section.file {
        config = config.file(f);
    }
    if let Some(n) = section.namespace {
        config = config.namespace(n);
    }
    if let Some(c) = section.class {
        config = config.class(c);
    }
    if let Some(d) = section.dll_name {
        config = config.dll_name(d);
    }
    if let Some(r) = section.rust_names {
        config = config.rust_names(r);
    }
    if let Some(p) = section.public {
        config = config.public(p);
    }
    config
}

#[cfg(feature = "python")]
pub fn python(section: PythonSection) -> interoptopus_python::Config {
    let mut config = interoptopus_python::Config::default();
    if let Some(f) = section.file {
        config = config.file(f);
    }
    if let Some(r) = section.rust_names {
        config = config.rust_names(r);
    }
    if let Some(v) = section.library_env_var {
        config = config.library_env_var(v);
    }
    config
}
