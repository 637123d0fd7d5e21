//! An invocation of a crate-local macro that cannot be expanded is a located error that names
//! the macro and the way out.

use super::{expand_err, Crate};
use crate::diagnostic::{Diagnostic, Severity};

const HINT: &str = "declare the items it writes by hand (`[declare]` in interoptopus.toml, or `Builder::declare`) and exclude it";

fn only_error(errors: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].severity, Severity::Error);
    &errors[0]
}

/// (file name, line, column) of a diagnostic.
fn at(d: &Diagnostic) -> (String, u32, u32) {
    let loc = d
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location: {d}"));
    let name = loc
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (name, loc.line, loc.column)
}

#[test]
fn no_matching_rule_points_at_the_token_and_names_the_macro() {
    let krate = Crate::new(&[
        (
            "src/lib.rs",
            "#[macro_use]\nmod macros;\nmod api;\n",
        ),
        (
            "src/macros.rs",
            "macro_rules! ffi_fn {\n    (fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {};\n}\n",
        ),
        ("src/api.rs", "ffi_fn! {\n    fn f(a: u8; b: u8) {}\n}\n"),
    ]);
    let errors = krate.err();
    let e = only_error(&errors);
    assert!(
        e.message.contains("no rule of macro `ffi_fn!` matches"),
        "{e}"
    );
    assert!(e.message.contains("`;`"), "{e}");
    assert_eq!(at(e), ("api.rs".into(), 2, 15));
    assert!(e.hint.as_deref().is_some_and(|h| h.contains(HINT)), "{e}");
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.contains("crate::api::ffi_fn!")),
        "{e}"
    );
}

#[test]
fn unexpected_end_points_at_the_closing_delimiter() {
    let errors = Crate::lib("macro_rules! m { ($a:ident, $b:ident) => {}; }\nm!(a,\n);\n").err();
    let e = only_error(&errors);
    assert!(e.message.contains("unexpected end"), "{e}");
    assert_eq!(at(e), ("lib.rs".into(), 3, 1));
}

#[test]
fn the_furthest_rule_explains_the_failure() {
    let e = expand_err(
        "macro_rules! m { (a $x:ident) => {}; (a b c $x:literal) => {}; }\nm!(a b c d);",
    );
    assert!(e.message.contains("no rule expected `d`"), "{e}");
    assert!(e.message.contains("`literal` fragment"), "{e}");
}

#[test]
fn output_that_is_not_items_is_an_error() {
    let errors = Crate::lib("macro_rules! m { ($x:ident) => { $x + 1 }; }\n\nm!(value);\n").err();
    let e = only_error(&errors);
    assert!(
        e.message
            .contains("the expansion of `m!` is not a list of items"),
        "{e}"
    );
    assert_eq!(at(e).1, 3);
    assert!(e.hint.as_deref().is_some_and(|h| h.contains(HINT)));
}

#[test]
fn a_fragment_that_starts_but_does_not_parse_is_a_hard_error() {
    // `Vec<` may begin a type but is not one; rustc stops here instead of trying rule 2.
    let e = expand_err("macro_rules! m { ($t:ty) => {}; ($($x:tt)*) => {}; }\nm!(Vec<);");
    assert!(e.message.contains("`$t:ty` cannot be parsed here"), "{e}");
}

#[test]
fn unsupported_definitions_are_reported_where_used() {
    // Unstable metavariable expressions are not supported; the definition alone is fine…
    let src = "macro_rules! m { ($($x:ident)*) => { const N: usize = ${count($x)}; }; }\n";
    Crate::lib(src).ok();
    // … its use is an error at the invocation that names the definition.
    let errors = Crate::lib(&format!("{src}m!(a b);\n")).err();
    let e = only_error(&errors);
    assert!(e.message.contains("cannot expand `m!`"), "{e}");
    assert_eq!(at(e).1, 2);
    let errors = Crate::lib("macro_rules! m { ($x) => {}; }\nm!(a);\n").err();
    assert!(
        only_error(&errors)
            .message
            .contains("missing fragment specifier"),
        "{errors:#?}"
    );
}

#[test]
fn transcription_errors_name_the_macro() {
    let errors =
        Crate::lib("macro_rules! m { ($($x:ident)*) => { const A: u8 = $x; }; }\nm!(a b);\n").err();
    let e = only_error(&errors);
    assert!(e.message.contains("`$x` is still repeating"), "{e}");
    assert_eq!(at(e), ("lib.rs".into(), 2, 1));
}

#[test]
fn local_ambiguity_is_reported() {
    let e = expand_err("macro_rules! m { ($($a:ident)* $b:ident) => {}; }\nm!(x y);");
    assert!(e.message.contains("local ambiguity"), "{e}");
}
