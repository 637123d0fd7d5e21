//! Layout verification catches a wrong layout on each side: a tampered header fails the C
//! compiler check, a tampered number fails rustc's check, each naming the field; and rustc's
//! check is what refuses an `#[ffi(skip)]` field the build script cannot size. A large C check
//! runs as two compiler processes only when cargo has a job slot idle.

use integration_tests::{build_package, cargo_build_in, hello_world_lib, scratch, scratch_crate};
use interoptopus_build::c;
use interoptopus_build::verify::c_harness::{check_with_c_compiler, CcTarget};
use interoptopus_core::EmitInput;

#[test]
fn tampered_header_fails_the_c_check_naming_the_field() {
    let built = build_package("reference", None);
    let input = EmitInput {
        model: &built.model,
        layouts: &built.layouts,
    };
    let config = c::Config::default();
    let header = c::header(input, &config).unwrap_or_else(|e| panic!("{e:?}"));
    let harness = c::layout_harness(input, &config, "reference.h");
    let host = CcTarget {
        target: "x86_64-unknown-linux-gnu".into(),
        host: "x86_64-unknown-linux-gnu".into(),
    };
    let dir = scratch("tamper-c");
    // The untouched header passes.
    check_with_c_compiler(
        &built.model,
        &dir,
        "reference.h",
        &header,
        &harness,
        &dir.join("ok"),
        &host,
    )
    .unwrap_or_else(|e| panic!("untouched header failed: {e:?}"));
    // Vec3.y becomes a double: y's size and every later offset change.
    let vec3 = "typedef struct Vec3 {\n    // Left to right.\n    float x;\n    float y;";
    assert!(
        header.contains(vec3),
        "header layout changed; update this test"
    );
    let tampered = header.replace(
        vec3,
        "typedef struct Vec3 {\n    // Left to right.\n    float x;\n    double y;",
    );
    let errors = check_with_c_compiler(
        &built.model,
        &dir,
        "reference.h",
        &tampered,
        &harness,
        &dir.join("bad"),
        &host,
    )
    .err()
    .unwrap_or_else(|| panic!("tampered header passed the check"));
    let text: Vec<String> = errors.iter().map(|d| d.message.clone()).collect();
    assert!(
        text.iter().any(|m| m.contains("Vec3.z offset")
            && m.contains("computed 8")
            && m.contains("C compiler computed 16")),
        "{text:#?}"
    );
    assert!(
        errors.iter().all(|d| d
            .location
            .as_ref()
            .is_some_and(|l| l.file.ends_with("src/geometry.rs"))),
        "{errors:#?}"
    );
}

#[test]
fn tampered_number_fails_rustc_naming_the_field() {
    let build_rs = r#"
fn main() {
    interoptopus_build::Builder::new().c(interoptopus_build::c::Config::default()).run();
    // Simulate a generator bug: claim Vec3.y sits at offset 8.
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("interoptopus_layout_checks.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("[(); 4] = [(); ::core::mem::offset_of!(crate::Vec3, y)]", "[(); 8] = [(); ::core::mem::offset_of!(crate::Vec3, y)]")).unwrap();
}
"#;
    let dir = scratch_crate("tamper_rust", &hello_world_lib(), build_rs);
    let output = cargo_build_in(&dir, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "rustc accepted a wrong offset:\n{stderr}"
    );
    assert!(stderr.contains("Vec3.y offset"), "{stderr}");
    assert!(
        stderr.contains("size of 8") && stderr.contains("size of 4"),
        "{stderr}"
    );
}

/// A skipped field of a type the build script cannot size (`std::time::Duration`, from another
/// crate) is accepted by lowering; it is not zero-sized, so rustc's layout check fails the
/// build naming the struct and both sizes. The same struct with a zero-sized type the script
/// cannot size either (`std::alloc::System`) builds.
#[test]
fn skipping_a_field_that_takes_space_fails_the_rust_layout_check() {
    let lib = |marker: &str| {
        format!(
            r#"interoptopus::layout_checks!();

#[interoptopus::ffi_type]
#[repr(C)]
pub struct Timed {{
    pub id: u32,
    #[ffi(skip)]
    pub marker: {marker},
}}

#[allow(improper_ctypes_definitions)]
#[interoptopus::ffi_function]
pub fn timed_id(t: Timed) -> u32 {{
    t.id
}}
"#
        )
    };
    let build_rs =
        "fn main() { interoptopus_build::Builder::new().c(interoptopus_build::c::Config::default()).run(); }\n";

    let dir = scratch_crate("skip_zero_sized", &lib("std::alloc::System"), build_rs);
    let output = cargo_build_in(&dir, &[]);
    assert!(
        output.status.success(),
        "a zero-sized marker must build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let dir = scratch_crate("skip_sized", &lib("std::time::Duration"), build_rs);
    let output = cargo_build_in(&dir, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "rustc accepted a skipped field that takes space:\n{stderr}"
    );
    assert!(
        stderr.contains("Timed size; #[ffi(skip)] must be zero-sized: marker"),
        "{stderr}"
    );
    assert!(
        stderr.contains("size of 4") && stderr.contains("size of 24"),
        "{stderr}"
    );
}

/// A large check is split into two compiler processes only when a core is idle; under cargo,
/// that is when its jobserver has an idle slot (`-j1` never has one; a rebuild with `-j2`
/// where only the build script runs does).
#[test]
fn the_c_check_splits_only_when_cargo_has_an_idle_job_slot() {
    // A constant new to every build, so the check runs (a passed check is not repeated).
    let structs = |n: usize| -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let run = format!("pub const BUILT_AT: u64 = {};\n", nanos % 1_000_000_000_000);
        run + &(0..n)
            .map(|i| {
                format!(
                    "#[repr(C)]\npub struct S{i} {{ pub a: u32, pub b: u64 }}\n\
                     #[no_mangle]\npub extern \"C\" fn f{i}(s: S{i}) -> u32 {{ s.a }}\n"
                )
            })
            .collect::<String>()
    };
    let build_rs = "fn main() {\n    interoptopus_build::Builder::new()\n        .c(interoptopus_build::c::Config::default())\n        .run();\n    println!(\"cargo:warning=OUT_DIR={}\", std::env::var(\"OUT_DIR\").unwrap_or_default());\n}\n";
    let dir = scratch_crate("jobslots", &structs(300), build_rs);
    let second_unit = |log: &str| -> bool {
        let out_dir = log
            .lines()
            .find_map(|l| l.split("OUT_DIR=").nth(1))
            .unwrap_or_else(|| panic!("the build script printed no OUT_DIR:\n{log}"));
        let verify = std::path::Path::new(out_dir.trim()).join("interoptopus-verify");
        assert!(
            verify.join("interoptopus_layout_check.ok").is_file(),
            "the check did not pass in {}",
            verify.display()
        );
        verify.join("interoptopus_layout_check_2.c").is_file()
    };

    let single = cargo_build_in(&dir, &["-j1"]);
    let log = String::from_utf8_lossy(&single.stderr);
    assert!(single.status.success(), "{log}");
    assert!(!second_unit(&log), "split with -j1:\n{log}");

    // An API change, so the check runs again; only the build script and the crate are left
    // to build, so with -j2 one slot is idle while the script runs.
    std::fs::write(dir.join("src/lib.rs"), structs(301)).unwrap_or_else(|e| panic!("{e}"));
    let double = cargo_build_in(&dir, &["-j2"]);
    let log = String::from_utf8_lossy(&double.stderr);
    assert!(double.status.success(), "{log}");
    assert!(second_unit(&log), "not split with an idle slot:\n{log}");
}
