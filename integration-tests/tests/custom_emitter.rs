//! A third-party emitter plugged into the Builder, and the JSON model export.

use interoptopus_build::scan::CfgContext;
use interoptopus_build::{c, Builder, EmitError, EmitInput, Emitter, OutputFile};

/// Writes one line per exported function: a stand-in for "a language we don't ship".
struct FunctionList;

impl Emitter for FunctionList {
    fn name(&self) -> &str {
        "function-list"
    }

    fn emit(&self, input: EmitInput<'_>) -> Result<Vec<OutputFile>, Vec<EmitError>> {
        let mut text = String::new();
        for f in &input.model.functions {
            text.push_str(&format!("{}/{}\n", f.name, f.sig.params.len()));
        }
        Ok(vec![OutputFile {
            path: "functions.txt".into(),
            contents: text,
        }])
    }
}

#[test]
fn third_party_emitter_and_json_are_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"plugin-demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "#[repr(C)] pub struct P { pub x: u16 }\n#[no_mangle] pub extern \"C\" fn two(a: P, b: u8) {}\n#[no_mangle] pub extern \"C\" fn zero() {}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let generated = Builder::new()
        .c(c::Config::default())
        .emit(FunctionList)
        .json("model.json")
        .for_crate(dir.path(), &out, CfgContext::x86_64_linux(&[]))
        .cc_target("x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let list = std::fs::read_to_string(out.join("bindings/functions.txt")).unwrap_or_default();
    assert_eq!(list, "two/2\nzero/0\n");
    assert!(out.join("bindings/plugin_demo.h").is_file());
    let json = std::fs::read_to_string(out.join("bindings/model.json")).unwrap_or_default();
    let doc: interoptopus_core::ModelDocument =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.model, generated.model);
    assert_eq!(
        doc.model.schema_version,
        interoptopus_core::model::SCHEMA_VERSION
    );
    assert_eq!(doc.layouts.types[0].as_ref().map(|l| l.size), Some(2));
    assert!(generated
        .timings
        .iter()
        .any(|(stage, _)| stage == "emit function-list"));
}
