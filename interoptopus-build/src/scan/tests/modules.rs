//! Module files: where `mod x;` is looked for, and what happens when that fails.

use syn::{Item, Visibility};

use super::{find, module, names, single, Fixture};
use crate::scan::CfgContext;

#[test]
fn flat_and_mod_rs_files_and_their_children() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "pub mod a;\nmod b;\n"),
        ("src/a.rs", "pub mod c;\n"),
        ("src/a/c.rs", "pub struct C;\n"),
        ("src/b/mod.rs", "mod d;\n"),
        ("src/b/d.rs", "pub struct D;\n"),
    ]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        [
            "crate @ src/lib.rs",
            "a @ src/a.rs",
            "a::c @ src/a/c.rs",
            "b @ src/b/mod.rs",
            "b::d @ src/b/d.rs"
        ]
    );
    assert_eq!(
        fx.files_read(&c),
        [
            "src/lib.rs",
            "src/a.rs",
            "src/a/c.rs",
            "src/b/mod.rs",
            "src/b/d.rs"
        ]
    );
    assert_eq!(c.root_file, fx.root());
    for f in &c.files_read {
        assert!(c.sources.contains_key(f), "no source for {}", f.display());
    }
    assert_eq!(c.sources[&fx.root()], "pub mod a;\nmod b;\n");
}

#[test]
fn mod_items_stay_without_content() {
    let fx = Fixture::new(&[
        (
            "src/lib.rs",
            "/// Docs of a.\npub mod a;\npub(crate) mod b { pub struct B; }\n",
        ),
        ("src/a.rs", "//! Inner docs of a.\npub struct A;\n"),
    ]);
    let c = fx.ok();
    let root = module(&c, &[]);
    assert_eq!(names(root), ["a", "b"]);
    let Item::Mod(a) = find(root, "a") else {
        panic!("a is not a mod")
    };
    assert!(a.content.is_none());
    assert!(matches!(a.vis, Visibility::Public(_)));
    // Outer doc first, then the file's inner doc, as if the module were inline.
    assert_eq!(a.attrs.len(), 2);
    assert!(matches!(a.attrs[1].style, syn::AttrStyle::Inner(_)));
    assert_eq!(module(&c, &["a"]).inner_attrs.len(), 1);
    let Item::Mod(b) = find(root, "b") else {
        panic!("b is not a mod")
    };
    assert!(b.content.is_none());
    assert!(matches!(b.vis, Visibility::Restricted(_)));
    assert_eq!(names(module(&c, &["b"])), ["B"]);
}

#[test]
fn nested_directories() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod x;\n"),
        ("src/x/mod.rs", "mod y;\n"),
        ("src/x/y/mod.rs", "mod z;\n"),
        ("src/x/y/z.rs", "mod w;\n"),
        ("src/x/y/z/w.rs", "pub struct W;\n"),
    ]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        [
            "crate @ src/lib.rs",
            "x @ src/x/mod.rs",
            "x::y @ src/x/y/mod.rs",
            "x::y::z @ src/x/y/z.rs",
            "x::y::z::w @ src/x/y/z/w.rs"
        ]
    );
}

#[test]
fn both_candidate_files_is_an_error() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "\nmod dup;\n"),
        ("src/dup.rs", ""),
        ("src/dup/mod.rs", ""),
    ]);
    let d = single(fx.err());
    assert!(
        d.message.contains("dup.rs") && d.message.contains("mod.rs"),
        "{d}"
    );
    let at = d.location.clone().expect("located");
    assert_eq!(
        (fx.rel(&at.file).as_str(), at.line, at.column, at.len),
        ("src/lib.rs", 2, 5, 3)
    );
    assert!(d.hint.is_some());
}

#[test]
fn missing_module_file_is_located_and_lists_the_paths_tried() {
    let fx = Fixture::new(&[("src/lib.rs", "pub struct A;\n\npub mod gone;\n")]);
    let d = single(fx.err());
    assert!(d.message.contains("src/gone.rs"), "{d}");
    assert!(d.message.contains("src/gone/mod.rs"), "{d}");
    let at = d.location.clone().expect("located");
    assert_eq!(
        (fx.rel(&at.file).as_str(), at.line, at.column, at.len),
        ("src/lib.rs", 3, 9, 4)
    );
    assert!(d.hint.expect("hint").contains("#[path"));
}

