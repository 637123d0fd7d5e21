//! Guarded cfg predicates: resolving every predicate form, configuring guards, and what the
//! scan keeps and marks.

use std::path::Path;

use interoptopus_core::model::{Guard, GuardCondition, GuardMacro};
use proc_macro2::TokenStream;
use syn::Item;

use super::{find, module, names, render, Fixture};
use crate::diagnostic::Diagnostic;
use crate::scan::guard::Resolved;
use crate::scan::predicate::parse;
use crate::scan::{item_guard, CfgContext};

/// x86_64 Linux with feature `a` on and `b` off; `a` → `A`, `b` → `B`.
fn ctx() -> CfgContext {
    guarded(
        CfgContext::x86_64_linux(&["a"]),
        &[("feature = \"a\"", "A"), ("feature = \"b\"", "B")],
    )
}

fn guarded(mut cfg: CfgContext, guards: &[(&str, &str)]) -> CfgContext {
    for (p, m) in guards {
        cfg = cfg.guard(p, m).unwrap_or_else(|d| panic!("{d}"));
    }
    cfg
}

fn resolve(ctx: &CfgContext, predicate: &str) -> Result<Resolved, Diagnostic> {
    let tokens: TokenStream = predicate.parse().expect("tokens");
    let file = Path::new("src/lib.rs");
    ctx.resolve(file, &parse(file, &tokens, None)?)
}

fn conditions(list: &[&str]) -> Resolved {
    Resolved::Guarded(
        list.iter()
            .map(|c| match c.strip_prefix('!') {
                Some(m) => GuardCondition::new(m, true),
                None => GuardCondition::new(*c, false),
            })
            .collect(),
    )
}

#[test]
fn every_predicate_form() {
    let ctx = ctx();
    let cases: &[(&str, Resolved)] = &[
        // A guarded predicate is kept whether or not it holds here.
        ("feature = \"a\"", conditions(&["A"])),
        ("feature = \"b\"", conditions(&["B"])),
        ("not(feature = \"b\")", conditions(&["!B"])),
        ("not(not(feature = \"b\"))", conditions(&["B"])),
        // Other parts are evaluated now.
        ("all(feature = \"a\", unix)", conditions(&["A"])),
        ("all(unix, feature = \"a\")", conditions(&["A"])),
        ("all(feature = \"a\", windows)", Resolved::Known(false)),
        (
            "all(feature = \"a\", not(feature = \"b\"))",
            conditions(&["A", "!B"]),
        ),
        (
            "all(feature = \"b\", all(unix, feature = \"a\"))",
            conditions(&["A", "B"]),
        ),
        ("any(feature = \"a\", unix)", Resolved::Known(true)),
        ("any(feature = \"b\", windows)", conditions(&["B"])),
        ("any(feature = \"b\", feature = \"b\")", conditions(&["B"])),
        ("not(any(feature = \"b\", windows))", conditions(&["!B"])),
        // Never true, whatever the macros say.
        (
            "all(feature = \"b\", not(feature = \"b\"))",
            Resolved::Known(false),
        ),
        // Nothing guarded: plain evaluation.
        ("feature = \"c\"", Resolved::Known(false)),
        ("all(unix, not(feature = \"c\"))", Resolved::Known(true)),
    ];
    for (p, want) in cases {
        let got = resolve(&ctx, p).unwrap_or_else(|d| panic!("{p}: {d}"));
        assert_eq!(&got, want, "{p}");
    }
}

#[test]
fn a_configured_predicate_matches_by_structure() {
    let ctx = guarded(
        CfgContext::x86_64_linux(&[]),
        &[
            ("any(feature = \"my-x\", feature = \"y\")", "XY"),
            ("all(unix, target_pointer_width = \"64\")", "UNIX64"),
        ],
    );
    for p in [
        "any(feature = \"y\", feature = \"my_x\")",
        "any(feature = \"y\", any(feature = \"my-x\"),)",
    ] {
        assert_eq!(resolve(&ctx, p).ok(), Some(conditions(&["XY"])), "{p}");
    }
    // Matched as a whole even though it holds here (a guard is a choice, not an evaluation).
    assert_eq!(
        resolve(&ctx, "all(target_pointer_width = \"64\", unix)").ok(),
        Some(conditions(&["UNIX64"]))
    );
    // Parts of a configured conjunction are not matched: they are plain predicates.
    assert_eq!(resolve(&ctx, "unix").ok(), Some(Resolved::Known(true)));
}

