//! Reading opted-in dependencies out of `cargo metadata` JSON shaped like cargo's own output.

use super::*;
use serde_json::json;

const MAIN: &str = "path+file:///ws/main#0.1.0";
const SHAPES: &str = "path+file:///ws/shapes#0.1.0";
const UNITS: &str = "path+file:///ws/units#0.2.0";
const COMPLEX: &str = "registry+https://github.com/rust-lang/crates.io-index#num-complex@0.4.6";
const TRAITS: &str = "registry+https://github.com/rust-lang/crates.io-index#num-traits@0.2.19";
const OLD_TRAITS: &str = "registry+https://github.com/rust-lang/crates.io-index#num-traits@0.1.0";
const TESTS_ONLY: &str = "path+file:///ws/tests-only#0.1.0";

fn package(id: &str, name: &str, version: &str, dir: &str, source: Option<&str>) -> Value {
    json!({
        "id": id, "name": name, "version": version, "source": source,
        "manifest_path": format!("{dir}/Cargo.toml"),
        "features": {},
        "targets": [{ "kind": ["lib"], "name": name, "src_path": format!("{dir}/src/lib.rs") }]
    })
}

fn dep(name: &str, pkg: &str, kind: Option<&str>) -> Value {
    json!({ "name": name, "pkg": pkg, "dep_kinds": [{ "kind": kind, "target": null }] })
}

/// main → shapes (renamed `geo`), num-complex, tests-only (dev); shapes → units;
/// num-complex → num-traits 0.2; units → num-traits 0.1.
fn metadata() -> Value {
    let registry = Some("registry+https://github.com/rust-lang/crates.io-index");
    json!({
        "workspace_root": "/ws",
        "packages": [
            package(MAIN, "main", "0.1.0", "/ws/main", None),
            package(SHAPES, "shapes", "0.1.0", "/ws/shapes", None),
            package(UNITS, "units", "0.2.0", "/ws/units", None),
            package(COMPLEX, "num-complex", "0.4.6", "/reg/num-complex-0.4.6", registry),
            package(TRAITS, "num-traits", "0.2.19", "/reg/num-traits-0.2.19", registry),
            package(OLD_TRAITS, "num-traits", "0.1.0", "/reg/num-traits-0.1.0", registry),
            package(TESTS_ONLY, "tests-only", "0.1.0", "/ws/tests-only", None),
        ],
        "resolve": {
            "root": MAIN,
            "nodes": [
                { "id": MAIN, "features": [], "deps": [
                    dep("geo", SHAPES, None),
                    dep("num_complex", COMPLEX, None),
                    dep("tests_only", TESTS_ONLY, Some("dev")),
                ]},
                { "id": SHAPES, "features": ["serde", "default"], "deps": [dep("units", UNITS, None)] },
                { "id": UNITS, "features": [], "deps": [dep("num_traits", OLD_TRAITS, None)] },
                { "id": COMPLEX, "features": ["std"], "deps": [dep("num_traits", TRAITS, None)] },
                { "id": TRAITS, "features": [], "deps": [] },
                { "id": OLD_TRAITS, "features": [], "deps": [] },
                { "id": TESTS_ONLY, "features": [], "deps": [] },
            ]
        }
    })
}

fn read(opt_ins: &[&str]) -> Result<Dependencies, Vec<Diagnostic>> {
    let opt_ins: Vec<String> = opt_ins.iter().map(|s| s.to_string()).collect();
    from_metadata(&metadata(), Path::new("/ws/main/Cargo.toml"), &opt_ins)
}

#[test]
fn a_renamed_path_dependency_is_named_as_the_crate_names_it() {
    for name in ["geo", "shapes"] {
        let deps = read(&[name]).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let shapes = &deps.crates[0];
        assert_eq!(shapes.package, "shapes");
        assert_eq!(shapes.path_name, "geo");
        assert_eq!(shapes.lib_name, "shapes");
        assert_eq!(shapes.root_file, PathBuf::from("/ws/shapes/src/lib.rs"));
        assert_eq!(shapes.features, vec!["default", "serde"]);
        assert!(shapes.is_path);
        assert_eq!(deps.from_root, BTreeMap::from([("geo".to_string(), 0)]));
        assert_eq!(deps.lock_file, Some(PathBuf::from("/ws/Cargo.lock")));
    }
}

#[test]
fn a_registry_dependency_by_package_or_library_name() {
    for name in ["num-complex", "num_complex"] {
        let deps = read(&[name]).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let complex = &deps.crates[0];
        assert_eq!(
            (complex.path_name.as_str(), complex.is_path),
            ("num_complex", false)
        );
        assert_eq!(
            complex.root_file,
            PathBuf::from("/reg/num-complex-0.4.6/src/lib.rs")
        );
        assert_eq!(complex.features, vec!["std"]);
    }
}

#[test]
fn opted_in_crates_see_each_other_by_their_extern_names() {
    let deps = read(&["geo", "units", "geo"]).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(deps.crates.len(), 2, "a repeated opt-in counts once");
    assert_eq!(
        deps.crates[0].extern_crates,
        BTreeMap::from([("units".to_string(), 1)])
    );
    // `units` is not a dependency of the crate being built: named by its library name, and
    // the crate root cannot name it.
    assert_eq!(deps.crates[1].path_name, "units");
    assert!(!deps.from_root.contains_key("units"));
}

#[test]
fn two_versions_of_an_indirect_dependency_are_ambiguous() {
    let errors = read(&["num-traits"]).err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .message
            .contains("matches several packages: num-traits 0.1.0, num-traits 0.2.19"),
        "{}",
        errors[0].message
    );
}

#[test]
fn unknown_and_dev_only_crates_are_errors_listing_the_dependencies() {
    for name in ["nope", "tests-only"] {
        let errors = read(&[name]).err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{name}");
        assert!(errors[0]
            .message
            .contains(&format!("does not depend on a crate named `{name}`")));
        assert!(errors[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("its dependencies are: geo, num_complex")));
    }
}

#[test]
fn the_build_features_are_asked_for_only_when_they_differ() {
    let mut m = metadata();
    m["packages"][0]["features"] = json!({ "default": ["fast"], "fast": [], "extra-bits": [] });
    m["resolve"]["nodes"][0]["features"] = json!(["default", "fast"]);
    let manifest = Path::new("/ws/main/Cargo.toml");
    let set = |names: &[&str]| names.iter().map(|n| normalize_feature(n)).collect();
    assert_eq!(
        features_to_request(&m, manifest, &set(&["default", "fast"])),
        None
    );
    assert_eq!(
        features_to_request(&m, manifest, &set(&["EXTRA_BITS"])),
        Some(vec!["extra-bits".to_string()])
    );
    assert_eq!(
        features_to_request(&m, manifest, &set(&[])),
        Some(Vec::new())
    );
}
