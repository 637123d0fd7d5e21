//! Lowering with opted-in dependency crates: paths into them, re-exports, renames, spans in
//! their files, and how the crate root names their types.

use std::collections::BTreeMap;

use interoptopus_core::model::*;

use super::{lower_with_dependencies, Dependencies, DependencyCrate, LowerOptions, Lowered};
use crate::diagnostic::Diagnostic;
use crate::scan::{scan_crate, CfgContext};

/// A crate in a temp dir: `files` relative to it, root `src/lib.rs`.
fn write(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&full, text).unwrap_or_else(|e| panic!("write: {e}"));
    }
}

/// One dependency: `(name the main crate uses, its files, its extern crates)`.
type Dep<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [(&'a str, usize)]);

struct Lowering {
    result: Result<Lowered, Vec<Diagnostic>>,
    dir: tempfile::TempDir,
}

/// Lowers `main` with `deps`; `from_root` lists the extern names of the main crate.
fn lower_set(main: &str, deps: &[Dep<'_>], from_root: &[(&str, usize)]) -> Lowering {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let main_dir = dir.path().join("main");
    write(&main_dir, &[("src/lib.rs", main)]);
    let cfg = CfgContext::x86_64_linux(&[]);
    let mut crates = Vec::new();
    for (name, files, externs) in deps {
        let dep_dir = dir.path().join(format!("dep-{name}"));
        write(&dep_dir, files);
        let scanned = scan_crate(&dep_dir.join("src/lib.rs"), &cfg)
            .unwrap_or_else(|e| panic!("scan {name}: {e:?}"));
        crates.push(DependencyCrate {
            name: name.to_string(),
            scanned,
            extern_crates: externs.iter().map(|(n, i)| (n.to_string(), *i)).collect(),
        });
    }
    let dependencies = Dependencies {
        crates,
        from_root: from_root
            .iter()
            .map(|(n, i)| (n.to_string(), *i))
            .collect::<BTreeMap<_, _>>(),
    };
    let main_scan =
        scan_crate(&main_dir.join("src/lib.rs"), &cfg).unwrap_or_else(|e| panic!("scan: {e:?}"));
    let result = lower_with_dependencies(
        &main_scan,
        &dependencies,
        &LowerOptions::new("main", "main", main_dir, cfg.target_info()),
    );
    Lowering { result, dir }
}

impl Lowering {
    fn ok(&self) -> &Lowered {
        match &self.result {
            Ok(l) => l,
            Err(e) => panic!("lowering failed: {e:#?}"),
        }
    }

    fn errors(&self) -> &[Diagnostic] {
        match &self.result {
            Ok(l) => panic!("expected an error, got {:#?}", l.model),
            Err(e) => e,
        }
    }

    fn ty(&self, name: &str) -> (&TypeDef, &super::RustTypeInfo) {
        let l = self.ok();
        let i = l
            .model
            .types
            .iter()
            .position(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        (&l.model.types[i], &l.rust_types[i])
    }
}

const SHAPES: &[(&str, &str)] = &[
    (
        "src/lib.rs",
        "mod point;\npub mod units;\npub use point::*;\npub mod nested { pub mod deeper { #[repr(C)] pub struct Deep { pub v: u8 } } }\n\
         pub const LEN: usize = 3;\n#[repr(C)] pub struct Poly { pub pts: [point::Point; LEN], pub unit: units::Unit }\n\
         #[no_mangle] pub extern \"C\" fn shapes_own(p: Poly) {}\n",
    ),
    (
        "src/point.rs",
        "/// A point.\n#[repr(C)]\npub struct Point { pub x: f32, pub y: f32 }\n",
    ),
    (
        "src/units.rs",
        "#[repr(u8)] pub enum Unit { Mm = 1, Inch = 25 }\n#[repr(C)] pub struct Sealed { inner: u32 }\n",
    ),
];

#[test]
fn every_path_form_reaches_the_dependency() {
    let l = lower_set(
        "use shapes::Point;\nuse shapes::units::Unit as Measure;\npub use shapes::Poly as Polygon;\n\
         #[no_mangle] pub extern \"C\" fn a(p: Point, q: ::shapes::Point, r: shapes::nested::deeper::Deep) {}\n\
         #[no_mangle] pub extern \"C\" fn b(u: Measure, poly: Polygon) {}\n",
        &[("shapes", SHAPES, &[])],
        &[("shapes", 0)],
    );
    let m = &l.ok().model;
    // Roots come from the crate being built only.
    let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b"]);
    let a = &m.functions[0].sig.params;
    assert_eq!(
        a[0].ty, a[1].ty,
        "`Point` and `::shapes::Point` are one type"
    );
    let (point, _) = l.ty("Point");
    assert_eq!(point.rust_path, "shapes::point::Point");
    assert_eq!(point.docs.lines, vec!["A point."]);
    assert!(
        point.span.file.ends_with("dep-shapes/src/point.rs"),
        "{}",
        point.span.file
    );
    assert_eq!((point.span.line, point.span.column), (3, 12));
    assert_eq!(l.ty("Deep").0.rust_path, "shapes::nested::deeper::Deep");
    // Renamed imports keep the definition's name and identity.
    let (unit, _) = l.ty("Unit");
    assert_eq!(unit.rust_path, "shapes::units::Unit");
    let TypeKind::Enum { variants, .. } = &unit.kind else {
        panic!("Unit is {:?}", unit.kind);
    };
    assert_eq!(variants[1].value, 25);
    let (poly, _) = l.ty("Poly");
    let TypeKind::Struct { fields, .. } = &poly.kind else {
        panic!("Poly is {:?}", poly.kind);
    };
    assert!(
        matches!(&fields[0].ty, TypeRef::Array { len: 3, .. }),
        "the dependency's const is the array length: {:?}",
        fields[0].ty
    );
    assert!(m.types.iter().all(|t| t.name != "Polygon"));
}

#[test]
fn the_crate_root_names_dependency_types_by_their_public_paths() {
    let l = lower_set(
        "#[no_mangle] pub extern \"C\" fn a(p: shapes::Point, d: shapes::nested::deeper::Deep, s: *const shapes::units::Sealed) {}\n",
        &[("shapes", SHAPES, &[])],
        &[("shapes", 0)],
    );
    // Defined in a private module, re-exported by a glob at the root.
    let (_, point) = l.ty("Point");
    assert_eq!(point.access_path.as_deref(), Some("::shapes::Point"));
    assert!(point.fields_visible);
    let (_, deep) = l.ty("Deep");
    assert_eq!(
        deep.access_path.as_deref(),
        Some("::shapes::nested::deeper::Deep")
    );
    // Private fields of another crate are out of reach, even at its root.
    let (_, sealed) = l.ty("Sealed");
    assert_eq!(
        sealed.access_path.as_deref(),
        Some("::shapes::units::Sealed")
    );
    assert!(!sealed.fields_visible);
}

#[test]
fn a_renamed_dependency_is_named_as_the_crate_names_it() {
    let l = lower_set(
        "#[no_mangle] pub extern \"C\" fn a(p: geo::Point) {}\n",
        &[("geo", SHAPES, &[])],
        &[("geo", 0)],
    );
    let (point, info) = l.ty("Point");
    assert_eq!(point.rust_path, "geo::point::Point");
    assert_eq!(info.access_path.as_deref(), Some("::geo::Point"));
}

#[test]
fn dependencies_see_each_other_and_crate_means_their_own_root() {
    let units: &[(&str, &str)] = &[("src/lib.rs", "#[repr(C)] pub struct Meters(pub f64);\n")];
    let shapes: &[(&str, &str)] = &[(
        "src/lib.rs",
        "pub mod line { #[repr(C)] pub struct Line { pub len: units::Meters, pub kind: crate::Kind } }\n\
         #[repr(C)] pub struct Kind { pub k: u8 }\n",
    )];
    let l = lower_set(
        "#[repr(C)] pub struct Kind { pub mine: u16 }\n#[no_mangle] pub extern \"C\" fn f(l: shapes::line::Line) {}\n",
        &[("shapes", shapes, &[("units", 1)]), ("units", units, &[])],
        &[("shapes", 0)],
    );
    let (line, _) = l.ty("Line");
    let TypeKind::Struct { fields, .. } = &line.kind else {
        panic!("{:?}", line.kind);
    };
    let TypeRef::Named { id, .. } = &fields[1].ty else {
        panic!("{:?}", fields[1].ty);
    };
    let m = &l.ok().model;
    assert_eq!(m.types[id.0 as usize].rust_path, "shapes::Kind");
    assert_eq!(l.ty("Meters").0.rust_path, "units::Meters");
    // The crate being built cannot name `units`: no Rust-side check for it.
    assert_eq!(l.ty("Meters").1.access_path, None);
}

#[test]
fn a_dependency_that_is_not_read_is_named_in_the_hint() {
    let l = lower_set(
        "use geo_types::Coord;\n#[no_mangle] pub extern \"C\" fn f(c: Coord) {}\n",
        &[],
        &[],
    );
    let errors = l.errors();
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(
        e.message,
        "`geo_types::Coord` is defined in the crate `geo_types`, whose source is not read"
    );
    let hint = e.hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("`Builder::dependency(\"geo_types\")`"),
        "{hint}"
    );
    assert!(hint.contains("`dependencies = [\"geo_types\"]`"), "{hint}");
    let at = e.location.as_ref().map(|l| (l.line, l.column));
    assert_eq!(at, Some((2, 37)), "at the use site");
    let _ = &l.dir;
}

#[test]
fn errors_inside_a_dependency_point_into_its_files() {
    let bad: &[(&str, &str)] = &[(
        "src/lib.rs",
        "#[repr(C)] pub struct Holder { pub s: &'static str }\n",
    )];
    let l = lower_set(
        "#[no_mangle] pub extern \"C\" fn f(h: bad::Holder) {}\n",
        &[("bad", bad, &[])],
        &[("bad", 0)],
    );
    let errors = l.errors();
    let location = errors[0]
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("unlocated: {errors:?}"));
    assert!(location.file.ends_with("dep-bad/src/lib.rs"));
    assert_eq!(location.line, 1);
}

#[test]
fn a_dependency_type_and_a_local_one_with_one_name_clash() {
    let l = lower_set(
        "#[repr(C)] pub struct Point { pub z: u8 }\n#[no_mangle] pub extern \"C\" fn f(a: Point, b: shapes::Point) {}\n",
        &[("shapes", SHAPES, &[])],
        &[("shapes", 0)],
    );
    let errors = l.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("would both be exported as `Point`")),
        "{errors:?}"
    );
}

