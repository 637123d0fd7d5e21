//! Item guards in lowering: own guards from marks and modules, propagation through types,
//! and the errors guards can cause.

use interoptopus_core::model::*;

use super::{lower, LowerOptions, Lowered};
use crate::diagnostic::Diagnostic;
use crate::scan::{scan_crate, CfgContext};

/// Lowers `src` for x86_64 Linux with `features` on and `a` → `A`, `b` → `B` guarded.
fn lower_guarded(src: &str, features: &[&str]) -> Result<Lowered, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("src/lib.rs"), src).unwrap_or_else(|e| panic!("{e}"));
    let cfg = CfgContext::x86_64_linux(features)
        .guard("feature = \"a\"", "A")
        .and_then(|c| c.guard("feature = \"b\"", "B"))
        .unwrap_or_else(|d| panic!("{d}"));
    let scanned = scan_crate(&dir.path().join("src/lib.rs"), &cfg)?;
    lower(
        &scanned,
        &LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info()),
    )
}

fn ok(src: &str, features: &[&str]) -> Lowered {
    lower_guarded(src, features).unwrap_or_else(|e| panic!("lowering failed: {e:#?}"))
}

fn err(src: &str) -> Vec<Diagnostic> {
    match lower_guarded(src, &["a"]) {
        Ok(l) => panic!("expected an error, got {:#?}", l.model),
        Err(e) => e,
    }
}

fn g(list: &[&str]) -> Guard {
    Guard::new(list.iter().map(|c| match c.strip_prefix('!') {
        Some(m) => GuardCondition::new(m, true),
        None => GuardCondition::new(*c, false),
    }))
}

const API: &str = r#"
#[cfg(feature = "a")]
#[repr(C)]
pub struct A { pub x: u32 }

/// Not guarded itself, but it points at `A`.
#[repr(C)]
pub struct HoldsA { pub a: *const A }

#[cfg(feature = "b")]
pub mod bmod {
    #[repr(C)]
    pub struct B { pub y: u8 }
    #[no_mangle]
    pub extern "C" fn make_b() -> B { B { y: 1 } }
    pub mod deeper {
        #[no_mangle]
        pub extern "C" fn deep() {}
    }
}

#[no_mangle]
pub extern "C" fn take(h: HoldsA) -> u32 { 0 }

#[cfg(not(feature = "b"))]
#[no_mangle]
pub extern "C" fn without_b() -> u32 { 0 }

#[cfg(all(feature = "a", not(feature = "b"), unix))]
pub const K: u32 = 1;

#[cfg(feature = "b")]
#[no_mangle]
pub static SB: u8 = 0;

#[cfg(feature = "a")]
pub type Cb = extern "C" fn(u32);

#[no_mangle]
pub extern "C" fn with_cb(cb: Option<Cb>) {}

pub struct Engine;
#[cfg(feature = "b")]
impl Engine {
    #[no_mangle]
    pub extern "C" fn engine_b() {}
}

#[no_mangle]
pub extern "C" fn plain() {}
"#;

