//! Types defined in dependency crates (`Builder::dependency`): a path dependency
//! (`fixtures/dependency_types`, a workspace with the `app` cdylib and the `geo-shapes`
//! crate it renames to `shapes`) and a registry dependency (`fixtures/registry_dependency`,
//! `num_complex::Complex<T>` read from `~/.cargo/registry/src`). Each fixture's build script
//! generates the header; a C program compiled strictly against it calls every function with
//! the dependency's types and checks the values. Also: what goes wrong, located.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::{
    assert_all_passed, build_fixture, require_tool, run, scratch_fixture, workspace_root,
};
use interoptopus_build::scan::CfgContext;
use interoptopus_build::{c, Builder};

const STRICT: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];
const INSTALL: &str = "apt-get install -y gcc clang";

fn fixture(name: &str) -> PathBuf {
    workspace_root()
        .join("integration-tests/fixtures")
        .join(name)
}

/// Compiles `program` with gcc and clang in strict C99 against the header in `bindings`,
/// links the cdylib, runs it and checks its summary line.
fn run_c(program: &Path, bindings: &Path, cdylib: &Path, work: &Path, what: &str) {
    let lib_dir = cdylib.parent().unwrap_or(Path::new("."));
    let lib = cdylib
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.strip_prefix("lib"))
        .unwrap_or_else(|| panic!("unexpected cdylib name {}", cdylib.display()));
    for compiler in ["gcc", "clang"] {
        require_tool(compiler, INSTALL);
        let exe = work.join(format!("{what}_{compiler}"));
        run(
            Command::new(compiler)
                .args(STRICT)
                .arg("-I")
                .arg(bindings)
                .arg(program)
                .arg("-L")
                .arg(lib_dir)
                .arg(format!("-l{lib}"))
                .arg("-o")
                .arg(&exe),
            &format!("{compiler} {}", program.display()),
        );
        let output = run(
            Command::new(&exe).env("LD_LIBRARY_PATH", lib_dir),
            &format!("{what} ({compiler})"),
        );
        assert_all_passed(&output, &format!("{what} from C ({compiler})"));
    }
}

