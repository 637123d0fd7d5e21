//! Scan + expand + lower: exports written through macros reach the model with their docs and
//! with spans at the invocation.

use interoptopus_core::model::{ConstValue, Model, TypeKind, TypeRef};

use super::Crate;
use crate::diagnostic::Diagnostic;
use crate::lower::{lower, LowerOptions};
use crate::scan::CfgContext;

fn lower_crate(krate: &Crate) -> Result<Model, Vec<Diagnostic>> {
    let cfg = CfgContext::x86_64_linux(&[]);
    let (scanned, warnings) = krate.expand_with(&cfg, &[])?;
    assert!(warnings.is_empty(), "{warnings:#?}");
    let lowered = lower(
        &scanned,
        &LowerOptions::new("t", "t", krate.dir.path().to_path_buf(), cfg.target_info()),
    )?;
    Ok(lowered.model)
}

fn model(krate: &Crate) -> Model {
    lower_crate(krate).unwrap_or_else(|e| panic!("failed: {e:#?}"))
}

/// A regex-capi-style C API: the wrapper macro lives in its own module (`#[macro_use]`), adds
/// `#[no_mangle] pub extern fn`, passes doc comments through, and has trailing-comma and
/// no-return-type rules that forward to the main one.
const MACROS_RS: &str = r#"
macro_rules! ffi_fn {
    ($(#[$attr:meta])* fn $name:ident($($arg:ident: $arg_ty:ty),*,) -> $ret:ty $body:block) => {
        ffi_fn!($(#[$attr])* fn $name($($arg: $arg_ty),*) -> $ret $body);
    };
    ($(#[$attr:meta])* fn $name:ident($($arg:ident: $arg_ty:ty),*) -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[no_mangle]
        pub extern fn $name($($arg: $arg_ty),*) -> $ret {
            match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(move || $body)) {
                Ok(v) => v,
                Err(_) => ::std::process::abort(),
            }
        }
    };
    ($(#[$attr:meta])* fn $name:ident($($arg:ident: $arg_ty:ty),*,) $body:block) => {
        ffi_fn!($(#[$attr])* fn $name($($arg: $arg_ty),*) $body);
    };
    ($(#[$attr:meta])* fn $name:ident($($arg:ident: $arg_ty:ty),*) $body:block) => {
        ffi_fn!($(#[$attr])* fn $name($($arg: $arg_ty),*) -> () $body);
    };
}

macro_rules! ffi_const {
    ($($(#[$attr:meta])* $name:ident: $ty:ty = $value:expr;)*) => {
        $( $(#[$attr])* pub const $name: $ty = $value; )*
    };
}

macro_rules! ffi_struct {
    ($(#[$attr:meta])* $name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$attr])*
        #[repr(C)]
        pub struct $name { $(pub $field: $ty),* }
    };
}
"#;

const API_RS: &str = r#"use std::os::raw::c_char;

ffi_struct! {
    /// A match position.
    Span { start: usize, end: usize, }
}

ffi_const! {
    /// Case-insensitive matching.
    FLAG_CASEI: u32 = 1 << 0;
    /// Multi-line mode.
    FLAG_MULTI: u32 = 1 << 1;
    FLAG_BOTH: u32 = FLAG_CASEI | FLAG_MULTI;
}

ffi_fn! {
    /// Compiles a pattern.
    ///
    /// Returns null on failure.
    fn rx_compile(pattern: *const c_char, flags: u32,) -> *mut Span {
        let _ = (pattern, flags);
        std::ptr::null_mut()
    }
}

ffi_fn! {
    /// Frees a compiled pattern.
    fn rx_free(re: *mut Span) {
        let _ = re;
    }
}

ffi_fn! {
    fn rx_find(re: *const Span, out: *mut Span) -> bool { let _ = (re, out); false }
}
"#;

#[test]
fn regex_capi_style_exports_reach_the_model_with_docs() {
    let krate = Crate::new(&[
        ("src/lib.rs", "#[macro_use]\nmod macros;\nmod api;\n"),
        ("src/macros.rs", MACROS_RS),
        ("src/api.rs", API_RS),
    ]);
    let m = model(&krate);
    let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["rx_compile", "rx_free", "rx_find"]);

    let compile = &m.functions[0];
    // The blank `///` line between the paragraphs is kept.
    assert_eq!(
        compile.docs.lines,
        ["Compiles a pattern.", "", "Returns null on failure."]
    );
    assert_eq!(compile.rust_path, "crate::api::rx_compile");
    assert_eq!(compile.sig.params.len(), 2);
    // The span is the function's name in the invocation, in the file of the invocation.
    assert_eq!(compile.span.file, "src/api.rs");
    assert_eq!((compile.span.line, compile.span.column), (20, 8));

    let free = &m.functions[1];
    assert_eq!(free.docs.lines, ["Frees a compiled pattern."]);
    assert_eq!(free.sig.ret, TypeRef::Void);
    assert!(m.functions[2].docs.lines.is_empty());

    let span = m
        .types
        .iter()
        .find(|t| t.name == "Span")
        .unwrap_or_else(|| panic!("no Span type"));
    assert_eq!(span.docs.lines, ["A match position."]);
    assert!(matches!(&span.kind, TypeKind::Struct { fields, .. } if fields.len() == 2));

    let consts: Vec<(&str, Vec<String>, ConstValue)> = m
        .constants
        .iter()
        .map(|c| (c.name.as_str(), c.docs.lines.clone(), c.value))
        .collect();
    assert_eq!(
        consts,
        [
            (
                "FLAG_CASEI",
                vec!["Case-insensitive matching.".to_string()],
                ConstValue::Int(1)
            ),
            (
                "FLAG_MULTI",
                vec!["Multi-line mode.".to_string()],
                ConstValue::Int(2)
            ),
            ("FLAG_BOTH", vec![], ConstValue::Int(3)),
        ]
    );
}

#[test]
fn expression_fragments_keep_precedence_in_constants() {
    let krate = Crate::lib(
        "macro_rules! doubled { ($n:ident = $e:expr) => { pub const $n: u32 = $e * 2; }; }\ndoubled!(SIX = 1 + 2);\n",
    );
    let m = model(&krate);
    assert_eq!(m.constants[0].value, ConstValue::Int(6));
}

#[test]
fn lowering_errors_in_expanded_items_point_at_the_invocation() {
    let krate = Crate::new(&[
        ("src/lib.rs", "#[macro_use]\nmod macros;\nmod api;\n"),
        ("src/macros.rs", MACROS_RS),
        (
            "src/api.rs",
            "\n\nffi_fn! { fn takes_str(s: &str) -> u8 { s.len() as u8 } }\n",
        ),
    ]);
    let errors = lower_crate(&krate).err().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let loc = errors[0]
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location"));
    assert!(loc.file.ends_with("src/api.rs"), "{loc:?}");
    assert_eq!(loc.line, 3);
}
