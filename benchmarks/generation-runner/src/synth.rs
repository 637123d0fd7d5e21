//! A synthetic crate of configurable size, valid Rust that rustc, interoptopus and cbindgen
//! all accept.
//!
//! The crate has `modules` file modules (`src/m<i>.rs`, every eighth one as `src/m<i>/mod.rs`)
//! plus `src/common.rs`. Every module holds `units` units; a unit is one `#[repr(C)]` struct,
//! one tagged enum (`#[repr(C)]` or `#[repr(u8)]` with data), one constant computed from an
//! expression over other constants, and one exported `extern "C"` function using the struct and
//! the enum. Each module also has an inline submodule, a cross-module `use` of the previous
//! module, and items gated by `#[cfg(feature = "extra")]` and `#[cfg(target_pointer_width)]`.
//! By-value nesting is bounded (a struct holds the struct at half its index), so dependency
//! depth grows with the logarithm of the size, as in real crates.
//!
//! One unit is about eight lines: 10 000 units (100 modules × 100) are about 80 000 lines.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The shape of the synthetic crate.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub modules: usize,
    pub units: usize,
}

impl Shape {
    /// Roughly `lines` lines: 100 units per module, fewer modules when small.
    pub fn for_lines(lines: usize) -> Shape {
        let total_units = (lines / 8).max(8);
        let modules = total_units.div_ceil(100).max(1);
        Shape {
            modules,
            units: (total_units / modules).max(1),
        }
    }
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    pub files: Vec<PathBuf>,
    pub lines: usize,
    pub structs: usize,
    pub enums: usize,
    pub constants: usize,
    pub functions: usize,
}

/// Writes the crate into `dir` (created if missing); files already there with the same content
/// are left alone, so repeated runs do not touch mtimes.
pub fn write_crate(dir: &Path, shape: Shape) -> std::io::Result<Written> {
    let mut files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from("Cargo.toml"), cargo_toml()),
        (PathBuf::from("cbindgen.toml"), cbindgen_toml()),
        (PathBuf::from("src/lib.rs"), lib_rs(shape)),
        (PathBuf::from("src/common.rs"), common_rs()),
    ];
    for m in 0..shape.modules {
        files.push((module_file(m), module_rs(m, shape)));
    }
    let mut lines = 0;
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)?;
        }
        if rel.extension().is_some_and(|e| e == "rs") {
            lines += text.lines().count();
        }
        written.push(path);
    }
    let units = shape.modules * shape.units;
    Ok(Written {
        files: written,
        lines,
        // Per module: the inline module's struct and the cfg-gated one (one of two survives);
        // `common` adds one struct and one plain enum.
        structs: units + 2 * shape.modules + 1,
        enums: units,
        constants: units + 1,
        // Per module: the inline module's, the cfg-gated and the pointer-width one; plus common.
        functions: units + 3 * shape.modules + 1,
    })
}

fn module_file(m: usize) -> PathBuf {
    if m % 8 == 7 {
        PathBuf::from(format!("src/m{m}/mod.rs"))
    } else {
        PathBuf::from(format!("src/m{m}.rs"))
    }
}

