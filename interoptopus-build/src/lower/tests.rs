//! Lowering tests: small crates written to a temp dir, scanned, lowered, and inspected.

use interoptopus_core::model::*;

use super::{lower, LowerOptions, Lowered};
use crate::diagnostic::Diagnostic;
use crate::scan::{scan_crate, CfgContext};

fn lower_files(files: &[(&str, &str)]) -> Result<Lowered, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (path, text) in files {
        let full = dir.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&full, text).unwrap_or_else(|e| panic!("write: {e}"));
    }
    let cfg = CfgContext::x86_64_linux(&[]);
    let scanned = scan_crate(&dir.path().join("src/lib.rs"), &cfg)?;
    lower(
        &scanned,
        &LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info()),
    )
}

fn ok(src: &str) -> Model {
    match lower_files(&[("src/lib.rs", src)]) {
        Ok(l) => l.model,
        Err(e) => panic!("lowering failed: {e:#?}"),
    }
}

fn err(src: &str) -> Vec<Diagnostic> {
    match lower_files(&[("src/lib.rs", src)]) {
        Ok(l) => panic!("expected an error, got {:#?}", l.model),
        Err(e) => e,
    }
}

fn ty<'m>(m: &'m Model, name: &str) -> &'m TypeDef {
    m.types.iter().find(|t| t.name == name).unwrap_or_else(|| {
        panic!(
            "no type {name} in {:?}",
            m.types.iter().map(|t| &t.name).collect::<Vec<_>>()
        )
    })
}

fn func<'m>(m: &'m Model, name: &str) -> &'m Function {
    m.functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fn {name}"))
}

#[test]
fn hello_world_roots_and_option_ref() {
    let m = ok(r#"
        /// A vector.
        #[repr(C)]
        pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }
        #[no_mangle]
        pub extern "C" fn my_game_function(input: Option<&Vec3>) -> Vec3 { todo!() }
        pub fn not_exported(x: &str) {}
    "#);
    assert_eq!(m.functions.len(), 1);
    let f = func(&m, "my_game_function");
    let vec3 = ty(&m, "Vec3");
    assert_eq!(vec3.docs.lines, vec!["A vector."]);
    assert!(matches!(
        &f.sig.params[0].ty,
        TypeRef::Pointer {
            nullable: true,
            mutable: false,
            pointer_kind: PointerKind::Reference,
            ..
        }
    ));
    assert!(matches!(&f.sig.ret, TypeRef::Named { .. }));
    assert_eq!(f.span.line, 6);
}