#[test]
fn extern_crate_renames_resolve() {
    let l = lower_set(
        "extern crate shapes as sh;\n#[no_mangle] pub extern \"C\" fn f(p: sh::Point) {}\n",
        &[("shapes", SHAPES, &[])],
        &[("shapes", 0)],
    );
    assert_eq!(l.ty("Point").0.rust_path, "shapes::point::Point");
}

#[test]
fn generic_instances_spell_dependency_arguments_for_the_root() {
    let l = lower_set(
        "#[repr(C)] pub struct Pair<T> { pub a: T, pub b: T }\n#[no_mangle] pub extern \"C\" fn f(p: Pair<shapes::Point>) {}\n",
        &[("shapes", SHAPES, &[])],
        &[("shapes", 0)],
    );
    let (pair, info) = l.ty("Pair_Point");
    assert_eq!(pair.rust_path, "crate::Pair<shapes::point::Point>");
    assert_eq!(
        info.access_path.as_deref(),
        Some("crate::Pair<::shapes::Point>")
    );
}

#[test]
fn globs_and_absolute_uses_reach_the_dependency() {
    let l = lower_set(
        "mod api {\n    use ::shapes::units::*;\n    pub use shapes::*;\n    #[no_mangle] pub extern \"C\" fn f(p: Point, u: Unit) {}\n}\n\
         #[no_mangle] pub extern \"C\" fn g(p: crate::api::Point, t: api::nested::deeper::Deep) {}\n",
        &[("shapes", SHAPES, &[])],
        &[("shapes", 0)],
    );
    let m = &l.ok().model;
    assert_eq!(m.functions.len(), 2);
    assert_eq!(
        m.functions[0].sig.params[0].ty,
        m.functions[1].sig.params[0].ty
    );
    assert_eq!(l.ty("Unit").0.rust_path, "shapes::units::Unit");
    assert_eq!(l.ty("Deep").0.rust_path, "shapes::nested::deeper::Deep");
}

