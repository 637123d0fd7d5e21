//! The diagnostics catalogue: one small crate per bad input, each asserting the message, the
//! `file:line:col`, the rendered source line and a hint; and that nothing is written.

use std::path::Path;

use interoptopus_build::scan::CfgContext;
use interoptopus_build::{c, Builder};

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    message: &'static str,
    /// `(file, line, text)`: the primary location is where `text` starts on that line
    /// (empty: any column).
    at: (&'static str, u32, &'static str),
}

const CASES: &[Case] = &[
    Case {
        name: "str_in_signature",
        files: &[("src/lib.rs", "#[no_mangle]\npub extern \"C\" fn greet(name: &str) {}\n")],
        message: "this type cannot cross the C ABI",
        at: ("src/lib.rs", 2, "str)"),
    },
    Case {
        name: "vec_in_signature",
        files: &[("src/lib.rs", "#[no_mangle]\npub extern \"C\" fn sum(v: Vec<u8>) -> u8 { 0 }\n")],
        message: "this type cannot cross the C ABI",
        at: ("src/lib.rs", 2, "Vec<u8>"),
    },
    Case {
        name: "struct_without_repr_by_value",
        files: &[("src/lib.rs", "pub struct Plain { pub a: u8 }\n#[no_mangle]\npub extern \"C\" fn take(p: Plain) {}\n")],
        message: "`crate::Plain` is used by value but has no C layout",
        at: ("src/lib.rs", 3, "Plain)"),
    },
    Case {
        name: "generic_exported_function",
        files: &[("src/lib.rs", "#[no_mangle]\npub extern \"C\" fn id<T>(t: *const T) -> *const T { t }\n")],
        message: "exported function `id` is generic",
        at: ("src/lib.rs", 2, "<T>"),
    },
    Case {
        name: "unknown_type",
        files: &[("src/lib.rs", "#[no_mangle]\npub extern \"C\" fn f(x: Mystery) {}\n")],
        message: "unknown type `Mystery`",
        at: ("src/lib.rs", 2, "Mystery"),
    },
    Case {
        name: "missing_module_file",
        files: &[("src/lib.rs", "pub mod present;\npub mod absent;\n"), ("src/present.rs", "")],
        message: "absent",
        at: ("src/lib.rs", 2, "absent"),
    },
    Case {
        name: "syntax_error",
        files: &[("src/lib.rs", "mod inner;\n"), ("src/inner.rs", "pub fn broken( {\n")],
        message: "",
        at: ("src/inner.rs", 1, ""),
    },
    Case {
        name: "name_clash",
        files: &[(
            "src/lib.rs",
            "pub mod a { #[repr(C)] pub struct P { pub x: u8 } }\npub mod b { #[repr(C)] pub struct P { pub y: u8 } }\n#[no_mangle]\npub extern \"C\" fn f(x: a::P, y: b::P) {}\n",
        )],
        message: "would both be exported as `P`",
        at: ("src/lib.rs", 2, "P {"),
    },
    Case {
        name: "rust_abi_export",
        files: &[("src/lib.rs", "#[no_mangle]\npub fn plain() {}\n")],
        message: "`plain` is exported but does not use the C ABI",
        at: ("src/lib.rs", 2, "plain"),
    },
    Case {
        name: "non_primitive_public_const",
        files: &[("src/lib.rs", "pub const NAME: &str = \"x\";\n")],
        message: "public constant `NAME` is not of a primitive type",
        at: ("src/lib.rs", 1, "&str"),
    },
    Case {
        name: "zero_length_array_field",
        files: &[("src/lib.rs", "#[repr(C)] pub struct S { pub a: u8, pub tail: [u8; 0] }\n#[no_mangle]\npub extern \"C\" fn f(s: S) {}\n")],
        message: "a zero-length array cannot be declared in standard C",
        at: ("src/lib.rs", 1, "[u8; 0]"),
    },
    Case {
        name: "dependency_not_opted_in",
        files: &[("src/lib.rs", "use geo_types::Coord;\n#[no_mangle]\npub extern \"C\" fn f(c: Coord) {}\n")],
        message: "`geo_types::Coord` is defined in the crate `geo_types`, whose source is not read",
        at: ("src/lib.rs", 3, "Coord)"),
    },
    Case {
        name: "skipped_field_that_takes_space",
        files: &[("src/lib.rs", "#[interoptopus::ffi_type]\n#[repr(C)]\npub struct S { pub a: u8, #[ffi(skip)] pub len: usize }\n#[no_mangle]\npub extern \"C\" fn f(s: S) {}\n")],
        message: "field `len` is marked `#[ffi(skip)]` but is not zero-sized: `usize` is a primitive",
        at: ("src/lib.rs", 3, "usize"),
    },
    Case {
        name: "field_skip_without_ffi_type",
        files: &[("src/lib.rs", "pub struct Marker;\n#[repr(C)]\npub struct S { pub a: u8, #[ffi(skip)] pub m: Marker }\n#[no_mangle]\npub extern \"C\" fn f(s: S) {}\n")],
        message: "`#[ffi(...)]` on a field of `S`, which has no `#[ffi_type]`",
        at: ("src/lib.rs", 3, "#[ffi(skip)]"),
    },
];