#[test]
fn disjunctions_of_guards_are_located_errors() {
    let ctx = ctx();
    for (p, column) in [
        ("any(feature = \"a\", feature = \"b\")", 1),
        ("not(all(feature = \"a\", feature = \"b\"))", 1),
        ("all(unix, any(feature = \"a\", feature = \"b\"))", 11),
    ] {
        let d = resolve(&ctx, p)
            .err()
            .unwrap_or_else(|| panic!("{p} resolved"));
        assert!(d.message.contains("`||`"), "{p}: {}", d.message);
        assert_eq!(d.location.as_ref().map(|l| l.column), Some(column), "{p}");
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains(".cfg_guard(r#\""), "{hint}");
    }
}

#[test]
fn configuring_guards_checks_predicate_and_macro() {
    let base = CfgContext::x86_64_linux(&["a"]);
    let err = |p: &str, m: &str| {
        base.clone()
            .guard(p, m)
            .err()
            .unwrap_or_else(|| panic!("{p} -> {m} accepted"))
            .message
    };
    assert!(err("feature = ", "X").contains("cannot read the predicate"));
    assert!(err("feature = \"a\", unix", "X").contains("exactly one predicate"));
    assert!(err("nand(a)", "X").contains("unknown cfg operator `nand`"));
    assert!(err("feature = \"a", "X").contains("cannot read the predicate"));
    assert!(err("feature = \"a\"", "1X").contains("not a C identifier"));
    assert!(err("feature = \"a\"", "MY-LIB").contains("not a C identifier"));
    let once = base
        .clone()
        .guard("feature = \"a\"", "A")
        .unwrap_or_else(|d| panic!("{d}"));
    let twice = once
        .clone()
        .guard("feature=\"a\"", "A2")
        .err()
        .map(|d| d.message);
    assert!(twice.unwrap_or_default().contains("configured twice"));
    let shared = once
        .clone()
        .guard("feature = \"b\"", "A")
        .err()
        .map(|d| d.message);
    assert!(shared.unwrap_or_default().contains("guards two predicates"));

    let both = once
        .guard("not(unix)", "NOT_UNIX")
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        both.guard_macros(),
        [
            GuardMacro {
                name: "A".into(),
                predicate: "feature = \"a\"".into(),
                defined: true
            },
            GuardMacro {
                name: "NOT_UNIX".into(),
                predicate: "not(unix)".into(),
                defined: false
            }
        ]
    );
}