#[test]
fn missing_child_of_non_mod_rs_file_is_looked_for_in_its_directory() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod a;\n"),
        ("src/a.rs", "mod b;\n"),
        ("src/b.rs", ""),
    ]);
    let d = single(fx.err());
    assert!(
        d.message.contains("src/a/b.rs") && d.message.contains("src/a/b/mod.rs"),
        "{d}"
    );
    assert_eq!(fx.rel(&d.location.expect("located").file), "src/a.rs");
}

#[test]
fn path_attribute_is_relative_to_the_declaring_files_directory() {
    // The Rust Reference's table: `#[path = "foo.rs"] mod c;` in `src/a/b.rs` and in
    // `src/a/mod.rs` both name `src/a/foo.rs`.
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod a;\n"),
        ("src/a/mod.rs", "mod b;\n#[path = \"foo.rs\"]\nmod c;\n"),
        ("src/a/b.rs", "#[path = \"foo.rs\"]\nmod c;\n"),
        ("src/a/foo.rs", "pub struct Foo;\n"),
    ]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        [
            "crate @ src/lib.rs",
            "a @ src/a/mod.rs",
            "a::b @ src/a/b.rs",
            "a::b::c @ src/a/foo.rs",
            "a::c @ src/a/foo.rs"
        ]
    );
    // One file included twice is read twice but listed once.
    assert_eq!(
        fx.files_read(&c),
        ["src/lib.rs", "src/a/mod.rs", "src/a/b.rs", "src/a/foo.rs"]
    );
}

#[test]
fn path_attribute_inside_inline_modules() {
    // The Reference's second table, plus `#[path]` on the inline module itself (outer and inner
    // attribute) and a plain `mod` inside an inline module of a non-mod-rs file.
    let fx = Fixture::new(&[
        (
            "src/lib.rs",
            "mod a;\n\
             #[path = \"thread_files\"]\nmod thread {\n    #[path = \"tls.rs\"]\n    mod local_data;\n}\n\
             mod inner_attr {\n    #![path = \"elsewhere\"]\n    mod deep;\n}\n",
        ),
        ("src/a/mod.rs", "mod b;\nmod inline {\n    #[path = \"other.rs\"]\n    mod inner;\n}\n"),
        (
            "src/a/b.rs",
            "mod inline {\n    #[path = \"other.rs\"]\n    mod inner;\n    mod plain;\n}\n\
             #[path = \"dir\"]\nmod moved {\n    mod leaf;\n}\n",
        ),
        ("src/a/inline/other.rs", ""),
        ("src/a/b/inline/other.rs", ""),
        ("src/a/b/inline/plain.rs", ""),
        ("src/a/dir/leaf.rs", ""),
        ("src/thread_files/tls.rs", ""),
        ("src/elsewhere/deep.rs", ""),
    ]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        [
            "crate @ src/lib.rs",
            "a @ src/a/mod.rs",
            "a::b @ src/a/b.rs",
            "a::b::inline @ src/a/b.rs",
            "a::b::inline::inner @ src/a/b/inline/other.rs",
            "a::b::inline::plain @ src/a/b/inline/plain.rs",
            "a::b::moved @ src/a/b.rs",
            "a::b::moved::leaf @ src/a/dir/leaf.rs",
            "a::inline @ src/a/mod.rs",
            "a::inline::inner @ src/a/inline/other.rs",
            "thread @ src/lib.rs",
            "thread::local_data @ src/thread_files/tls.rs",
            "inner_attr @ src/lib.rs",
            "inner_attr::deep @ src/elsewhere/deep.rs"
        ]
    );
}

#[test]
fn files_loaded_through_path_are_mod_rs_like() {
    // rustc treats every `#[path]` file as a mod-rs file: its children are its siblings.
    let fx = Fixture::new(&[
        ("src/lib.rs", "#[path = \"impls/x.rs\"]\nmod m;\n"),
        ("src/impls/x.rs", "mod n;\n"),
        ("src/impls/n.rs", "pub struct N;\n"),
    ]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        [
            "crate @ src/lib.rs",
            "m @ src/impls/x.rs",
            "m::n @ src/impls/n.rs"
        ]
    );
}

#[test]
fn inline_modules_are_their_own_modules() {
    let fx = Fixture::new(&[(
        "src/lib.rs",
        "pub mod outer {\n    //! Outer docs.\n    pub struct S;\n    mod inner { pub fn f() {} }\n}\npub struct Root;\n",
    )]);
    let c = fx.ok();
    assert_eq!(
        fx.layout(&c),
        [
            "crate @ src/lib.rs",
            "outer @ src/lib.rs",
            "outer::inner @ src/lib.rs"
        ]
    );
    assert_eq!(names(module(&c, &[])), ["outer", "Root"]);
    assert_eq!(names(module(&c, &["outer"])), ["S", "inner"]);
    assert_eq!(names(module(&c, &["outer", "inner"])), ["f"]);
    assert_eq!(module(&c, &["outer"]).inner_attrs.len(), 1);
    assert_eq!(fx.files_read(&c), ["src/lib.rs"]);
}

