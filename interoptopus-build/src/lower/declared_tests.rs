//! Items declared by hand: found as roots, resolved in their module, errors located in the
//! configuration file.

use std::path::Path;

use super::{lower, LowerOptions};
use crate::diagnostic::{Diagnostic, Location};
use crate::scan::{add_declarations, scan_crate, CfgContext, Declaration};

fn declared(lib: &str, module: &str, source: &str) -> Result<super::Lowered, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("src/lib.rs"), lib).unwrap_or_else(|e| panic!("{e}"));
    let cfg = CfgContext::x86_64_linux(&[]);
    let mut scanned = scan_crate(&dir.path().join("src/lib.rs"), &cfg)?;
    let config = dir.path().join("interoptopus.toml");
    let at = |line, column| Location {
        file: config.clone(),
        line,
        column,
        len: 1,
    };
    add_declarations(
        &mut scanned,
        &[Declaration {
            module: module.into(),
            source: source.into(),
            key: Some(at(2, 1)),
            at: Some(at(3, 1)),
        }],
        &cfg,
    )?;
    lower(
        &scanned,
        &LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info()),
    )
}

#[test]
fn declared_functions_are_roots_and_see_their_modules_names() {
    let lib = r#"
        pub mod ffi {
            #[repr(C)] pub struct Point { pub x: f32, pub y: f32 }
            some_foreign_crate::export! { fn point_len(p: Point) -> f32 }
        }
    "#;
    let l = declared(
        lib,
        "crate::ffi",
        "#[no_mangle] pub extern \"C\" fn point_len(p: Point) -> f32 { 0.0 }",
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let f = &l.model.functions[0];
    assert_eq!(f.name, "point_len");
    assert_eq!(f.rust_path, "crate::ffi::<declared>::point_len");
    assert_eq!(l.model.types[0].name, "Point");
    // The span points into the configuration file, at the declared line.
    assert_eq!(f.span.line, 3);
    assert!(
        f.span.file.ends_with("interoptopus.toml"),
        "{}",
        f.span.file
    );
    // A type declared by hand cannot be named by rustc through this path.
    let l = declared("", "crate", "#[repr(C)] pub struct Hidden { pub a: u8 }\n#[no_mangle] pub extern \"C\" fn h(x: Hidden) {}")
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(l.rust_types[0].access_path, None);
}

#[test]
fn declaration_errors_point_into_the_configuration() {
    let e = match declared("", "crate::nope", "pub const A: u8 = 1;") {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    assert!(
        e[0].message.contains("no module `crate::nope`"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));
    let e = match declared("", "crate", "pub fn broken(") {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    let loc = e[0]
        .location
        .clone()
        .unwrap_or_else(|| panic!("unlocated: {e:?}"));
    assert_eq!(loc.line, 3);
    assert!(loc.file.ends_with(Path::new("interoptopus.toml")));
}