const GUARDED: &str = r#"
#[cfg(feature = "a")] pub struct OnlyA;
#[cfg(feature = "b")] pub struct OnlyB;
#[cfg(feature = "c")] pub struct Gone;
#[cfg(not(feature = "b"))] pub fn without_b() {}
#[cfg(all(feature = "b", windows))] pub fn windows_b() {}
#[cfg(feature = "b")] #[cfg(unix)] pub const K: u8 = 1;
#[cfg_attr(unix, cfg(feature = "b"))] pub static S: u8 = 1;
#[cfg(feature = "b")] pub mod bmod { pub fn inside() {} }
#[cfg(feature = "b")] mod bfile;
#[cfg(feature = "b")] use std::fmt;
pub struct Plain;
impl Plain { #[cfg(feature = "b")] pub extern "C" fn method() {} }
"#;

fn guard_of(item: &Item) -> Guard {
    let attrs = match item {
        Item::Struct(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Const(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => panic!("unexpected item"),
    };
    item_guard(attrs)
}

fn g(list: &[&str]) -> Guard {
    match conditions(list) {
        Resolved::Guarded(cs) => Guard::new(cs),
        Resolved::Known(_) => Guard::default(),
    }
}

#[test]
fn guarded_items_stay_marked_and_the_rest_is_evaluated() {
    let fx = Fixture::new(&[
        ("src/lib.rs", GUARDED),
        (
            "src/bfile.rs",
            "#![cfg(not(feature = \"a\"))]\npub fn deep() {}\n",
        ),
    ]);
    let c = fx.ok_with(&ctx());
    let root = module(&c, &[]);
    assert_eq!(
        names(root),
        [
            "OnlyA",
            "OnlyB",
            "without_b",
            "K",
            "S",
            "bmod",
            "bfile",
            "use",
            "Plain",
            "impl"
        ]
    );
    assert_eq!(guard_of(find(root, "OnlyA")), g(&["A"]));
    assert_eq!(guard_of(find(root, "OnlyB")), g(&["B"]));
    assert_eq!(guard_of(find(root, "without_b")), g(&["!B"]));
    assert_eq!(guard_of(find(root, "K")), g(&["B"]));
    assert_eq!(guard_of(find(root, "S")), g(&["B"]));
    assert_eq!(guard_of(find(root, "bmod")), g(&["B"]));
    // The file's own `#![cfg]` adds to the `mod` item's.
    assert_eq!(guard_of(find(root, "bfile")), g(&["!A", "B"]));
    // A `use` stays without a mark: it only names things.
    assert_eq!(
        guard_of(
            root.items
                .iter()
                .find(|i| matches!(i, Item::Use(_)))
                .expect("use")
        ),
        g(&[])
    );
    assert_eq!(guard_of(find(root, "Plain")), g(&[]));
    // No `cfg` is left for later stages.
    let Item::Impl(imp) = find(root, "impl") else {
        panic!()
    };
    let syn::ImplItem::Fn(method) = &imp.items[0] else {
        panic!()
    };
    assert_eq!(item_guard(&method.attrs), g(&["B"]));
    assert!(method.attrs.iter().all(|a| !a.path().is_ident("cfg")));
    assert_eq!(names(module(&c, &["bmod"])), ["inside"]);
    assert_eq!(names(module(&c, &["bfile"])), ["deep"]);
}

#[test]
fn without_guards_nothing_changes() {
    let fx = Fixture::new(&[
        ("src/lib.rs", GUARDED),
        ("src/bfile.rs", "pub fn deep() {}\n"),
    ]);
    let c = fx.ok_with(&CfgContext::x86_64_linux(&["a"]));
    assert_eq!(
        names(module(&c, &[])),
        ["OnlyA", "without_b", "Plain", "impl"]
    );
    assert_eq!(guard_of(find(module(&c, &[]), "OnlyA")), g(&[]));
}

#[test]
fn guarded_fields_variants_and_parameters_are_located_errors() {
    let src = r#"
#[repr(C)]
pub struct S { pub a: u8, #[cfg(feature = "b")] pub b: u16 }
#[repr(C)]
pub struct T(pub u8, #[cfg(not(feature = "a"))] pub u16);
#[repr(u8)]
pub enum E { X, #[cfg(feature = "b")] Y }
#[no_mangle]
pub extern "C" fn f(#[cfg(feature = "b")] x: u8) {}
#[repr(C)]
pub struct Fine { #[cfg(feature = "c")] pub gone: u8, #[cfg(any(feature = "b", unix))] pub kept: u8 }
"#;
    let fx = Fixture::new(&[("src/lib.rs", src)]);
    let errors = match fx.scan(&ctx()) {
        Ok(_) => panic!("scan succeeded"),
        Err(ds) => ds,
    };
    let summary: Vec<(u32, u32, String)> = errors
        .iter()
        .map(|d| {
            let at = d.location.clone().expect("located");
            (at.line, at.column, d.message.clone())
        })
        .collect();
    assert_eq!(errors.len(), 4, "{}", render(&errors));
    assert_eq!((summary[0].0, summary[0].1), (3, 27));
    assert!(
        summary[0]
            .2
            .starts_with("a field under a guarded cfg (defined(B) (`feature = \"b\"`))"),
        "{}",
        summary[0].2
    );
    assert_eq!((summary[1].0, summary[1].1), (5, 22));
    assert!(summary[1].2.contains("!defined(A)"), "{}", summary[1].2);
    assert_eq!((summary[2].0, summary[2].1), (7, 17));
    assert!(
        summary[2].2.starts_with("an enum variant"),
        "{}",
        summary[2].2
    );
    assert_eq!((summary[3].0, summary[3].1), (9, 21));
    assert!(summary[3].2.starts_with("a parameter"), "{}", summary[3].2);
    assert!(errors.iter().all(|d| d.hint.is_some()));
}

#[test]
fn a_guarded_crate_root_is_an_error() {
    let fx = Fixture::new(&[("src/lib.rs", "#![cfg(feature = \"b\")]\npub fn f() {}\n")]);
    let errors = fx.scan(&ctx()).err().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    assert!(errors[0]
        .message
        .starts_with("the crate root under a guarded cfg"));
}