#[test]
fn a_crate_that_is_not_a_dependency_of_the_module_stays_external() {
    // `units` is read, but only `shapes` may name it: the crate being built may not.
    let units: &[(&str, &str)] = &[("src/lib.rs", "#[repr(C)] pub struct Meters(pub f64);\n")];
    let l = lower_set(
        "#[no_mangle] pub extern \"C\" fn f(m: units::Meters) {}\n",
        &[("shapes", SHAPES, &[("units", 1)]), ("units", units, &[])],
        &[("shapes", 0)],
    );
    let errors = l.errors();
    assert!(
        errors[0]
            .message
            .contains("`units::Meters`: this crate does not depend on the crate `units`"),
        "{errors:?}"
    );
}

/// The drop-in library shape (`libbz2-rs-sys-cdylib`): the cdylib is `pub use dep::*;` and the
/// dependency re-exports item by item from a private module.
#[test]
fn exports_the_crate_re_exports_from_a_dependency_are_roots() {
    const SYS: &[(&str, &str)] = &[(
        "src/lib.rs",
        "mod api {\n\
             #[repr(C)] pub struct Stream { pub avail: u32 }\n\
             #[export_name = \"BZ2_init\"] pub extern \"C\" fn init(s: *mut Stream) -> i32 { 0 }\n\
             #[no_mangle] pub extern \"C\" fn not_reexported() {}\n\
         }\n\
         pub use api::{init, Stream};\n\
         pub const BZ_OK: i32 = 0;\n\
         #[no_mangle] pub extern \"C\" fn BZ2_version() -> u32 { 1 }\n\
         pub mod extra { #[no_mangle] pub extern \"C\" fn extra_fn() {} }\n",
    )];
    let l = lower_set(
        "pub use sys::*;\n#[no_mangle] pub extern \"C\" fn own() {}\n",
        &[("sys", SYS, &[])],
        &[("sys", 0)],
    );
    let m = &l.ok().model;
    let mut names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    // `extra::extra_fn` is not re-exported by the glob (a module, not an item of the root),
    // `not_reexported` is behind a private module and named by no `pub use`.
    assert_eq!(names, vec!["BZ2_init", "BZ2_version", "own"]);
    assert_eq!(
        m.constants
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        vec!["BZ_OK"]
    );
    assert_eq!(l.ty("Stream").0.rust_path, "sys::api::Stream");
}
