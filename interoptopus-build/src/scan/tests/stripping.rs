//! `#[cfg]` and `#[cfg_attr]` applied to the scanned items.

use syn::{Fields, ImplItem, Item, Meta, TraitItem};

use super::{attr_names, find, module, names, render, single, Fixture};
use crate::scan::CfgContext;

const EVERYWHERE: &str = r#"
#[cfg(feature = "on")] pub struct On;
#[cfg(not(feature = "on"))] pub struct Off;
#[repr(C)]
pub struct Named { pub a: u8, #[cfg(feature = "on")] pub b: u16, #[cfg(feature = "off")] pub c: u32 }
pub struct Tuple(pub u8, #[cfg(unix)] pub u16, #[cfg(windows)] pub u32);
#[repr(u8)]
pub enum E { A, #[cfg(windows)] B, C { #[cfg(unix)] x: u8, #[cfg(not(unix))] y: u8 }, D(#[cfg(test)] u8, u16) }
#[repr(C)]
pub union U { pub a: u8, #[cfg(target_pointer_width = "32")] pub b: u32 }
impl On {
    #[cfg(unix)] pub fn kept(&self, #[cfg(windows)] handle: u8) {}
    #[cfg(windows)] pub fn gone() {}
    #[cfg(windows)] const X: u8 = 0;
}
pub trait T { #[cfg(windows)] fn gone(); fn kept(); }
extern "C" { #[cfg(windows)] fn win(); fn both(#[cfg(windows)] a: u8, b: u16); }
#[cfg(windows)] use std::os::windows;
use std::fmt;
pub fn generic<#[cfg(windows)] W, T>(#[cfg(unix)] a: T, #[cfg(windows)] b: W) {}
#[cfg(test)] mod tests;
#[cfg(windows)] macro_rules! gone { () => {} }
macro_rules! kept { () => {} }
"#;

fn field_names(fields: &Fields) -> Vec<String> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.ident.as_ref().map_or(i.to_string(), |id| id.to_string()))
        .collect()
}

#[test]
fn cfg_on_items_fields_variants_and_members() {
    let fx = Fixture::new(&[("src/lib.rs", EVERYWHERE)]);
    let c = fx.ok_with(&CfgContext::x86_64_linux(&["on"]));
    let root = module(&c, &[]);
    assert_eq!(
        names(root),
        ["On", "Named", "Tuple", "E", "U", "impl", "T", "extern", "use", "generic", "macro"]
    );

    let Item::Struct(named) = find(root, "Named") else {
        panic!()
    };
    assert_eq!(field_names(&named.fields), ["a", "b"]);
    // The true cfg is gone from the kept field.
    assert!(named.fields.iter().all(|f| f.attrs.is_empty()));
    assert_eq!(attr_names(&named.attrs), ["repr"]);

    let Item::Struct(tuple) = find(root, "Tuple") else {
        panic!()
    };
    assert_eq!(tuple.fields.len(), 2);

    let Item::Enum(e) = find(root, "E") else {
        panic!()
    };
    let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(variants, ["A", "C", "D"]);
    assert_eq!(field_names(&e.variants[1].fields), ["x"]);
    assert_eq!(
        e.variants[2].fields.len(),
        1,
        "cfg(test) tuple field dropped"
    );

    let Item::Union(u) = find(root, "U") else {
        panic!()
    };
    assert_eq!(u.fields.named.len(), 1);

    let Item::Impl(imp) = find(root, "impl") else {
        panic!()
    };
    assert_eq!(imp.items.len(), 1);
    let ImplItem::Fn(kept) = &imp.items[0] else {
        panic!()
    };
    assert_eq!(kept.sig.ident, "kept");
    assert_eq!(kept.sig.inputs.len(), 1, "only the receiver is left");
    assert!(kept.attrs.is_empty());

    let Item::Trait(t) = find(root, "T") else {
        panic!()
    };
    assert_eq!(t.items.len(), 1);
    assert!(matches!(&t.items[0], TraitItem::Fn(f) if f.sig.ident == "kept"));

    let Item::ForeignMod(ext) = find(root, "extern") else {
        panic!()
    };
    assert_eq!(ext.items.len(), 1);
    let syn::ForeignItem::Fn(both) = &ext.items[0] else {
        panic!()
    };
    assert_eq!(both.sig.inputs.len(), 1);

    let Item::Fn(generic) = find(root, "generic") else {
        panic!()
    };
    assert_eq!(generic.sig.generics.params.len(), 1);
    assert_eq!(generic.sig.inputs.len(), 1);

    // Same source for 32 bits without the feature.
    let c = fx.ok_with(&CfgContext::i686_linux(&[]));
    let root = module(&c, &[]);
    assert_eq!(names(root)[..2], ["Off", "Named"]);
    let Item::Union(u) = find(root, "U") else {
        panic!()
    };
    assert_eq!(u.fields.named.len(), 2);
    let Item::Struct(named) = find(root, "Named") else {
        panic!()
    };
    assert_eq!(field_names(&named.fields), ["a"]);
}

#[test]
fn cfg_attr_expands_to_its_attributes() {
    let src = r#"
#[cfg_attr(feature = "c-abi", repr(C))]
pub struct A { pub x: u8 }
#[cfg_attr(all(), cfg_attr(unix, derive(Clone), repr(u8)), doc = "kept")]
pub enum B { X }
#[cfg_attr(windows, repr(C))]
pub struct C;
#[cfg_attr(unix, cfg(feature = "nope"))]
pub struct D;
pub struct F { #[cfg_attr(unix, cfg(windows))] pub gone: u8, #[cfg_attr(feature = "c-abi", doc = "x",)] pub kept: u8 }
#[cfg_attr(unix, unsafe(no_mangle))]
pub extern "C" fn g() {}
#[cfg_attr(unix,)]
pub struct Empty;
"#;
    let fx = Fixture::new(&[("src/lib.rs", src)]);
    let c = fx.ok_with(&CfgContext::x86_64_linux(&["c-abi"]));
    let root = module(&c, &[]);
    assert_eq!(names(root), ["A", "B", "C", "F", "g", "Empty"]);
    let Item::Struct(a) = find(root, "A") else {
        panic!()
    };
    assert_eq!(attr_names(&a.attrs), ["repr"]);
    let Meta::List(repr) = &a.attrs[0].meta else {
        panic!()
    };
    assert_eq!(repr.tokens.to_string(), "C");
    let Item::Enum(b) = find(root, "B") else {
        panic!()
    };
    assert_eq!(attr_names(&b.attrs), ["derive", "repr", "doc"]);
    let Item::Struct(cc) = find(root, "C") else {
        panic!()
    };
    assert!(cc.attrs.is_empty());
    let Item::Struct(f) = find(root, "F") else {
        panic!()
    };
    assert_eq!(field_names(&f.fields), ["kept"]);
    assert_eq!(
        attr_names(&f.fields.iter().next().expect("field").attrs),
        ["doc"]
    );
    let Item::Fn(g) = find(root, "g") else {
        panic!()
    };
    assert_eq!(attr_names(&g.attrs), ["unsafe"]);

    let c = fx.ok_with(&CfgContext::x86_64_linux(&[]));
    let Item::Struct(a) = find(module(&c, &[]), "A") else {
        panic!()
    };
    assert!(a.attrs.is_empty());
}

#[test]
fn cfg_attr_path_on_modules() {
    let fx = Fixture::new(&[
        (
            "src/lib.rs",
            "#[cfg_attr(unix, path = \"unix_impl.rs\")]\n#[cfg_attr(windows, path = \"win_impl.rs\")]\nmod platform;\n",
        ),
        ("src/unix_impl.rs", "pub struct Unix;\n"),
    ]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        ["crate @ src/lib.rs", "platform @ src/unix_impl.rs"]
    );
    let Item::Mod(m) = find(module(&c, &[]), "platform") else {
        panic!()
    };
    assert_eq!(attr_names(&m.attrs), ["path"]);
}

#[test]
fn false_cfg_module_files_are_not_read() {
    let fx = Fixture::new(&[(
        "src/lib.rs",
        "#[cfg(windows)]\nmod win;\n#[cfg(test)]\nmod tests;\n#[cfg(all(unix, feature = \"x\"))]\nmod x;\npub struct Kept;\n",
    )]);
    let c = fx.ok();
    assert_eq!(fx.layout(&c), ["crate @ src/lib.rs"]);
    assert_eq!(names(module(&c, &[])), ["Kept"]);
    assert_eq!(fx.files_read(&c), ["src/lib.rs"]);
}

#[test]
fn inner_cfg_of_a_module_file() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", "#![cfg(windows)]\npub struct A;\n"),
        (
            "src/b.rs",
            "#![cfg_attr(unix, doc = \"unix docs\")]\n#![cfg(unix)]\npub struct B;\n",
        ),
    ]);
    let c = fx.ok();
    assert_eq!(fx.layout(&c), ["crate @ src/lib.rs", "b @ src/b.rs"]);
    assert_eq!(names(module(&c, &[])), ["b"]);
    assert_eq!(attr_names(&module(&c, &["b"]).inner_attrs), ["doc"]);
    let Item::Mod(b) = find(module(&c, &[]), "b") else {
        panic!()
    };
    assert_eq!(attr_names(&b.attrs), ["doc"]);
    // a.rs was read to find its `#![cfg]`, so a change to it must rerun the build script.
    assert_eq!(fx.files_read(&c), ["src/lib.rs", "src/a.rs", "src/b.rs"]);
}

#[test]
fn false_inner_cfg_of_the_root_leaves_an_empty_crate() {
    let fx = Fixture::new(&[(
        "src/lib.rs",
        "#![cfg(windows)]\npub struct A;\nmod missing;\n",
    )]);
    let c = fx.ok();
    assert_eq!(fx.layout(&c), ["crate @ src/lib.rs"]);
    assert!(module(&c, &[]).items.is_empty());
}

#[test]
fn test_doc_and_miri_code_is_dropped() {
    let src = "#[cfg(test)]\nmod tests { #[test] fn t() {} }\n#[cfg(all(test, unix))] pub fn x() {}\n\
               #[cfg(doc)] pub fn d() {}\n#[cfg(miri)] pub fn m() {}\n#[cfg(not(test))] pub fn real() {}\n";
    let fx = Fixture::new(&[("src/lib.rs", src)]);
    let c = fx.ok_with(&CfgContext::from_vars([(
        "CARGO_CFG_TEST".to_owned(),
        String::new(),
    )]));
    assert_eq!(names(module(&c, &[])), ["real"]);
    assert_eq!(c.modules.len(), 1);
}

#[test]
fn inline_module_contents_are_stripped() {
    let fx = Fixture::new(&[(
        "src/lib.rs",
        "#[cfg_attr(unix, doc = \"m\")]\npub mod m {\n    #[cfg(windows)] pub struct W;\n    pub struct S { #[cfg(windows)] pub w: u8 }\n}\n",
    )]);
    let c = fx.ok();
    let m = module(&c, &["m"]);
    assert_eq!(names(m), ["S"]);
    let Item::Struct(s) = find(m, "S") else {
        panic!()
    };
    assert!(s.fields.is_empty());
    let Item::Mod(item) = find(module(&c, &[]), "m") else {
        panic!()
    };
    assert_eq!(attr_names(&item.attrs), ["doc"]);
}

#[test]
fn malformed_cfg_is_located() {
    let fx = Fixture::new(&[(
        "src/lib.rs",
        "pub struct A;\n#[cfg(feature = 1)]\npub struct B;\n",
    )]);
    let d = single(fx.err());
    let at = d.location.clone().expect("located");
    assert_eq!((at.line, at.column), (2, 17), "{d}");

    for src in [
        "#[cfg_attr(unix)]\nstruct X;\n",
        "#[cfg]\nstruct X;\n",
        "#[cfg()]\nstruct X;\n",
        "#[cfg_attr(bogus(x), repr(C))]\nstruct X;\n",
    ] {
        let fx = Fixture::new(&[("src/lib.rs", src)]);
        let ds = fx.err();
        assert_eq!(ds.len(), 1, "{src}: {}", render(&ds));
        assert_eq!(
            ds[0].location.as_ref().map(|l| l.line),
            Some(1),
            "{src}: {}",
            render(&ds)
        );
    }
}

#[test]
fn cfg_on_syntax_syn_keeps_as_raw_tokens() {
    // A top-level `fn` without body is `Verbatim` to syn; `safe fn` (Rust 2024) in an extern
    // block was too before syn 3, which reads it as a function (`Safety::Safe`).
    let src = "unsafe extern \"C\" {\n    #[cfg(windows)] safe fn w();\n    safe fn kept();\n}\n\
               #[cfg(windows)] fn no_body();\n#[cfg(unix)] fn also_no_body();\n";
    let fx = Fixture::new(&[("src/lib.rs", src)]);
    let c = fx.ok();
    let root = module(&c, &[]);
    assert_eq!(names(root), ["extern", "?"]);
    let Item::ForeignMod(ext) = find(root, "extern") else {
        panic!()
    };
    assert_eq!(ext.items.len(), 1);
    let syn::ForeignItem::Fn(kept) = &ext.items[0] else {
        panic!("not a function")
    };
    assert_eq!(kept.sig.ident, "kept");
    assert!(matches!(kept.sig.safety, syn::Safety::Safe(_)));
    let Item::Verbatim(also) = &root.items[1] else {
        panic!("not verbatim")
    };
    assert!(also.to_string().contains("also_no_body"));
}
