//! Whole crates: which macros are in scope where, nested and recursive expansion, cfg on
//! expanded items, modules written by macros.

use super::{find_fn, module_summary, Crate};
use crate::scan::CfgContext;

const FFI_FN: &str = r#"
macro_rules! ffi_fn {
    ($(#[$attr:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        $(#[$attr])* #[no_mangle] pub extern "C" fn $name($($arg: $ty),*) -> $ret $body
    };
    ($(#[$attr:meta])* fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        ffi_fn! { $(#[$attr])* fn $name($($arg: $ty),*) -> () $body }
    };
}
"#;

#[test]
fn invocations_are_replaced_in_place() {
    let krate = Crate::lib(&format!(
        "pub struct Before;\n{FFI_FN}\nffi_fn! {{ fn a(x: u32) -> u32 {{ x }} }}\npub struct Between;\nffi_fn! {{ fn b() {{}} }}\n"
    ))
    .ok();
    assert_eq!(
        module_summary(&krate, &[]),
        [
            "struct Before",
            "macro ffi_fn",
            "fn a",
            "struct Between",
            "fn b"
        ]
    );
    let b = find_fn(&krate, "b");
    assert!(
        matches!(&b.sig.output, syn::ReturnType::Type(_, t) if matches!(**t, syn::Type::Tuple(_)))
    );
}

#[test]
fn textual_scope_follows_declaration_order() {
    let krate = Crate::new(&[
        (
            "src/lib.rs",
            &format!(
                "mod early;\n{FFI_FN}\nmod late;\nmod inline {{ ffi_fn! {{ fn in_inline() {{}} }} }}\n"
            ),
        ),
        ("src/early.rs", "ffi_fn! { fn in_early() {} }\n"),
        ("src/late.rs", "mod deeper;\nffi_fn! { fn in_late() {} }\n"),
        ("src/late/deeper.rs", "ffi_fn! { fn in_deeper() {} }\n"),
    ]);
    let (k, warnings) = krate.expand().unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(module_summary(&k, &["late"]), ["mod deeper", "fn in_late"]);
    assert_eq!(module_summary(&k, &["late", "deeper"]), ["fn in_deeper"]);
    assert_eq!(module_summary(&k, &["inline"]), ["fn in_inline"]);
    // `early` is declared before the macro: not in scope there (rustc would reject it too);
    // left unexpanded with a warning, never silently.
    assert_eq!(module_summary(&k, &["early"]), ["ffi_fn!"]);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].message.contains("not in scope"));
    assert_eq!(
        warnings[0].location.as_ref().map(|l| (l.line, l.column)),
        Some((1, 1))
    );
}

#[test]
fn macro_use_keeps_a_child_modules_macros_in_scope() {
    let krate = Crate::new(&[
        (
            "src/lib.rs",
            "#[macro_use]\nmod macros;\nmod api;\nmod nested { mod inner { ffi_fn! { fn deep() {} } } }\nmod plain;\nmod after_plain;\n",
        ),
        ("src/macros.rs", FFI_FN),
        ("src/api.rs", "ffi_fn! { fn api_fn(a: u8) -> u8 { a } }\n"),
        ("src/plain.rs", "macro_rules! hidden { () => { pub fn h() {} }; }\nhidden!();\n"),
        ("src/after_plain.rs", "hidden!();\n"),
    ]);
    let (k, warnings) = krate.expand().unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(module_summary(&k, &["api"]), ["fn api_fn"]);
    assert_eq!(module_summary(&k, &["nested", "inner"]), ["fn deep"]);
    assert_eq!(module_summary(&k, &["plain"]), ["macro hidden", "fn h"]);
    // Without `#[macro_use]`, `hidden!` ends with its module.
    assert_eq!(module_summary(&k, &["after_plain"]), ["hidden!"]);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
}

#[test]
fn macro_export_is_reachable_by_path_everywhere() {
    let krate = Crate::new(&[
        (
            "src/lib.rs",
            "mod api;\nmod macros;\nexported!(root_fn);\n",
        ),
        (
            "src/macros.rs",
            "#[macro_export]\nmacro_rules! exported { ($n:ident) => { #[no_mangle] pub extern \"C\" fn $n() {} }; }\n\
             #[macro_export]\nmacro_rules! via_crate { ($n:ident) => { $crate::exported!($n); }; }\n",
        ),
        (
            "src/api.rs",
            "crate::exported!(api_fn);\ncrate::via_crate!(api_fn2);\n",
        ),
    ])
    .ok();
    assert_eq!(
        module_summary(&krate, &["api"]),
        ["fn api_fn", "fn api_fn2"]
    );
    assert_eq!(
        module_summary(&krate, &[]),
        ["mod api", "mod macros", "fn root_fn"]
    );
}

#[test]
fn macros_imported_with_use() {
    let krate = Crate::new(&[
        ("src/lib.rs", "mod api;\nmod macros;\nmod other;\n"),
        (
            "src/macros.rs",
            &format!("{FFI_FN}\npub(crate) use ffi_fn;\npub(crate) use ffi_fn as renamed;\n"),
        ),
        (
            "src/api.rs",
            "use crate::macros::ffi_fn;\nuse super::macros::renamed as again;\nffi_fn! { fn a() {} }\nagain! { fn b() {} }\ncrate::macros::ffi_fn! { fn c() {} }\n",
        ),
        ("src/other.rs", "use crate::macros::*;\nffi_fn! { fn d() {} }\n"),
    ])
    .ok();
    assert_eq!(
        module_summary(&krate, &["api"]),
        ["use", "use", "fn a", "fn b", "fn c"]
    );
    assert_eq!(module_summary(&krate, &["other"]), ["use", "fn d"]);
}