fn cargo_toml() -> String {
    "[package]\nname = \"synth\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
     [lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n[features]\nextra = []\n\n\
     # Not part of any enclosing workspace.\n[workspace]\n"
        .to_string()
}

/// cbindgen maps `cfg`s to preprocessor conditions only through `[defines]`, and needs variant
/// names prefixed to keep C's one namespace for enumerators free of clashes.
fn cbindgen_toml() -> String {
    "language = \"C\"\ninclude_guard = \"SYNTH_H\"\n\n[enum]\nprefix_with_name = true\n\n[defines]\n\
     \"feature = extra\" = \"SYNTH_EXTRA\"\n\
     \"target_pointer_width = 64\" = \"SYNTH_PTR64\"\n"
        .to_string()
}

fn lib_rs(shape: Shape) -> String {
    let mut s = String::from(
        "//! A synthetic crate for benchmarking binding generators.\n\n\
         #![allow(clippy::all)]\n\npub mod common;\n",
    );
    for m in 0..shape.modules {
        let _ = writeln!(s, "pub mod m{m};");
    }
    s
}

fn common_rs() -> String {
    "//! Types every module uses.\n\n\
     /// A point.\n#[repr(C)]\n#[derive(Clone, Copy)]\npub struct Vec3 {\n    pub x: f32,\n    pub y: f32,\n    pub z: f32,\n}\n\n\
     /// A plain enum.\n#[repr(u32)]\n#[derive(Clone, Copy)]\npub enum Kind {\n    A = 1,\n    B = 2,\n    C = 4,\n}\n\n\
     /// The base of every constant.\npub const BASE: u32 = 1 << 4;\n\n\
     #[no_mangle]\npub extern \"C\" fn synth_common(v: Vec3, k: Kind) -> f32 {\n    v.x + v.y + v.z + k as u32 as f32\n}\n"
        .to_string()
}

fn module_rs(m: usize, shape: Shape) -> String {
    let n = shape.units;
    let prev = if m == 0 { 0 } else { m - 1 };
    let mut s = String::with_capacity(n * 400);
    let _ = writeln!(s, "//! Synthetic module {m}.\n");
    let _ = writeln!(s, "use crate::common::{{Kind, Vec3, BASE}};");
    if m > 0 {
        let _ = writeln!(s, "use crate::m{prev}::Sm{prev}i0;");
    }
    s.push('\n');
    for k in 0..n {
        // The struct: a by-value struct at half the index (bounded nesting), a pointer across
        // modules (through the `use` above, or to itself in module 0).
        let half = if k == 0 {
            "f64".to_string()
        } else {
            format!("Sm{m}i{}", k / 2)
        };
        let link = if m == 0 {
            format!("Sm{m}i{k}")
        } else {
            format!("Sm{prev}i0")
        };
        let _ = writeln!(s, "/// Struct {m}.{k}.");
        let _ = writeln!(
            s,
            "#[repr(C)] pub struct Sm{m}i{k} {{ pub id: u32, pub pos: Vec3, pub half: {half}, pub bytes: [u8; 4], pub link: *const {link} }}"
        );
        // The tagged enum: alternately `repr(C)` and `repr(u8)`.
        let repr = if k % 2 == 0 { "C" } else { "u8" };
        let _ = writeln!(s, "/// Enum {m}.{k}.");
        let _ = writeln!(
            s,
            "#[repr({repr})] pub enum Em{m}i{k} {{ Empty, Scalar(u32), Pair {{ a: Sm{m}i{k}, kind: Kind }}, Ptr(*mut Em{m}i{k}) }}"
        );
        // The constant: an expression over another constant (depth grows like log2(k)).
        let _ = writeln!(s, "/// Constant {m}.{k}.");
        let expr = if k == 0 {
            format!("BASE + {m} * 64")
        } else {
            format!("(CM{m}_I{} << 1) + {k}", k / 2)
        };
        let _ = writeln!(s, "pub const CM{m}_I{k}: u32 = {expr};");
        // The function: by value, by pointer, nullable reference, scalar.
        let _ = writeln!(s, "#[no_mangle]");
        let _ = writeln!(
            s,
            "pub extern \"C\" fn synth_m{m}_f{k}(s: Sm{m}i{k}, e: *const Em{m}i{k}, other: Option<&Sm{m}i0>, n: u32) -> Em{m}i{k} {{ let _ = (s, e, other, n); Em{m}i{k}::Empty }}"
        );
    }
    // An inline module reaching back with `super::`.
    let _ = write!(
        s,
        "\npub mod inner {{\n    /// Nested {m}.\n    #[repr(C)]\n    pub struct I{m} {{\n        pub v: super::Sm{m}i0,\n        pub c: u32,\n    }}\n\n    #[no_mangle]\n    pub extern \"C\" fn synth_inner{m}(i: I{m}) -> u32 {{\n        i.c + super::CM{m}_I0\n    }}\n}}\n"
    );
    // cfg-gated items: one of each pair survives for a given target and feature set.
    let _ = write!(
        s,
        "\n#[cfg(feature = \"extra\")]\n#[no_mangle]\npub extern \"C\" fn synth_g{m}(x: u32) -> u32 {{\n    x + 1\n}}\n\
         #[cfg(not(feature = \"extra\"))]\n#[no_mangle]\npub extern \"C\" fn synth_g{m}(x: u32) -> u32 {{\n    x\n}}\n\n\
         #[cfg(target_pointer_width = \"64\")]\n#[repr(C)]\npub struct W{m} {{\n    pub wide: u64,\n}}\n\
         #[cfg(not(target_pointer_width = \"64\"))]\n#[repr(C)]\npub struct W{m} {{\n    pub wide: u32,\n}}\n\n\
         #[no_mangle]\npub extern \"C\" fn synth_w{m}(w: W{m}) -> u32 {{\n    w.wide as u32\n}}\n"
    );
    s
}