#[test]
fn own_guards_and_propagation() {
    let l = ok(API, &["a"]);
    let m = &l.model;
    let ty = |n: &str| {
        &m.types
            .iter()
            .find(|t| t.name == n)
            .unwrap_or_else(|| panic!("no type {n}"))
            .guard
    };
    let func = |n: &str| {
        &m.functions
            .iter()
            .find(|f| f.name == n)
            .unwrap_or_else(|| panic!("no fn {n}"))
            .guard
    };
    assert_eq!(ty("A"), &g(&["A"]));
    assert_eq!(
        ty("HoldsA"),
        &g(&["A"]),
        "a pointer field carries the guard"
    );
    assert_eq!(ty("B"), &g(&["B"]), "from the module");
    assert_eq!(ty("Cb"), &g(&["A"]), "a guarded fn-pointer alias");
    assert_eq!(func("take"), &g(&["A"]), "through HoldsA by value");
    assert_eq!(func("make_b"), &g(&["B"]));
    assert_eq!(func("deep"), &g(&["B"]), "nested modules inherit");
    assert_eq!(func("without_b"), &g(&["!B"]));
    assert_eq!(func("with_cb"), &g(&["A"]));
    assert_eq!(func("engine_b"), &g(&["B"]), "from the impl block");
    assert_eq!(func("plain"), &g(&[]));
    assert_eq!(m.constants[0].guard, g(&["A", "!B"]));
    assert_eq!(m.statics[0].guard, g(&["B"]));

    assert_eq!(
        m.guard_macros,
        [
            GuardMacro {
                name: "A".into(),
                predicate: "feature = \"a\"".into(),
                defined: true
            },
            GuardMacro {
                name: "B".into(),
                predicate: "feature = \"b\"".into(),
                defined: false
            }
        ]
    );
    assert!(m.is_active(func("take")));
    assert!(!m.is_active(func("make_b")));
    assert!(m.is_active(func("without_b")));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn the_model_is_the_same_whatever_the_features_except_which_macros_hold() {
    let on = ok(API, &["a", "b"]).model;
    let off = ok(API, &[]).model;
    let defined = |m: &Model| m.guard_macros.iter().map(|g| g.defined).collect::<Vec<_>>();
    assert_eq!(defined(&on), [true, true]);
    assert_eq!(defined(&off), [false, false]);
    let mut same = off.clone();
    same.guard_macros = on.guard_macros.clone();
    assert_eq!(same, on);
    assert_eq!(
        super::fingerprint_value(&on),
        super::fingerprint_value(&off),
        "one header serves both builds, so one fingerprint"
    );
}

#[test]
fn an_item_that_needs_a_macro_both_ways_is_a_located_error() {
    let src = r#"
#[cfg(feature = "a")]
#[repr(C)]
pub struct A { pub x: u32 }
#[cfg(not(feature = "a"))]
#[no_mangle]
pub extern "C" fn never(a: *const A) {}
"#;
    let e = err(src);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message
            .contains("`crate::never` exists in no feature set"),
        "{}",
        e[0].message
    );
    assert!(e[0]
        .message
        .contains("`A` would have to be both defined and undefined"));
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(7));
}

#[test]
fn exclusive_alternatives_may_share_a_name_and_others_may_not() {
    let alternatives = r#"
#[cfg(feature = "a")] pub const VERSION: u32 = 1;
#[cfg(not(feature = "a"))] pub const VERSION: u32 = 2;
#[cfg(feature = "b")] #[no_mangle] pub extern "C" fn f() -> u8 { 0 }
#[cfg(not(feature = "b"))] #[no_mangle] pub extern "C" fn f() -> u16 { 0 }
"#;
    let m = ok(alternatives, &["a"]).model;
    assert_eq!(m.constants.len(), 2);
    assert_eq!(m.functions.len(), 2);

    let clash = r#"
#[cfg(feature = "a")] #[no_mangle] pub extern "C" fn f() -> u8 { 0 }
#[cfg(feature = "b")] #[no_mangle] pub extern "C" fn f() -> u16 { 0 }
"#;
    let e = err(clash);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].message.contains("would both be exported as `f`"));
}

#[test]
fn a_type_defined_twice_under_guards_is_a_located_error() {
    let src = r#"
#[cfg(feature = "a")] #[repr(C)] pub struct Config { pub x: u32 }
#[cfg(not(feature = "a"))] #[repr(C)] pub struct Config { pub x: u64 }
#[no_mangle] pub extern "C" fn f(c: Config) {}
"#;
    let e = err(src);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message
            .contains("type `Config` is defined twice in this module"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(3));
}

#[test]
fn a_guard_that_matches_nothing_is_a_warning() {
    let l = ok(
        "#[cfg(feature = \"a\")] #[no_mangle] pub extern \"C\" fn f() {}",
        &[],
    );
    assert_eq!(l.model.guard_macros.len(), 1);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(l.warnings[0]
        .message
        .contains("cfg guard `feature = \"b\"` → `B` matches no exported item"));
}