#[test]
fn later_definitions_shadow_earlier_ones() {
    let krate = Crate::lib(
        "macro_rules! m { () => { pub fn first() {} }; }\nm!();\nmacro_rules! m { () => { pub fn second() {} }; }\nm!();\n",
    )
    .ok();
    assert_eq!(
        module_summary(&krate, &[]),
        ["macro m", "fn first", "macro m", "fn second"]
    );
}

#[test]
fn foreign_macros_are_left_alone_silently() {
    let krate = Crate::lib(
        "lazy_static::lazy_static! { static ref X: u8 = 1; }\nthread_local! { static Y: u8 = 2; }\n::std::println!(\"no\");\nlazy_static! {}\n",
    )
    .ok();
    assert_eq!(
        module_summary(&krate, &[]),
        [
            "lazy_static::lazy_static!",
            "thread_local!",
            "std::println!",
            "lazy_static!"
        ]
    );
}

#[test]
fn macros_calling_macros_and_recursion() {
    let krate = Crate::lib(
        r#"
        macro_rules! one { ($n:ident) => { #[no_mangle] pub extern "C" fn $n() {} }; }
        // Peels one name per step, calling itself and another macro.
        macro_rules! many {
            () => {};
            ($first:ident $($rest:ident)*) => { one!($first); many!($($rest)*); };
        }
        many!(a b c d);
        "#,
    )
    .ok();
    assert_eq!(
        module_summary(&krate, &[])[2..],
        ["fn a", "fn b", "fn c", "fn d"]
    );
}

#[test]
fn runaway_recursion_stops_at_the_limit() {
    let errors = Crate::lib("macro_rules! forever { () => { forever!(); }; }\nforever!();\n").err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("recursion limit"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(2));
}

#[test]
fn macro_defined_by_a_macro() {
    let krate = Crate::lib(
        r#"
        macro_rules! make { ($name:ident) => { macro_rules! $name { ($f:ident) => { pub fn $f() {} }; } }; }
        make!(made);
        made!(from_made);
        "#,
    )
    .ok();
    assert_eq!(
        module_summary(&krate, &[]),
        ["macro make", "macro made", "fn from_made"]
    );
}

#[test]
fn cfg_on_expanded_items_is_evaluated() {
    let src = r#"
        macro_rules! gated {
            ($f:literal, $n:ident) => {
                #[cfg(feature = $f)] #[no_mangle] pub extern "C" fn $n() {}
                #[cfg_attr(feature = $f, doc = "on")] pub const C: u8 = 1;
            };
        }
        gated!("extra", with_extra);
    "#;
    let krate = Crate::lib(src);
    let (off, _) = krate.expand().unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(module_summary(&off, &[]), ["macro gated", "const C"]);
    let cfg = CfgContext::x86_64_linux(&["extra"]);
    let (on, _) = krate
        .expand_with(&cfg, &[])
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(
        module_summary(&on, &[]),
        ["macro gated", "fn with_extra", "const C"]
    );
    let syn::Item::Const(c) = &on.modules[0].items[2] else {
        panic!("not a const")
    };
    // `cfg_attr` is gone, its attribute applied; `cfg` is gone from what stays.
    assert_eq!(super::doc_lines(&c.attrs), ["on"]);
    let f = find_fn(&on, "with_extra");
    assert!(!f.attrs.iter().any(|a| a.path().is_ident("cfg")));
}

#[test]
fn modules_written_by_macros_become_modules() {
    let krate = Crate::lib(
        r#"
        macro_rules! api_mod {
            ($m:ident, $f:ident) => {
                pub mod $m {
                    #[no_mangle] pub extern "C" fn $f() {}
                    pub mod inner { crate::helper!(); }
                    #[cfg(any())] pub mod never {}
                }
            };
        }
        #[macro_export]
        macro_rules! helper { () => { pub const IN: u8 = 1; }; }
        api_mod!(first, f1);
        pub mod written {}
        "#,
    )
    .ok();
    let paths: Vec<Vec<String>> = krate.modules.iter().map(|m| m.path.clone()).collect();
    assert_eq!(
        paths,
        [
            vec![],
            vec!["first".to_string()],
            vec!["first".to_string(), "inner".to_string()],
            vec!["written".to_string()],
        ]
    );
    assert_eq!(module_summary(&krate, &["first"]), ["fn f1", "mod inner"]);
    assert_eq!(module_summary(&krate, &["first", "inner"]), ["const IN"]);
}

#[test]
fn exclusion_leaves_invocations_unexpanded() {
    let krate = Crate::new(&[
        (
            "src/lib.rs",
            &format!("{FFI_FN}\nmod api;\nffi_fn! {{ fn root() {{}} }}\n"),
        ),
        (
            "src/api.rs",
            "ffi_fn! { not valid }\nffi_fn! { fn ok() {} }\n",
        ),
    ]);
    assert!(!krate.err().is_empty());
    let (k, _) = krate
        .expand_with(
            &CfgContext::x86_64_linux(&[]),
            &["crate::api::ffi_fn!".to_string()],
        )
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(module_summary(&k, &["api"]), ["ffi_fn!", "ffi_fn!"]);
    assert_eq!(module_summary(&k, &[])[2], "fn root");
}

#[test]
fn exclusion_silences_the_not_in_scope_warning() {
    let krate = Crate::new(&[
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", "macro_rules! info { () => {}; }\n"),
        ("src/b.rs", "info!();\n"),
    ]);
    let (_, warnings) = krate.expand().unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains(".exclude(\"crate::b::info!\")")),
        "{warnings:#?}"
    );
    let (_, warnings) = krate
        .expand_with(
            &CfgContext::x86_64_linux(&[]),
            &["crate::b::info!".to_string()],
        )
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
}
