//! The language tables of the file, turned into each emitter's own `Config`.

use std::ops::Range;

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
    if let Some(style) = section.doc_style {
        match style.get_ref().as_str() {
            "line" => config = config.doc_style(interoptopus_c::DocStyle::Line),
            "block" => config = config.doc_style(interoptopus_c::DocStyle::Block),
            other => {
                errors.push(
                    Diagnostic::error(format!("unknown doc_style `{other}`"))
                        .at(at(style.span()))
                        .hint("use \"line\" (`//`) or \"block\" (`/* */`)"),
                );
                return None;
            }
        }
    }
    if let Some(case) = section.type_case {
        use interoptopus_c::TypeCase;
        let value = match case.get_ref().as_str() {
            "as_written" => TypeCase::AsWritten,
            "snake" => TypeCase::Snake,
            "pascal" => TypeCase::Pascal,
            other => {
                errors.push(
                    Diagnostic::error(format!("unknown type_case `{other}`"))
                        .at(at(case.span()))
                        .hint("use \"as_written\" (the default), \"snake\" or \"pascal\""),
                );
                return None;
            }
        };
        config = config.type_case(value);
    }
    if let Some(m) = section.deprecated_macro {
        config = config.deprecated_macro(m);
    }
    if let Some(standard) = section.standard {
        let value = match standard.get_ref().as_str() {
            "c89" => interoptopus_c::CStandard::C89,
            "c99" => interoptopus_c::CStandard::C99,
            other => {
                errors.push(
                    Diagnostic::error(format!("unknown C standard `{other}`"))
                        .at(at(standard.span()))
                        .hint("use \"c89\" or \"c99\" (the default; later standards and C++ accept it)"),
                );
                return None;
            }
        };
        config = config.standard(value);
    }
    if let Some(b) = section.c89_bool {
        let value = match b.get_ref().as_str() {
            "unsigned_char" => interoptopus_c::C89Bool::UnsignedChar,
            "stdbool" => interoptopus_c::C89Bool::Stdbool,
            other => {
                errors.push(
                    Diagnostic::error(format!("unknown c89_bool `{other}`"))
                        .at(at(b.span()))
                        .hint("use \"unsigned_char\" (a typedef, the default) or \"stdbool\" (`<stdbool.h>`)"),
                );
                return None;
            }
        };
        config = config.c89_bool(value);
    }
    if let Some(keep) = section.const_opaque {
        config = config.const_opaque(keep);
    }
    if let Some(style) = section.enumerator_style {
        use interoptopus_c::EnumeratorStyle;
        let value = match style.get_ref().as_str() {
            "prefixed" => EnumeratorStyle::Prefixed,
            "variant" => EnumeratorStyle::Variant,
            "as_written" => EnumeratorStyle::AsWritten,
            other => {
                errors.push(
                    Diagnostic::error(format!("unknown enumerator_style `{other}`"))
                        .at(at(style.span()))
                        .hint("use \"prefixed\" (ENUM_VARIANT), \"variant\" (VARIANT) or \"as_written\""),
                );
                return None;
            }
        };
        config = config.enumerator_style(value);
    }
    Some(config)
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