fn write_crate(dir: &Path, case: &Case) {
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
        case.name.replace('_', "-")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in case.files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(full, text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn every_bad_input_is_a_located_error_with_a_hint() {
    for case in CASES {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_crate(dir.path(), case);
        let out = dir.path().join("out");
        let result = Builder::new()
            .c(c::Config::default())
            .for_crate(dir.path(), &out, CfgContext::x86_64_linux(&[]))
            .verify_layout(false)
            .generate();
        let err = match result {
            Ok(_) => panic!("{}: expected an error", case.name),
            Err(e) => e,
        };
        let d = &err.diagnostics[0];
        assert!(
            d.message.contains(case.message),
            "{}: message `{}`",
            case.name,
            d.message
        );
        let loc = d
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no location", case.name));
        assert!(
            loc.file.ends_with(case.at.0),
            "{}: file {}",
            case.name,
            loc.file.display()
        );
        assert_eq!(loc.line, case.at.1, "{}: line", case.name);
        let line_text = case
            .files
            .iter()
            .find(|(p, _)| *p == case.at.0)
            .and_then(|(_, t)| t.lines().nth(case.at.1 as usize - 1))
            .unwrap_or("");
        if !case.at.2.is_empty() {
            let column = line_text.find(case.at.2).map(|c| c as u32 + 1);
            assert_eq!(Some(loc.column), column, "{}: column", case.name);
        }
        let rendered = err.to_string();
        assert!(
            rendered.contains(line_text.trim()),
            "{}: source line missing from\n{rendered}",
            case.name
        );
        assert!(
            rendered.contains(&format!("{}:{}:", case.at.0, case.at.1)),
            "{}: file:line missing from\n{rendered}",
            case.name
        );
        if case.name != "syntax_error" {
            assert!(d.hint.is_some(), "{}: no hint", case.name);
        }
        assert!(
            !out.join("bindings").exists(),
            "{}: output written despite the error",
            case.name
        );
    }
}

/// A real `cargo build` of a crate with a bad signature fails, and cargo shows our message.
#[test]
fn cargo_build_fails_with_the_rendered_diagnostic() {
    let dir = integration_tests::scratch("diagnostics-cargo");
    let root = integration_tests::workspace_root();
    let manifest = format!(
        "[package]\nname = \"bad-crate\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[build-dependencies]\ninteroptopus-build = {{ path = \"{}\", default-features = false }}\n",
        root.join("interoptopus-build").display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("build.rs"),
        "fn main() { interoptopus_build::generate(); }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("src/lib.rs"),
        "#[no_mangle]\npub extern \"C\" fn greet(name: &str) -> usize { name.len() }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let lock = root.join("Cargo.lock");
    let _ = std::fs::copy(&lock, dir.join("Cargo.lock"));
    let output =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&dir)
            .args(["build", "--offline"])
            .env("CARGO_TARGET_DIR", integration_tests::test_target_dir())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail:\n{stderr}");
    assert!(
        stderr.contains("error: this type cannot cross the C ABI"),
        "{stderr}"
    );
    assert!(stderr.contains("src/lib.rs:2:32"), "{stderr}");
    assert!(
        stderr.contains("help: strings have no C layout"),
        "{stderr}"
    );
}

/// Feature guards through the builder: a guarded field is a located error with a hint, and a
/// guard predicate that does not parse is a clear error naming it; nothing is written.
#[test]
fn cfg_guard_errors() {
    let case = Case {
        name: "guarded_field",
        files: &[(
            "src/lib.rs",
            "#[repr(C)]\npub struct S {\n    pub a: u8,\n    #[cfg(feature = \"x\")]\n    pub b: u16,\n}\n#[no_mangle]\npub extern \"C\" fn f(s: S) {}\n",
        )],
        message: "",
        at: ("src/lib.rs", 4, "#[cfg"),
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_crate(dir.path(), &case);
    let out = dir.path().join("out");
    let generate = |predicate: &str| {
        Builder::new()
            .c(c::Config::default())
            .cfg_guard(predicate, "MY_X")
            .for_crate(dir.path(), &out, CfgContext::x86_64_linux(&[]))
            .verify_layout(false)
            .generate()
    };
    let err = generate("feature = \"x\"")
        .err()
        .unwrap_or_else(|| panic!("a guarded field was accepted"));
    let d = &err.diagnostics[0];
    assert!(
        d.message.starts_with(
            "a field under a guarded cfg (defined(MY_X) (`feature = \"x\"`)) cannot be guarded"
        ),
        "{}",
        d.message
    );
    let loc = d.location.as_ref().unwrap_or_else(|| panic!("not located"));
    assert_eq!((loc.line, loc.column), (4, 5));
    assert!(d
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("keep the field in every build"));
    assert!(err.to_string().contains("#[cfg(feature = \"x\")]"));

    let err = generate("feature = ")
        .err()
        .unwrap_or_else(|| panic!("a broken predicate was accepted"));
    assert!(
        err.diagnostics[0]
            .message
            .contains("cfg guard `feature = ` → `MY_X`: cannot read the predicate"),
        "{}",
        err.diagnostics[0].message
    );
    assert!(!out.join("bindings").exists());
}
