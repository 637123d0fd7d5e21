//! `generation-runner synth <dir> (--lines N | --modules M --units N)`: writes a synthetic crate.
//!
//! `generation-runner run [--langs c|all] [--no-verify] [--timings FILE] [<crate-dir>]`: runs
//! the interoptopus pipeline once, as a build script would. With `CARGO_MANIFEST_DIR` set (the
//! benchmark sets the whole build-script environment: `OUT_DIR`, `TARGET`, `HOST`,
//! `CARGO_PKG_NAME`, `CARGO_CFG_*`) it calls `Builder::new()` exactly like a `build.rs`;
//! otherwise it uses `Builder::for_crate(<crate-dir>, <crate-dir>/target/gen-out, x86_64)`.
//! The time of every stage goes to `FILE` as `stage<TAB>microseconds` lines.

mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use interoptopus_build::scan::CfgContext;
use interoptopus_build::{c, csharp, python, Builder};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("synth") => synth_cmd(&args[1..]),
        Some("run") => run_cmd(&args[1..]),
        _ => Err(
            "usage: generation-runner synth <dir> (--lines N | --modules M --units N)\n       generation-runner run [--langs c|all] [--no-verify] [--timings FILE] [<crate-dir>]"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generation-runner: {e}");
            ExitCode::FAILURE
        }
    }
}

fn number(args: &[String], flag: &str) -> Result<Option<usize>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .map(Some)
            .ok_or_else(|| format!("`{flag}` needs a number")),
    }
}

fn synth_cmd(args: &[String]) -> Result<(), String> {
    let dir = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .ok_or("synth: missing the output folder")?;
    let shape = match (
        number(args, "--lines")?,
        number(args, "--modules")?,
        number(args, "--units")?,
    ) {
        (Some(lines), None, None) => synth::Shape::for_lines(lines),
        (None, Some(modules), Some(units)) if modules > 0 && units > 0 => {
            synth::Shape { modules, units }
        }
        _ => return Err("synth: give `--lines N`, or `--modules M --units N` (both > 0)".into()),
    };
    let written = synth::write_crate(std::path::Path::new(dir), shape)
        .map_err(|e| format!("cannot write the crate into {dir}: {e}"))?;
    println!(
        "modules={} units={} files={} lines={} structs={} enums={} constants={} functions={}",
        shape.modules,
        shape.units,
        written.files.len(),
        written.lines,
        written.structs,
        written.enums,
        written.constants,
        written.functions
    );
    Ok(())
}

fn run_cmd(args: &[String]) -> Result<(), String> {
    let mut langs = "all".to_string();
    let mut verify = true;
    let mut timings_file: Option<PathBuf> = None;
    let mut crate_dir: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--langs" => {
                langs = args.get(i + 1).cloned().ok_or("`--langs` needs c or all")?;
                i += 1;
            }
            "--no-verify" => verify = false,
            "--timings" => {
                timings_file = Some(args.get(i + 1).ok_or("`--timings` needs a file")?.into());
                i += 1;
            }
            other if !other.starts_with("--") => crate_dir = Some(other.into()),
            other => return Err(format!("run: unknown option `{other}`")),
        }
        i += 1;
    }
    let start = Instant::now();
    let mut builder = Builder::new();
    if std::env::var_os("CARGO_MANIFEST_DIR").is_none() {
        let dir =
            crate_dir.ok_or("run: outside a build-script environment, give the crate folder")?;
        let dir = std::path::absolute(&dir)
            .map_err(|e| format!("run: cannot resolve {}: {e}", dir.display()))?;
        let out = dir.join("target").join("gen-out");
        builder = builder
            .for_crate(&dir, out, CfgContext::x86_64_linux(&[]))
            .cc_target("x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu");
    }
    builder = match langs.as_str() {
        "c" => builder.c(c::Config::default()),
        "all" => builder
            .c(c::Config::default())
            .csharp(csharp::Config::default())
            .python(python::Config::default()),
        other => return Err(format!("run: unknown `--langs {other}` (c, all)")),
    };
    let generated = builder
        .verify_layout(verify)
        .generate()
        .map_err(|e| e.to_string())?;
    let total = start.elapsed();
    let mut report = String::new();
    for (stage, time) in &generated.timings {
        report.push_str(&format!("{stage}\t{}\n", time.as_micros()));
    }
    report.push_str(&format!("total\t{}\n", total.as_micros()));
    report.push_str(&format!(
        "model\t{} types, {} functions, {} constants\n",
        generated.model.types.len(),
        generated.model.functions.len(),
        generated.model.constants.len()
    ));
    match timings_file {
        Some(f) => {
            std::fs::write(&f, report).map_err(|e| format!("cannot write {}: {e}", f.display()))?
        }
        None => eprint!("{report}"),
    }
    Ok(())
}
