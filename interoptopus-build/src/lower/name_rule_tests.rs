//! Renames and includes: what they change in the model and how a stale rule is reported.

use interoptopus_core::model::*;

use super::{lower, LowerOptions, Lowered, NameRule};
use crate::diagnostic::Diagnostic;
use crate::scan::{scan_crate, CfgContext};

fn lower_with(
    src: &str,
    renames: &[(&str, &str)],
    include: &[&str],
) -> Result<Lowered, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("src/lib.rs"), src).unwrap_or_else(|e| panic!("{e}"));
    let cfg = CfgContext::x86_64_linux(&[]);
    let scanned = scan_crate(&dir.path().join("src/lib.rs"), &cfg)?;
    lower(
        &scanned,
        &LowerOptions {
            renames: renames.iter().map(|(p, n)| NameRule::new(*p, *n)).collect(),
            include: include.iter().map(|p| NameRule::new(*p, "")).collect(),
            ..LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info())
        },
    )
}

fn names(m: &Model) -> Vec<&str> {
    m.types.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn a_renamed_type_is_renamed_everywhere_it_is_used() {
    let src = r#"
        pub mod re { pub struct Regex { inner: String } }
        #[repr(C)] pub struct Pair<T> { pub a: T, pub b: T }
        #[repr(C)] pub struct Match { pub start: usize, pub re: *const re::Regex }
        #[no_mangle] pub extern "C" fn compile() -> *mut re::Regex { loop {} }
        #[no_mangle] pub extern "C" fn find(r: *const re::Regex, m: *mut Match, p: Pair<u8>) {}
        pub const MAX: u32 = 3;
    "#;
    let l = lower_with(
        src,
        &[
            ("crate::re::Regex", "rure"),
            ("crate::Match", "rure_match"),
            ("crate::Pair", "rure_pair"),
            ("crate::MAX", "RURE_MAX"),
        ],
        &[],
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let m = &l.model;
    let mut n = names(m);
    n.sort();
    assert_eq!(n, vec!["rure", "rure_match", "rure_pair_u8"]);
    let find = m
        .functions
        .iter()
        .find(|f| f.name == "find")
        .unwrap_or_else(|| panic!("find"));
    let pointee = |t: &TypeRef| match t {
        TypeRef::Pointer { pointee, .. } => match &**pointee {
            TypeRef::Named { id, .. } => m.type_def(*id).name.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!(pointee(&find.sig.params[0].ty), "rure");
    assert_eq!(pointee(&find.sig.params[1].ty), "rure_match");
    assert_eq!(m.constants[0].name, "RURE_MAX");
    // The Rust path still says what the item is.
    let rure = m
        .types
        .iter()
        .find(|t| t.name == "rure")
        .unwrap_or_else(|| panic!("rure"));
    assert_eq!(rure.rust_path, "crate::re::Regex");
}

#[test]
fn renames_that_match_nothing_or_a_symbol_are_errors() {
    let src = r#"
        #[no_mangle] pub extern "C" fn f() {}
        #[no_mangle] pub static COUNT: u32 = 0;
    "#;
    let e = match lower_with(
        src,
        &[
            ("crate::Nope", "x"),
            ("crate::f", "g"),
            ("crate::COUNT", "n"),
        ],
        &[],
    ) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    };
    let messages: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("no exported type or constant"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("exported symbol"), "{}", messages[1]);
    assert!(messages[2].contains("exported symbol"), "{}", messages[2]);
}

#[test]
fn include_exports_private_constants_and_unreached_types() {
    let src = r#"
        mod flags { pub(crate) const CASEI: u32 = 1 << 0; const HIDDEN: u32 = 2; }
        #[repr(C)] struct Header { pub version: u32 }
        #[no_mangle] pub extern "C" fn f() {}
    "#;
    let m = lower_with(
        src,
        &[("crate::flags::CASEI", "RURE_FLAG_CASEI")],
        &["crate::flags::CASEI", "crate::Header"],
    )
    .unwrap_or_else(|e| panic!("{e:#?}"))
    .model;
    assert_eq!(m.constants.len(), 1);
    assert_eq!(m.constants[0].name, "RURE_FLAG_CASEI");
    assert_eq!(names(&m), vec!["Header"]);
}

#[test]
fn include_of_a_missing_item_is_an_error() {
    let e = match lower_with(
        "#[no_mangle] pub extern \"C\" fn f() {}",
        &[],
        &["crate::Missing"],
    ) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    assert!(
        e[0].message.contains("names no type or constant"),
        "{}",
        e[0].message
    );
}

#[test]
fn kept_type_aliases_become_named_types() {
    let src = r#"
        pub type CSystem = *mut core::ffi::c_void;
        pub type Count = u32;
        pub type size_t = usize;
        type Private = *const u8;
        #[repr(C)] pub struct P { pub x: u8 }
        pub type PAlias = P;
        #[no_mangle] pub extern "C" fn f(s: CSystem, n: Count, len: size_t, p: Private, q: PAlias) -> CSystem { s }
    "#;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("src/lib.rs"), src).unwrap_or_else(|e| panic!("{e}"));
    let cfg = CfgContext::x86_64_linux(&[]);
    let scanned =
        scan_crate(&dir.path().join("src/lib.rs"), &cfg).unwrap_or_else(|e| panic!("{e:?}"));
    let lowered = lower(
        &scanned,
        &LowerOptions {
            renames: vec![NameRule::new("crate::Count", "count_t")],
            keep_type_aliases: true,
            ..LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info())
        },
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let m = &lowered.model;
    let mut n = names(m);
    n.sort();
    assert_eq!(n, vec!["CSystem", "P", "count_t"]);
    let f = &m.functions[0];
    let name_of = |t: &TypeRef| match t {
        TypeRef::Named { id, .. } => m.type_def(*id).name.clone(),
        TypeRef::Primitive { primitive, .. } => primitive.rust_name().to_string(),
        TypeRef::Pointer { .. } => "pointer".into(),
        other => format!("{other:?}"),
    };
    let params: Vec<String> = f.sig.params.iter().map(|p| name_of(&p.ty)).collect();
    assert_eq!(params, vec!["CSystem", "count_t", "usize", "pointer", "P"]);
    assert_eq!(name_of(&f.sig.ret), "CSystem");
}
