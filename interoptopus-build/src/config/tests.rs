use std::path::Path;

use super::parse;

const PATH: &str = "/crate/interoptopus.toml";

fn errors(text: &str) -> Vec<crate::Diagnostic> {
    match parse(Path::new(PATH), text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn every_table_is_read() {
    let text = r#"
verify_layout = false
out_dir = "bindings"
json = "model.json"
exclude = ["crate::a::B"]
dependencies = ["geo-types"]
include = ["crate::flags::PRIVATE"]

[exclude_from]
python = ["crate::packed"]

[cfg_guards]
'feature = "serde"' = "RURE_SERDE"

[rename]
"crate::Regex" = "rure"

[c]
file = "rure.h"
prefix = "p_"
include_guard = "RURE_H"
doc_style = "block"
enumerator_style = "variant"
type_case = "snake"
standard = "c89"
c89_bool = "stdbool"
deprecated_macro = "RURE_DEPRECATED"

[csharp]
namespace = "My.Company"
class = "Native"
rust_names = true

[python]
file = "rure_py.py"
library_env_var = "RURE_LIB"
"#;
    let s = parse(Path::new(PATH), text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(s.verify_layout, Some(false));
    assert_eq!(s.out_dir.as_deref(), Some(Path::new("/crate/bindings")));
    assert_eq!(s.json.as_deref(), Some("model.json"));
    assert_eq!(s.exclude, vec!["crate::a::B".to_string()]);
    assert_eq!(s.dependencies, vec!["geo-types".to_string()]);
    assert_eq!(s.include[0].rust_path, "crate::flags::PRIVATE");
    assert_eq!(
        s.exclude_from,
        vec![("python".to_string(), "crate::packed".to_string())]
    );
    assert_eq!(
        s.cfg_guards,
        vec![("feature = \"serde\"".to_string(), "RURE_SERDE".to_string())]
    );
    assert_eq!(s.renames[0].rust_path, "crate::Regex");
    assert_eq!(s.renames[0].name, "rure");
    let origin = s.renames[0]
        .origin
        .clone()
        .unwrap_or_else(|| panic!("no origin"));
    assert_eq!((origin.line, origin.column), (16, 1));
    let c = s.c.unwrap_or_else(|| panic!("no [c]"));
    assert_eq!(c.prefix_str(), "p_");
    assert_eq!(c.doc_style_value(), interoptopus_c::DocStyle::Block);
    let model = interoptopus_core::Model::new("rure", "rure");
    assert_eq!(c.file_name(&model), "rure.h");
    #[cfg(feature = "csharp")]
    {
        let cs = s.csharp.unwrap_or_else(|| panic!("no [csharp]"));
        assert_eq!(
            cs,
            interoptopus_csharp::Config::default()
                .namespace("My.Company")
                .class("Native")
                .rust_names(true)
        );
    }
    #[cfg(feature = "python")]
    assert!(s.python.is_some());
}

#[test]
fn unknown_key_points_at_the_key() {
    let e = errors("verify_layout = true\n[c]\nfile = \"a.h\"\nprefx = \"x\"\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("prefx"), "{}", e[0].message);
    let loc = e[0]
        .location
        .clone()
        .unwrap_or_else(|| panic!("no location"));
    assert_eq!((loc.line, loc.column), (4, 1));
    assert!(loc.file.ends_with("interoptopus.toml"));
}

#[test]
fn unknown_top_level_key_and_table_are_errors() {
    let e = errors("verfy_layout = true\n");
    assert!(e[0].message.contains("verfy_layout"), "{}", e[0].message);
    let e = errors("[cpp]\nfile = \"x\"\n");
    assert!(e[0].message.contains("cpp"), "{}", e[0].message);
}

#[test]
fn wrong_value_types_and_values_are_located() {
    let e = errors("verify_layout = \"yes\"\n");
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(1));
    let e = errors("[c]\ndoc_style = \"fancy\"\n");
    assert!(e[0].message.contains("fancy"), "{}", e[0].message);
    assert_eq!(
        e[0].location.as_ref().map(|l| (l.line, l.column)),
        Some((2, 13))
    );
}

#[test]
fn rule_paths_must_start_at_the_crate_root() {
    let e = errors("include = [\"flags::X\"]\n[rename]\n\"Regex\" = \"rure\"\n");
    assert_eq!(e.len(), 2);
    assert!(e.iter().all(|d| d.message.contains("not a Rust path")));
    let lines: Vec<u32> = e
        .iter()
        .filter_map(|d| d.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(lines, vec![3, 1]);
}

#[test]
fn syntax_errors_are_located() {
    let e = errors("[c\nfile = 1\n");
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(1));
}

#[test]
fn declarations_know_where_their_source_starts() {
    let text = "[declare]\n\"crate::ffi\" = '''\n#[no_mangle] pub extern \"C\" fn f() {}\n'''\ncrate = \"pub const X: u8 = 1;\"\n";
    let s = parse(Path::new(PATH), text).unwrap_or_else(|e| panic!("{e:?}"));
    let at: Vec<(u32, u32)> = s
        .declarations
        .iter()
        .map(|d| d.at.as_ref().map_or((0, 0), |l| (l.line, l.column)))
        .collect();
    // BTreeMap order: "crate" before "crate::ffi".
    assert_eq!(s.declarations[0].module, "crate");
    assert_eq!(at, vec![(5, 10), (3, 1)]);
}
