//! `interoptopus`: the build-script pipeline as a command, for crates that do not (or cannot)
//! generate from `build.rs`, and for CI checks of bindings that are committed.
//!
//! Exit codes: 0 success; 1 the crate has errors (diagnostics on stderr) or, with `--check`,
//! some output is stale; 2 the command could not run (bad arguments, no cargo/rustc).

mod args;
mod outputs;
mod package;
mod plan;
mod target_cfg;

use std::process::ExitCode;

use clap::Parser;
use interoptopus_build::render::render;
use interoptopus_build::Builder;

use args::Args;

/// Why the command stopped.
enum Failure {
    /// The command could not do its job (exit code 2).
    Setup(String),
    /// The crate or its configuration has errors, already rendered (exit code 1).
    Crate(String),
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Setup(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Crate(rendered)) => {
            eprint!("{rendered}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, Failure> {
    let package = package::read(&args.manifest_path).map_err(Failure::Setup)?;
    let features = package
        .enabled_features(&args.features, args.all_features, args.no_default_features)
        .map_err(Failure::Setup)?;
    let features: Vec<String> = features.into_iter().collect();
    let host = target_cfg::host_triple().map_err(Failure::Setup)?;
    let target = args.target.clone().unwrap_or_else(|| host.clone());
    let cfg = target_cfg::cfg_for(&target, &features, &args.cfgs).map_err(Failure::Setup)?;
    let plan = plan::make(args, &package.manifest_dir)?;

    let work_dir = package.target_dir.join("interoptopus").join(&package.name);
    let mut builder = Builder::new()
        .for_crate(&package.manifest_dir, &work_dir, cfg)
        .cc_target(&target, &host)
        .settings(plan.settings)
        .write_files(false);
    if args.no_verify {
        builder = builder.verify_layout(false);
    }
    let generated = builder
        .generate()
        .map_err(|e| Failure::Crate(e.to_string()))?;
    for w in &generated.warnings {
        eprintln!("{}", render(w, &Default::default()));
    }
    let files = outputs::place(
        generated.outputs,
        &plan.destinations,
        plan.out_dir.as_deref(),
    )
    .map_err(Failure::Setup)?;
    if args.check {
        let stale = outputs::stale(&files);
        if stale.is_empty() {
            println!("{} file(s) up to date", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for line in &stale {
            eprintln!("{line}");
        }
        eprintln!(
            "bindings are out of date: run the same command without --check to regenerate them"
        );
        return Ok(ExitCode::from(1));
    }
    for line in outputs::write_all(&files).map_err(Failure::Setup)? {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