#[test]
fn raw_identifier_modules() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "pub mod r#type;\n"),
        ("src/type.rs", "pub struct T;\n"),
    ]);
    let c = fx.ok();
    assert_eq!(fx.layout(&c), ["crate @ src/lib.rs", "type @ src/type.rs"]);
}

#[test]
fn path_cycles_are_errors() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod a;\n"),
        ("src/a.rs", "\n#[path = \"lib.rs\"]\nmod again;\n"),
    ]);
    let d = single(fx.err());
    assert!(d.message.contains("circular"), "{d}");
    let at = d.location.clone().expect("located");
    assert_eq!(
        (fx.rel(&at.file).as_str(), at.line, at.column),
        ("src/a.rs", 2, 10)
    );

    let fx = Fixture::new(&[("src/lib.rs", "#[path = \"./lib.rs\"]\nmod me;\n")]);
    assert!(single(fx.err()).message.contains("circular"));
}

#[test]
fn unreadable_path_target_is_located_at_the_attribute() {
    let fx = Fixture::new(&[("src/lib.rs", "#[path = \"nope.rs\"]\nmod x;\n")]);
    let d = single(fx.err());
    assert!(d.message.contains("nope.rs"), "{d}");
    let at = d.location.clone().expect("located");
    assert_eq!((at.line, at.column), (1, 10));
}

#[test]
fn malformed_path_attribute() {
    let fx = Fixture::new(&[("src/lib.rs", "#[path(x)]\nmod x;\n")]);
    let d = single(fx.err());
    assert!(d.message.contains("path"), "{d}");
    assert_eq!(d.location.expect("located").line, 1);
}

#[test]
fn unreadable_root_file() {
    let fx = Fixture::new(&[]);
    let d = single(fx.err());
    assert!(d.message.contains("cannot read"), "{d}");
}

#[test]
fn syntax_errors_are_located() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod a;\n"),
        ("src/a.rs", "pub struct Fine;\n\npub fn broken(x: u8 {\n}\n"),
    ]);
    let d = single(fx.err());
    let at = d.location.clone().expect("located");
    assert_eq!((fx.rel(&at.file).as_str(), at.line), ("src/a.rs", 3), "{d}");
    assert!(d.message.starts_with("syntax error"), "{d}");
}

#[test]
fn every_broken_module_is_reported() {
    let fx = Fixture::new(&[("src/lib.rs", "mod one;\nmod two;\n")]);
    assert_eq!(fx.err().len(), 2);
}

#[test]
fn output_is_deterministic() {
    let fx = Fixture::new(&[
        ("src/lib.rs", "mod b;\nmod a;\nmod c { mod d; }\n"),
        ("src/a.rs", ""),
        ("src/b/mod.rs", ""),
        ("src/c/d.rs", ""),
    ]);
    let cfg = CfgContext::x86_64_linux(&[]);
    let first = fx.ok_with(&cfg);
    let second = fx.ok_with(&cfg);
    assert_eq!(fx.layout(&first), fx.layout(&second));
    assert_eq!(first.files_read, second.files_read);
    assert_eq!(
        fx.layout(&first),
        [
            "crate @ src/lib.rs",
            "b @ src/b/mod.rs",
            "a @ src/a.rs",
            "c @ src/lib.rs",
            "c::d @ src/c/d.rs"
        ]
    );
}

#[test]
fn a_module_defined_twice_is_an_error_unless_cfg_removes_one() {
    let fx = Fixture::new(&[("src/lib.rs", "mod a {}\n\nmod a;\n"), ("src/a.rs", "")]);
    let d = single(fx.err());
    assert!(d.message.contains("twice"), "{d}");
    assert_eq!(d.location.clone().expect("located").line, 3);

    let fx = Fixture::new(&[(
        "src/lib.rs",
        "#[cfg(windows)]\nmod a;\n#[cfg(unix)]\nmod a { pub struct U; }\n",
    )]);
    let c = fx.ok();
    assert_eq!(fx.layout(&c), ["crate @ src/lib.rs", "a @ src/lib.rs"]);
}