/// The `cargo:` lines the build script printed (its `output` file beside `out/`).
fn build_script_output(bindings: &Path) -> String {
    let file = bindings
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("output"))
        .unwrap_or_default();
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn path_dependency_types_run_from_c_and_rebuild_on_change() {
    let dir = scratch_fixture("dependency_types");
    let (cdylib, bindings) = build_fixture(&dir, "app", &[]);
    let header = read(&bindings.join("app.h"));
    for declaration in [
        "typedef struct Point {\n    float x;\n    float y;\n} Point;",
        "    Point corners[4];",
        "typedef uint16_t Unit;",
        "    UNIT_INCH = 254",
        // `pub use shapes::nested::deeper::Tag as Label`: the definition's name.
        "Tag label_new(uint32_t id, uint8_t weight);",
        // `pub use vector::Vec3 as Vector` inside the dependency: the same; with the
        // dependency's own `three_d` feature, three coordinates.
        "typedef struct Vec3 {\n    double x;\n    double y;\n    double z;\n} Vec3;",
        "double vector_dot(Vec3 a, const Vec3 *b);",
        "typedef struct Canvas Canvas;",
        "Canvas *canvas_new(uint32_t size);",
        "Point point_midpoint(Point a, Point b);",
        "#define MAX_CORNERS UINT32_C(4)",
        "// A point in the plane.",
    ] {
        assert!(
            header.contains(declaration),
            "missing `{declaration}` in:\n{header}"
        );
    }
    assert!(
        !header.contains("geo_shapes_version"),
        "the dependency's own export is not the app's API:\n{header}"
    );
    assert!(!header.contains("Label") && !header.contains("Vector"));

    // The model says where each type comes from, in the dependency's files.
    let model: serde_json::Value = serde_json::from_str(&read(&bindings.join("app.json")))
        .unwrap_or_else(|e| panic!("app.json: {e}"));
    let types = model["model"]["types"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let point = types
        .iter()
        .find(|t| t["name"] == "Point")
        .unwrap_or_else(|| panic!("no Point in {types:?}"));
    assert_eq!(point["rust_path"], "shapes::point::Point");
    let span_file = point["span"]["file"].as_str().unwrap_or_default();
    assert!(
        span_file.ends_with("geo-shapes/src/point.rs"),
        "{span_file}"
    );

    // rustc checked the layouts, naming each type by a path the app's root can use.
    let checks = read(
        &bindings
            .parent()
            .unwrap_or(&bindings)
            .join("interoptopus_layout_checks.rs"),
    );
    for path in [
        "size_of::<::shapes::Point>()",
        "offset_of!(::shapes::Vector, z)",
        "size_of::<::shapes::nested::deeper::Tag>()",
        "size_of::<::shapes::units::Unit>()",
    ] {
        assert!(checks.contains(path), "missing `{path}` in:\n{checks}");
    }

    run_c(
        &fixture("dependency_types").join("c/dependency_types_test.c"),
        &bindings,
        &cdylib,
        &dir,
        "dependency_types",
    );

    // The dependency's files are watched: editing one regenerates the header.
    let output = build_script_output(&bindings);
    for watched in [
        "geo-shapes/Cargo.toml",
        "geo-shapes/src/units.rs",
        "Cargo.lock",
    ] {
        assert!(
            output
                .lines()
                .any(|l| l.starts_with("cargo:rerun-if-changed=") && l.ends_with(watched)),
            "`{watched}` is not watched:\n{output}"
        );
    }
    let units = dir.join("geo-shapes/src/units.rs");
    let edited = read(&units).replace("Inch = 254,", "Inch = 254,\n    Foot = 3048,");
    std::fs::write(&units, edited).unwrap_or_else(|e| panic!("{e}"));
    let (_, bindings) = build_fixture(&dir, "app", &[]);
    let header = read(&bindings.join("app.h"));
    assert!(header.contains("UNIT_FOOT = 3048"), "{header}");
}

#[test]
fn registry_dependency_types_run_from_c() {
    let dir = scratch_fixture("registry_dependency");
    let (cdylib, bindings) = build_fixture(&dir, "registry_dependency", &[]);
    let header = read(&bindings.join("registry_dependency.h"));
    for declaration in [
        // `Complex64` is `Complex<f64>`: one generic instance, named after its argument.
        "Complex_f64 complex_mul(Complex_f64 a, Complex_f64 b);",
        "float complex_norm_sqr(const Complex_f32 *c);",
        "void complex_conj(Complex_f32 *c);",
        "    // Real portion of the complex number\n    double re;",
    ] {
        assert!(
            header.contains(declaration),
            "missing `{declaration}` in:\n{header}"
        );
    }
    let checks = read(
        &bindings
            .parent()
            .unwrap_or(&bindings)
            .join("interoptopus_layout_checks.rs"),
    );
    assert!(
        checks.contains("offset_of!(::num_complex::Complex<f64>, im)"),
        "{checks}"
    );
    // Registry sources never change in place: only the lock file is watched for them.
    let output = build_script_output(&bindings);
    assert!(!output.contains("num-complex"), "{output}");
    assert!(
        output.lines().any(|l| l
            == format!(
                "cargo:rerun-if-changed={}",
                dir.join("Cargo.lock").display()
            )),
        "{output}"
    );
    run_c(
        &fixture("registry_dependency").join("c/registry_dependency_test.c"),
        &bindings,
        &cdylib,
        &dir,
        "registry_dependency",
    );
}

/// A small workspace in a temp dir: `main` depends on `dep` by path.
fn workspace(main_lib: &str, dep_lib: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = [
        ("Cargo.toml", "[workspace]\nmembers = [\"main\", \"dep\"]\nresolver = \"2\"\n"),
        (
            "main/Cargo.toml",
            "[package]\nname = \"main\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ndep = { path = \"../dep\" }\n",
        ),
        ("main/src/lib.rs", main_lib),
        (
            "dep/Cargo.toml",
            "[package]\nname = \"dep\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("dep/src/lib.rs", dep_lib),
    ];
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(full, text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

fn generate(dir: &Path, dependency: Option<&str>) -> Result<String, interoptopus_build::Error> {
    let mut builder = Builder::new()
        .c(c::Config::default())
        .for_crate(
            dir.join("main"),
            dir.join("out"),
            CfgContext::x86_64_linux(&[]),
        )
        .verify_layout(false);
    if let Some(d) = dependency {
        builder = builder.dependency(d);
    }
    builder.generate().map(|g| {
        g.model
            .types
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
            .join(",")
    })
}

#[test]
fn a_type_of_a_dependency_that_is_not_opted_in_names_the_opt_in() {
    let dir = workspace(
        "#[no_mangle]\npub extern \"C\" fn f(p: dep::Point) {}\n",
        "#[repr(C)] pub struct Point { pub x: f32 }\n",
    );
    let err = match generate(dir.path(), None) {
        Ok(types) => panic!("expected an error, got types {types}"),
        Err(e) => e,
    };
    let rendered = err.to_string();
    for expected in [
        "error: `dep::Point` is defined in the crate `dep`, whose source is not read",
        "main/src/lib.rs:2:24",
        "pub extern \"C\" fn f(p: dep::Point) {}",
        "call `Builder::dependency(\"dep\")` in build.rs (in the config file: `dependencies = [\"dep\"]`)",
    ] {
        assert!(rendered.contains(expected), "missing `{expected}` in:\n{rendered}");
    }
    // With the opt-in, the same crate generates.
    assert_eq!(
        generate(dir.path(), Some("dep")).ok().as_deref(),
        Some("Point")
    );
}

#[test]
fn an_error_inside_a_dependency_is_shown_in_its_file() {
    let dir = workspace(
        "#[no_mangle]\npub extern \"C\" fn f(h: dep::Holder) {}\n",
        "#[repr(C)]\npub struct Holder {\n    pub name: &'static str,\n}\n",
    );
    let rendered = match generate(dir.path(), Some("dep")) {
        Ok(types) => panic!("expected an error, got types {types}"),
        Err(e) => e.to_string(),
    };
    for expected in [
        "dep/src/lib.rs:3:24",
        "    pub name: &'static str,",
        "strings have no C layout",
    ] {
        assert!(
            rendered.contains(expected),
            "missing `{expected}` in:\n{rendered}"
        );
    }
}

#[test]
fn an_opt_in_that_names_no_dependency_lists_the_real_ones() {
    let dir = workspace("", "");
    let rendered = match generate(dir.path(), Some("geo")) {
        Ok(types) => panic!("expected an error, got types {types}"),
        Err(e) => e.to_string(),
    };
    assert!(
        rendered.contains(
            "`Builder::dependency(\"geo\")`: the library does not depend on a crate named `geo`"
        ),
        "{rendered}"
    );
    assert!(rendered.contains("its dependencies are: dep"), "{rendered}");
}

#[test]
fn macros_of_a_dependency_are_expanded_and_failures_only_warn() {
    let dir = workspace(
        "#[no_mangle]\npub extern \"C\" fn f(p: dep::IPoint) {}\n",
        "macro_rules! point_type {\n    ($name:ident, $t:ty) => {\n        #[repr(C)]\n        pub struct $name { pub x: $t, pub y: $t }\n    };\n}\npoint_type!(IPoint, i32);\nmacro_rules! only_a {\n    (a) => {};\n}\nonly_a!(b);\n",
    );
    let generated = Builder::new()
        .c(c::Config::default())
        .for_crate(
            dir.path().join("main"),
            dir.path().join("out"),
            CfgContext::x86_64_linux(&[]),
        )
        .verify_layout(false)
        .dependency("dep")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = generated
        .model
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, vec!["IPoint"]);
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.message.starts_with("in dependency `dep`: "))
        .unwrap_or_else(|| panic!("no warning in {:?}", generated.warnings));
    let at = warning
        .location
        .as_ref()
        .map(|l| (l.file.ends_with("dep/src/lib.rs"), l.line));
    assert_eq!(at, Some((true, 11)), "{warning:?}");
    assert!(
        warning
            .hint
            .as_deref()
            .is_some_and(|h| h.contains(".exclude(\"dep::only_a!\")")),
        "{warning:?}"
    );
    // And that exclusion is the quiet way past it.
    let quiet = Builder::new()
        .c(c::Config::default())
        .for_crate(
            dir.path().join("main"),
            dir.path().join("out"),
            CfgContext::x86_64_linux(&[]),
        )
        .verify_layout(false)
        .dependency("dep")
        .exclude("dep::only_a!")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        quiet
            .warnings
            .iter()
            .all(|w| !w.message.contains("dependency")),
        "{:?}",
        quiet.warnings
    );
}