#[test]
fn export_forms() {
    let m = ok(r#"
        #[unsafe(no_mangle)] pub unsafe extern "C" fn a() {}
        #[export_name = "renamed_b"] pub extern "C" fn b() {}
        #[no_mangle] pub extern fn c() {}
        #[no_mangle] pub extern "C-unwind" fn d() {}
        #[repr(C)] pub struct S { v: u8 }
        impl S { #[no_mangle] pub extern "C" fn s_new() -> S { S { v: 0 } } }
        #[no_mangle] pub static ORIGIN: S = S { v: 1 };
        #[no_mangle] pub static mut COUNTER: u32 = 0;
    "#);
    let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec!["a", "renamed_b", "c", "d", "s_new"]);
    assert_eq!(func(&m, "s_new").rust_path, "crate::S::s_new");
    assert_eq!(m.statics.len(), 2);
    assert!(m.statics[1].mutable);
}

#[test]
fn module_aware_resolution() {
    let files = [
        (
            "src/lib.rs",
            r#"
            mod geo;
            mod other { #[repr(C)] pub struct Point { pub a: u8 } }
            use geo::shapes::{self, Circle as Round};
            use other::*;
            #[no_mangle] pub extern "C" fn f(a: Round, b: shapes::Square, c: Point, d: geo::Point) {}
            "#,
        ),
        ("src/geo/mod.rs", "pub mod shapes;\n#[ffi_type(name = \"GeoPoint\")]\n#[repr(C)] pub struct Point { pub x: f64 }"),
        (
            "src/geo/shapes.rs",
            "use super::Point;\n#[repr(C)] pub struct Circle { pub center: Point, pub r: f32 }\n#[repr(C)] pub struct Square { pub corner: crate::geo::Point }",
        ),
    ];
    let m = match lower_files(&files) {
        Ok(l) => l.model,
        Err(e) => panic!("{e:#?}"),
    };
    let names: Vec<&str> = m.types.iter().map(|t| t.name.as_str()).collect();
    assert!(
        names.contains(&"GeoPoint") && names.contains(&"Point"),
        "{names:?}"
    );
    assert_eq!(ty(&m, "Point").rust_path, "crate::other::Point");
    assert_eq!(ty(&m, "GeoPoint").rust_path, "crate::geo::Point");
    // Circle's center is the geo point, not the other one.
    let TypeKind::Struct { fields, .. } = &ty(&m, "Circle").kind else {
        panic!()
    };
    let TypeRef::Named { id, .. } = &fields[0].ty else {
        panic!()
    };
    assert_eq!(m.type_def(*id).name, "GeoPoint");
    // Dependency order: GeoPoint before Circle and Square.
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap_or(usize::MAX);
    assert!(pos("GeoPoint") < pos("Circle") && pos("GeoPoint") < pos("Square"));
}

#[test]
fn same_name_in_two_modules_is_a_located_error() {
    let e = err(r#"
        mod a { #[repr(C)] pub struct P { pub x: u8 } }
        mod b { #[repr(C)] pub struct P { pub y: u8 } }
        #[no_mangle] pub extern "C" fn f(x: a::P, y: b::P) {}
    "#);
    assert!(
        e[0].message.contains("would both be exported as `P`"),
        "{e:?}"
    );
    assert!(e[0].location.is_some());
}

#[test]
fn aliases_generics_and_fn_pointers() {
    let m = ok(r#"
        use core::ffi::c_int;
        #[repr(C)] pub struct Pair<T> { pub a: T, pub b: T }
        pub type PairF = Pair<f32>;
        pub type Same<T> = Pair<T>;
        pub type Callback = extern "C" fn(value: u32, p: *const PairF) -> bool;
        #[no_mangle] pub extern "C" fn f(a: PairF, b: Same<u8>, c: Callback, d: Option<Callback>,
            e: unsafe extern "C" fn(c_int) -> c_int, g: Option<extern "C" fn(c_int) -> c_int>) {}
    "#);
    assert_eq!(ty(&m, "Pair_f32").rust_path, "crate::Pair<f32>");
    assert!(m.types.iter().any(|t| t.name == "Pair_u8"));
    let f = func(&m, "f");
    assert!(matches!(
        f.sig.params[3].ty,
        TypeRef::Named { nullable: true, .. }
    ));
    let TypeRef::Named { id: e_id, .. } = f.sig.params[4].ty else {
        panic!()
    };
    let TypeRef::Named { id: g_id, .. } = f.sig.params[5].ty else {
        panic!()
    };
    assert_eq!(e_id, g_id, "identical inline signatures share one type");
    assert_eq!(m.type_def(e_id).name, "fn_i32_ret_i32");
    assert!(matches!(ty(&m, "Callback").kind, TypeKind::FnPtr { .. }));
}

#[test]
fn enums_and_tagged_unions() {
    let m = ok(r#"
        const BASE: i32 = 10;
        #[repr(C)] pub enum Color { Red, Green = BASE * 2, Blue, Neg = -5 }
        #[repr(u8)] pub enum Small { A = 1, B }
        #[repr(C)] pub enum Shape { Circle(f32), Rect { w: f32, h: f32 }, Empty }
        #[repr(u8)] pub enum Event { Key(u32), Quit }
        #[repr(C, u16)] pub enum Mixed { One(u8), Two }
        #[no_mangle] pub extern "C" fn f(a: Color, b: Small, c: Shape, d: Event, e: Mixed) {}
    "#);
    let TypeKind::Enum {
        int,
        repr_c,
        variants,
    } = &ty(&m, "Color").kind
    else {
        panic!()
    };
    assert_eq!((*int, *repr_c), (IntKind::I32, true));
    assert_eq!(
        variants.iter().map(|v| v.value).collect::<Vec<_>>(),
        vec![0, 20, 21, -5]
    );
    let TypeKind::Enum { int, variants, .. } = &ty(&m, "Small").kind else {
        panic!()
    };
    assert_eq!((*int, variants[1].value), (IntKind::U8, 2));
    assert!(matches!(
        ty(&m, "Shape").kind,
        TypeKind::TaggedUnion {
            tag: IntKind::I32,
            style: TagStyle::Separate,
            ..
        }
    ));
    assert!(matches!(
        ty(&m, "Event").kind,
        TypeKind::TaggedUnion {
            tag: IntKind::U8,
            style: TagStyle::Inline,
            ..
        }
    ));
    assert!(matches!(
        ty(&m, "Mixed").kind,
        TypeKind::TaggedUnion {
            tag: IntKind::U16,
            style: TagStyle::Separate,
            ..
        }
    ));
}

#[test]
fn structs_reprs_arrays_opaque_phantom() {
    let m = ok(r#"
        use std::marker::PhantomData;
        use std::ptr::NonNull;
        use std::num::NonZeroU32;
        const N: usize = 3;
        #[repr(C, packed)] pub struct P { a: u8, b: u32 }
        #[repr(C, align(16))] pub struct A { a: u8 }
        #[repr(transparent)] pub struct Meters(f64, PhantomData<u8>);
        #[repr(C)] pub struct Grid([[u8; N]; 2], PhantomData<u8>, u16);
        pub struct Engine { inner: Vec<u8> }
        #[repr(C)] pub struct Handle { _private: [u8; 0] }
        #[repr(C)] pub union U { i: i64, f: f64 }
        #[no_mangle] pub extern "C" fn f(p: P, a: A, m: Meters, g: Grid, e: *mut Engine, h: NonNull<Handle>,
            b: Box<Engine>, o: Option<Box<Engine>>, z: NonZeroU32, oz: Option<NonZeroU32>, u: U, v: *const std::ffi::c_void, c: char) -> usize { 0 }
    "#);
    assert!(matches!(
        ty(&m, "P").kind,
        TypeKind::Struct {
            repr: StructRepr {
                packed: Some(1),
                align: None
            },
            ..
        }
    ));
    assert!(matches!(
        ty(&m, "A").kind,
        TypeKind::Struct {
            repr: StructRepr {
                packed: None,
                align: Some(16)
            },
            ..
        }
    ));
    assert!(
        matches!(&ty(&m, "Meters").kind, TypeKind::Transparent { field } if field.name == "_0")
    );
    let TypeKind::Struct {
        fields,
        tuple: true,
        ..
    } = &ty(&m, "Grid").kind
    else {
        panic!()
    };
    assert_eq!(
        fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        vec!["_0", "_2"]
    );
    assert_eq!(fields[1].rust_name, "2");
    assert!(
        matches!(&fields[0].ty, TypeRef::Array { len: 2, element } if matches!(**element, TypeRef::Array { len: 3, .. }))
    );
    assert_eq!(ty(&m, "Engine").kind, TypeKind::Opaque);
    assert_eq!(ty(&m, "Handle").kind, TypeKind::Opaque);
    assert!(matches!(ty(&m, "U").kind, TypeKind::Union { .. }));
    let p = &func(&m, "f").sig.params;
    assert!(matches!(
        p[8].ty,
        TypeRef::Primitive {
            primitive: Primitive::U32,
            non_zero: true
        }
    ));
    assert!(matches!(
        p[9].ty,
        TypeRef::Primitive {
            primitive: Primitive::U32,
            non_zero: false
        }
    ));
    assert!(matches!(&p[11].ty, TypeRef::Pointer { pointee, .. } if **pointee == TypeRef::Void));
    assert!(matches!(
        p[12].ty,
        TypeRef::Primitive {
            primitive: Primitive::Char32,
            ..
        }
    ));
}

#[test]
fn constants_evaluate_like_rustc() {
    let m = ok(r#"
        mod limits { pub const BASE: u32 = 1 << 4; }
        use limits::BASE;
        pub const A: u32 = BASE * 2 + 1;
        pub const B: i64 = i64::MIN;
        pub const C: u8 = !0u8;
        pub const D: u32 = (-1i32) as u32;
        pub const E: f32 = 1.0 / 3.0;
        pub const F: bool = A > 10 && true;
        pub const G: u64 = u64::MAX;
        pub const H: f64 = core::f64::consts::PI;
        pub const I: i32 = 300 as u8 as i32;
        const PRIVATE: u32 = 5;
    "#);
    let v = |n: &str| {
        m.constants
            .iter()
            .find(|c| c.name == n)
            .map(|c| c.value)
            .unwrap_or_else(|| panic!("no const {n}"))
    };
    assert_eq!(v("A"), ConstValue::Int(33));
    assert_eq!(v("B"), ConstValue::Int(i64::MIN as i128));
    assert_eq!(v("C"), ConstValue::Int(255));
    assert_eq!(v("D"), ConstValue::Int(u32::MAX as i128));
    assert_eq!(v("E"), ConstValue::Float((1.0f32 / 3.0) as f64));
    assert_eq!(v("F"), ConstValue::Bool(true));
    assert_eq!(v("G"), ConstValue::Int(u64::MAX as i128));
    assert_eq!(v("H"), ConstValue::Float(std::f64::consts::PI));
    assert_eq!(v("I"), ConstValue::Int(44));
    assert!(m.constants.iter().all(|c| c.name != "PRIVATE"));
}

#[test]
fn unsupported_inputs_are_located_errors() {
    let cases: &[(&str, &str)] = &[
        ("#[no_mangle] pub extern \"C\" fn f(s: &str) {}", "cannot cross the C ABI"),
        ("#[no_mangle] pub extern \"C\" fn f(v: Vec<u8>) {}", "cannot cross the C ABI"),
        ("pub struct S { a: u8 }\n#[no_mangle] pub extern \"C\" fn f(s: S) {}", "used by value but has no C layout"),
        ("#[no_mangle] pub extern \"C\" fn f<T>(t: *const T) {}", "is generic"),
        ("#[no_mangle] pub extern \"C\" fn f(t: Missing) {}", "unknown type `Missing`"),
        ("#[no_mangle] pub fn f() {}", "does not use the C ABI"),
        ("pub const S: &str = \"x\";", "not of a primitive type"),
        ("#[no_mangle] pub extern \"C\" fn f(t: (u8, u8)) {}", "tuples"),
        ("#[no_mangle] pub extern \"C\" fn f(t: Option<u32>) {}", "`Option` of this type"),
        ("#[repr(C)] pub struct R { next: R2 }\n#[repr(C)] pub struct R2 { r: R }\n#[no_mangle] pub extern \"C\" fn f(r: R) {}", "contains itself"),
    ];
    for (src, expected) in cases {
        let e = err(src);
        assert!(
            e.iter().any(|d| d.message.contains(expected)),
            "{src}: {e:#?}"
        );
        if !expected.contains("itself") {
            let loc = e[0]
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("{src}: no location"));
            assert!(loc.line >= 1 && loc.column >= 1);
        }
    }
}

#[test]
fn exclusion_is_the_quiet_way_out() {
    let dir_files = [(
        "src/lib.rs",
        "pub const S: &str = \"x\";\npub const N: u8 = 1;",
    )];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (p, t) in dir_files {
        std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(p), t).unwrap_or_else(|e| panic!("{e}"));
    }
    let cfg = CfgContext::x86_64_linux(&[]);
    let scanned =
        scan_crate(&dir.path().join("src/lib.rs"), &cfg).unwrap_or_else(|e| panic!("{e:?}"));
    let lowered = lower(
        &scanned,
        &LowerOptions {
            exclude: vec!["crate::S".into()],
            ..LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info())
        },
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(lowered.model.constants.len(), 1);
}

#[test]
fn rust_access_paths_respect_privacy() {
    let l = lower_files(&[(
        "src/lib.rs",
        r#"
        mod a { pub mod b { #[repr(C)] pub struct Deep { pub x: u8 } } #[repr(C)] pub struct Mid { x: u8 } }
        mod hidden { mod inner { #[repr(C)] pub struct Hidden { pub x: u8 } } pub use inner::Hidden; }
        #[no_mangle] pub extern "C" fn f(d: a::b::Deep, m: a::Mid, h: hidden::Hidden) {}
        "#,
    )])
    .unwrap_or_else(|e| panic!("{e:?}"));
    let info = |n: &str| {
        let i = l
            .model
            .types
            .iter()
            .position(|t| t.name == n)
            .unwrap_or(usize::MAX);
        l.rust_types[i].clone()
    };
    assert_eq!(
        info("Deep").access_path.as_deref(),
        Some("crate::a::b::Deep")
    );
    assert!(info("Deep").fields_visible);
    assert!(info("Mid").access_path.is_some() && !info("Mid").fields_visible);
    assert!(info("Hidden").access_path.is_none());
}

#[test]
fn raw_identifier_modules_resolve() {
    let l = lower_files(&[
        (
            "src/lib.rs",
            "pub mod r#type;\n#[no_mangle] pub extern \"C\" fn f(v: r#type::Kind) {}\n",
        ),
        ("src/type.rs", "#[repr(C)] pub struct Kind { pub x: u8 }\n"),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    let i = l
        .model
        .types
        .iter()
        .position(|t| t.name == "Kind")
        .unwrap_or(usize::MAX);
    assert_eq!(
        l.rust_types[i].access_path.as_deref(),
        Some("crate::r#type::Kind")
    );
}

#[test]
fn deprecated_in_its_three_forms() {
    let m = ok(r#"
        #[deprecated] #[no_mangle] pub extern "C" fn bare() {}
        #[deprecated = "use g"] #[no_mangle] pub extern "C" fn short() {}
        #[deprecated(since = "1.2", note = "use h")] #[no_mangle] pub extern "C" fn full() {}
        #[no_mangle] pub extern "C" fn current(o: *mut Old, e: Mode) {}
        #[deprecated(note = "gone soon")] pub struct Old { v: Vec<u8> }
        #[repr(C)] pub enum Mode { A, #[deprecated(since = "0.9")] B }
        #[deprecated] pub const LIMIT: u32 = 3;
        #[deprecated = "read TABLE"] #[no_mangle] pub static OLD_TABLE: [u8; 2] = [1, 2];
    "#);
    let dep = |since: Option<&str>, note: Option<&str>| {
        Some(Deprecation {
            since: since.map(Into::into),
            note: note.map(Into::into),
        })
    };
    assert_eq!(func(&m, "bare").deprecated, dep(None, None));
    assert_eq!(func(&m, "short").deprecated, dep(None, Some("use g")));
    assert_eq!(func(&m, "full").deprecated, dep(Some("1.2"), Some("use h")));
    assert_eq!(func(&m, "current").deprecated, None);
    assert_eq!(ty(&m, "Old").deprecated, dep(None, Some("gone soon")));
    assert_eq!(ty(&m, "Mode").deprecated, None);
    let TypeKind::Enum { variants, .. } = &ty(&m, "Mode").kind else {
        panic!("Mode is not an enum");
    };
    assert_eq!(variants[0].deprecated, None);
    assert_eq!(variants[1].deprecated, dep(Some("0.9"), None));
    assert_eq!(m.constants[0].deprecated, dep(None, None));
    assert_eq!(m.statics[0].deprecated, dep(None, Some("read TABLE")));
}

/// Forms real C-API crates write: no ABI string, `unsafe` attributes, lifetimes on opaque
/// handles, their own `size_t` aliases, and exported arrays.
#[test]
fn real_crate_forms() {
    let m = ok(r#"
        #![allow(non_camel_case_types)]
        pub mod libc { pub type size_t = usize; pub type c_int = i32; }
        pub type size_t = usize;
        pub struct Iter<'r> { text: &'r str }
        pub struct Regex;
        #[no_mangle] pub extern fn iter_len<'r>(it: *mut Iter<'r>, re: *const Regex) -> size_t { 0 }
        #[unsafe(no_mangle)] pub unsafe extern "C" fn iter_next<'a>(it: &mut Iter<'a>, n: libc::size_t) -> libc::c_int { 0 }
        #[export_name = "iter_free"] pub extern "C" fn free_iter(it: Option<Box<Iter<'static>>>) {}
        #[no_mangle] pub static TABLE: [u32; 4] = [1, 2, 3, 4];
        #[no_mangle] pub static mut SCRATCH: [u8; 3] = [0; 3];
    "#);
    let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec!["iter_len", "iter_next", "iter_free"]);
    let iters: Vec<&TypeDef> = m.types.iter().filter(|t| t.name == "Iter").collect();
    assert_eq!(iters.len(), 1, "one opaque `Iter` whatever the lifetime");
    assert_eq!(iters[0].kind, TypeKind::Opaque);
    let usize_ = TypeRef::primitive(Primitive::Usize);
    assert_eq!(func(&m, "iter_len").sig.ret, usize_);
    assert_eq!(func(&m, "iter_next").sig.params[1].ty, usize_);
    assert_eq!(
        func(&m, "iter_next").sig.ret,
        TypeRef::primitive(Primitive::I32)
    );
    assert!(
        m.types.iter().all(|t| t.name != "size_t"),
        "`size_t` aliases are `usize`, not a new type"
    );
    assert_eq!(
        m.statics[0].ty,
        TypeRef::Array {
            element: Box::new(TypeRef::primitive(Primitive::U32)),
            len: 4
        }
    );
    assert!(!m.statics[0].mutable);
    assert!(m.statics[1].mutable);
}
