//! `cargo xtask bench generation`: how fast and how lean binding generation is, against
//! cbindgen, on a synthetic crate of up to ~80k lines; where the time goes; how it scales;
//! the build script's run time on a hello_world-size crate; and the cost of the build
//! dependency itself (cold compile time, crates pulled in).
//!
//! Every tool runs as a child process under `/usr/bin/time -f %M`, which reports the child's
//! peak resident set (`getrusage(RUSAGE_CHILDREN)`: the largest process of the tree, so the C
//! compiler of the layout check counts when it is larger); wall time is measured around it.
//! Tools alternate within a round (the order rotates every round) and each number is the median
//! over the rounds. interoptopus runs through `benchmarks/generation-runner`, which calls
//! `Builder::new()` in the environment cargo gives a build script (`OUT_DIR`, `TARGET`, `HOST`,
//! `CARGO_PKG_NAME`, `CARGO_CFG_*` from `rustc --print cfg`), built in release mode.
//!
//! Options: `--quick` (20k lines, 3 rounds, no footprint), `--rounds N`, `--lines N` (the
//! largest size), `--no-footprint`, `--baseline <generation-runner binary>` (an older build of
//! the runner, measured in the same rounds as "before").
//!
//! The results go between the markers of `benchmarks/generation.md` (the text around them is
//! kept) and are printed.

use super::machine::{command_line, cpu_model, first_line, json_string, read};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::toolchains::Toolchains;
use crate::{cargo, root};

const COMMAND: &str = "cargo xtask bench generation";
const BEGIN: &str = "<!-- cargo xtask bench generation: results begin -->";
const END: &str = "<!-- cargo xtask bench generation: results end -->";
/// The sizes of the scaling series (lines of Rust), the last one being the headline size.
const SERIES: &[usize] = &[1_000, 2_500, 5_000, 10_000, 20_000, 40_000, 80_000];
const HELLO_ROUNDS: usize = 21;

struct Options {
    rounds: usize,
    top_lines: usize,
    footprint: bool,
    baseline: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            rounds: 5,
            top_lines: 80_000,
            footprint: true,
            baseline: None,
        };
        let mut i = 0;
        while i < args.len() {
            let value = |i: usize| {
                args.get(i + 1)
                    .ok_or_else(|| format!("`{}` needs a value", args[i]))
            };
            match args[i].as_str() {
                "--quick" => {
                    o.rounds = 3;
                    o.top_lines = 20_000;
                    o.footprint = false;
                }
                "--rounds" => {
                    o.rounds = value(i)?.parse().map_err(|_| "`--rounds` needs a number")?;
                    i += 1;
                }
                "--lines" => {
                    o.top_lines = value(i)?.parse().map_err(|_| "`--lines` needs a number")?;
                    i += 1;
                }
                "--no-footprint" => o.footprint = false,
                "--baseline" => {
                    o.baseline = Some(PathBuf::from(value(i)?));
                    i += 1;
                }
                other => return Err(format!("bench generation: unknown option `{other}`")),
            }
            i += 1;
        }
        if o.rounds == 0 {
            return Err("`--rounds` must be at least 1".into());
        }
        Ok(o)
    }
}

pub fn run(_tools: &Toolchains, args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    if !Path::new("/usr/bin/time").is_file() {
        return Err(
            "`/usr/bin/time` is missing (peak memory is read with it): apt-get install -y time"
                .into(),
        );
    }
    let load_before = first_line(&read("/proc/loadavg"));
    let runner = build_runner()?;
    let cbindgen = ensure_cbindgen()?;
    let work = target_dir().join("bench-generation");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let host = host_triple()?;
    let cfg_env = cfg_env()?;

    let mut sizes: Vec<usize> = SERIES
        .iter()
        .copied()
        .filter(|&l| l < options.top_lines)
        .collect();
    sizes.push(options.top_lines);
    let mut crates = Vec::new();
    for &lines in &sizes {
        crates.push(synth_crate(&runner, &work, lines)?);
    }
    let Some(top) = crates.last().cloned() else {
        return Err("no crate to measure".into());
    };

    // The headline comparison at the largest size.
    let ctx = Ctx {
        cbindgen: &cbindgen,
        host: &host,
        cfg_env: &cfg_env,
    };
    let mut tools = vec![
        ctx.ours(&top, "C header", &runner, &["--langs", "c"]),
        ctx.ours(
            &top,
            "C header, no layout check",
            &runner,
            &["--langs", "c", "--no-verify"],
        ),
        ctx.ours(&top, "C + C# + Python", &runner, &["--langs", "all"]),
        ctx.ours_rerun(
            &top,
            "C header, rerun (same header: layout check not repeated)",
            &runner,
            &["--langs", "c"],
        ),
        ctx.cbindgen(&top),
    ];
    if let Some(baseline) = &options.baseline {
        tools.push(ctx.ours(&top, "before: C header", baseline, &["--langs", "c"]));
        tools.push(ctx.ours(
            &top,
            "before: C + C# + Python",
            baseline,
            &["--langs", "all"],
        ));
    }
    eprintln!(
        "xtask: {} lines, {} tools, {} rounds",
        top.lines,
        tools.len(),
        options.rounds
    );
    let headline = measure_alternating(&tools, options.rounds)?;

    // The scaling series (the largest size is the headline run).
    let mut series = Vec::new();
    for krate in &crates[..crates.len() - 1] {
        let tools = vec![
            ctx.ours(krate, "C header", &runner, &["--langs", "c"]),
            ctx.ours(krate, "C + C# + Python", &runner, &["--langs", "all"]),
            ctx.cbindgen(krate),
        ];
        eprintln!("xtask: scaling, {} lines", krate.lines);
        series.push((
            krate.clone(),
            measure_alternating(&tools, options.rounds.min(3))?,
        ));
    }
    series.push((top.clone(), headline.clone()));

    // The build script on a hello_world-size crate, as the optimised runner.
    let hello = Synth {
        dir: root().join("examples").join("hello_world"),
        package: "hello_world".into(),
        lines: count_lines(&root().join("examples").join("hello_world").join("src")),
        summary: String::new(),
    };
    let hello_tools = vec![
        ctx.ours(
            &hello,
            "hello_world, C + C# + Python, clean build",
            &runner,
            &["--langs", "all"],
        ),
        ctx.ours_rerun(
            &hello,
            "hello_world, C + C# + Python, rerun after an edit",
            &runner,
            &["--langs", "all"],
        ),
    ];
    let hello_results = measure_alternating(&hello_tools, HELLO_ROUNDS)?;

    let footprint = if options.footprint {
        Some(footprint(&work)?)
    } else {
        None
    };

    let facts = Facts {
        date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        nproc: command_line("nproc", &[]),
        cpu: cpu_model(),
        rustc: command_line("rustc", &["--version"]),
        cc: command_line("cc", &["--version"]),
        cbindgen: command_line(&cbindgen.to_string_lossy(), &["--version"]),
        load: format!(
            "{load_before} before, {} after",
            first_line(&read("/proc/loadavg"))
        ),
    };
    let report = Report {
        options: &options,
        facts,
        top: &top,
        headline: &headline,
        series: &series,
        hello: &hello,
        hello_results: &hello_results,
        footprint: footprint.as_ref(),
    };
    let markdown = report.render();
    println!("{markdown}");
    let out = root().join("benchmarks").join("generation.md");
    let old = std::fs::read_to_string(&out).unwrap_or_default();
    std::fs::write(&out, splice(&old, &markdown)).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("xtask: wrote {}", out.display());
    Ok(())
}

/// Puts `results` between the markers of `old`, keeping the text around them.
fn splice(old: &str, results: &str) -> String {
    let block = format!("{BEGIN}\n{results}{END}\n\n");
    match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if b < e => {
            format!("{}{block}{}", &old[..b], old[e + END.len()..].trim_start_matches('\n'))
        }
        _ => format!(
            "# Binding generation: speed, memory, footprint\n\nRegenerate the tables below with `{COMMAND}`.\n\n{block}"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Building and finding the tools

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

/// `cargo build --release -p generation-runner`; the executable's path from cargo's messages.
fn build_runner() -> Result<PathBuf, String> {
    let mut cmd = cargo();
    cmd.args([
        "build",
        "--release",
        "--package",
        "generation-runner",
        "--message-format=json-render-diagnostics",
    ]);
    eprintln!("xtask: running {cmd:?}");
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "building generation-runner failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\""))
        .filter_map(|l| json_string(l, "executable"))
        .find(|e| e.contains("generation-runner"))
        .map(PathBuf::from)
        .ok_or_else(|| "cargo reported no generation-runner executable".to_string())
}

/// `target/tools/bin/cbindgen`, installed with `cargo install cbindgen --locked` when missing.
fn ensure_cbindgen() -> Result<PathBuf, String> {
    let tools = root().join("target").join("tools");
    let exe = tools.join("bin").join("cbindgen");
    if exe.is_file() {
        return Ok(exe);
    }
    let mut cmd = cargo();
    cmd.args(["install", "cbindgen", "--locked", "--root"])
        .arg(&tools)
        .env("CARGO_TARGET_DIR", target_dir().join("cbindgen-install"));
    crate::run(&mut cmd)?;
    if exe.is_file() {
        Ok(exe)
    } else {
        Err(format!(
            "`cargo install cbindgen` left no {}",
            exe.display()
        ))
    }
}

fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "`rustc -vV` printed no host".to_string())
}

/// `CARGO_CFG_*` as cargo derives them from `rustc --print cfg` for a build script.
fn cfg_env() -> Result<Vec<(String, String)>, String> {
    let out = Command::new("rustc")
        .args(["--print", "cfg"])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let mut cfgs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (name, value) = match line.split_once('=') {
            Some((n, v)) => (n, v.trim_matches('"').to_string()),
            None => (line, String::new()),
        };
        let values = cfgs.entry(name.to_string()).or_default();
        if !value.is_empty() {
            values.push(value);
        }
    }
    Ok(cfgs
        .into_iter()
        .map(|(name, values)| {
            (
                format!("CARGO_CFG_{}", name.to_uppercase()),
                values.join(","),
            )
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Synthetic crates and commands

#[derive(Clone, Debug)]
struct Synth {
    dir: PathBuf,
    package: String,
    lines: usize,
    /// The generator's counts (`modules=… structs=…`).
    summary: String,
}

fn synth_crate(runner: &Path, work: &Path, lines: usize) -> Result<Synth, String> {
    let dir = work.join(format!("synth-{lines}"));
    let out = Command::new(runner)
        .arg("synth")
        .arg(&dir)
        .args(["--lines", &lines.to_string()])
        .output()
        .map_err(|e| format!("cannot start {}: {e}", runner.display()))?;
    if !out.status.success() {
        return Err(format!(
            "generating the synthetic crate failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let summary = first_line(&String::from_utf8_lossy(&out.stdout));
    let actual = summary
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("lines="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(lines);
    Ok(Synth {
        dir,
        package: "synth".into(),
        lines: actual,
        summary,
    })
}

fn count_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                count_lines(&p)
            } else if p.extension().is_some_and(|e| e == "rs") {
                read(&p.to_string_lossy()).lines().count()
            } else {
                0
            }
        })
        .sum()
}

/// One command to measure.
#[derive(Clone)]
struct Tool {
    label: String,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    cwd: PathBuf,
    /// Where the runner writes its per-stage timings (`stage<TAB>µs`).
    timings: Option<PathBuf>,
    /// Removed before every run (not timed), so each run starts like a clean build: nothing
    /// from an earlier run, in particular no record of a passed layout check.
    fresh: Option<PathBuf>,
}

struct Ctx<'a> {
    cbindgen: &'a Path,
    host: &'a str,
    cfg_env: &'a [(String, String)],
}

impl Ctx<'_> {
    /// The runner as a build script of `krate` would run (a fresh `OUT_DIR` per tool).
    fn ours(&self, krate: &Synth, label: &str, runner: &Path, args: &[&str]) -> Tool {
        let slug: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let out_dir = target_dir()
            .join("bench-generation")
            .join("out")
            .join(format!("{}-{}", krate.package, krate.lines))
            .join(slug);
        let timings = out_dir.with_extension("timings");
        let mut env = vec![
            (
                "CARGO_MANIFEST_DIR".to_string(),
                krate.dir.to_string_lossy().into_owned(),
            ),
            (
                "CARGO_MANIFEST_PATH".to_string(),
                krate.dir.join("Cargo.toml").to_string_lossy().into_owned(),
            ),
            ("CARGO_PKG_NAME".to_string(), krate.package.clone()),
            (
                "OUT_DIR".to_string(),
                out_dir.to_string_lossy().into_owned(),
            ),
            ("TARGET".to_string(), self.host.to_string()),
            ("HOST".to_string(), self.host.to_string()),
            ("PROFILE".to_string(), "release".to_string()),
            ("OPT_LEVEL".to_string(), "0".to_string()),
            ("DEBUG".to_string(), "false".to_string()),
        ];
        env.extend(self.cfg_env.iter().cloned());
        let mut args: Vec<String> = std::iter::once("run".to_string())
            .chain(args.iter().map(|a| a.to_string()))
            .collect();
        args.push("--timings".into());
        args.push(timings.to_string_lossy().into_owned());
        Tool {
            label: label.to_string(),
            program: runner.to_path_buf(),
            args,
            env,
            cwd: krate.dir.clone(),
            timings: Some(timings),
            fresh: Some(out_dir),
        }
    }

    /// The same as [`Ctx::ours`], but every run finds the previous run's `OUT_DIR`: what a
    /// rebuild after an edit that leaves the header unchanged costs (the layout check that
    /// passed for this header is not repeated).
    fn ours_rerun(&self, krate: &Synth, label: &str, runner: &Path, args: &[&str]) -> Tool {
        Tool {
            fresh: None,
            ..self.ours(krate, label, runner, args)
        }
    }

    /// `cbindgen --config cbindgen.toml --output <file> <crate>`, as its README shows.
    fn cbindgen(&self, krate: &Synth) -> Tool {
        let out = target_dir()
            .join("bench-generation")
            .join("out")
            .join(format!("{}-{}", krate.package, krate.lines))
            .join("cbindgen.h");
        Tool {
            label: "cbindgen (C header)".into(),
            program: self.cbindgen.to_path_buf(),
            args: vec![
                "--config".into(),
                "cbindgen.toml".into(),
                "--quiet".into(),
                "--output".into(),
                out.to_string_lossy().into_owned(),
                ".".into(),
            ],
            env: Vec::new(),
            cwd: krate.dir.clone(),
            timings: None,
            fresh: None,
        }
    }
}

impl Tool {
    fn command(&self) -> String {
        let mut s: String = self
            .env
            .iter()
            .filter(|(k, _)| !k.starts_with("CARGO_CFG_"))
            .map(|(k, v)| format!("{k}={v} "))
            .collect();
        if self.env.iter().any(|(k, _)| k.starts_with("CARGO_CFG_")) {
            s.push_str("CARGO_CFG_…(rustc --print cfg) ");
        }
        s.push_str(&self.program.to_string_lossy());
        for a in &self.args {
            s.push(' ');
            s.push_str(a);
        }
        s
    }
}

/// Variables a `cargo run` of xtask leaves behind that must not reach the tools.
fn scrub(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if (key.starts_with("CARGO_") && key != "CARGO_HOME")
            || matches!(
                key.as_ref(),
                "OUT_DIR" | "TARGET" | "HOST" | "RUSTC_WRAPPER"
            )
        {
            cmd.env_remove(key.as_ref());
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Samples {
    wall: Vec<Duration>,
    rss_kb: Vec<u64>,
    stages: BTreeMap<String, Vec<Duration>>,
    stage_order: Vec<String>,
}

impl Samples {
    fn wall(&self) -> Duration {
        median(&self.wall)
    }

    fn rss_kb(&self) -> u64 {
        let mut v = self.rss_kb.clone();
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(0)
    }
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

#[derive(Clone, Debug)]
struct Measured {
    tools: Vec<(String, String)>,
    samples: Vec<Samples>,
}

impl Measured {
    fn get(&self, label: &str) -> Option<&Samples> {
        self.tools
            .iter()
            .position(|(l, _)| l == label)
            .and_then(|i| self.samples.get(i))
    }
}

/// One warm-up run per tool, then `rounds` rounds, each running every tool once in an order
/// that rotates by one per round.
fn measure_alternating(tools: &[Tool], rounds: usize) -> Result<Measured, String> {
    for t in tools {
        run_once(t)?;
    }
    let mut samples = vec![Samples::default(); tools.len()];
    for round in 0..rounds {
        for k in 0..tools.len() {
            let i = (round + k) % tools.len();
            let (wall, rss, stages) = run_once(&tools[i])?;
            let s = &mut samples[i];
            s.wall.push(wall);
            s.rss_kb.push(rss);
            for (name, d) in stages {
                if !s.stage_order.contains(&name) {
                    s.stage_order.push(name.clone());
                }
                s.stages.entry(name).or_default().push(d);
            }
        }
    }
    Ok(Measured {
        tools: tools
            .iter()
            .map(|t| (t.label.clone(), t.command()))
            .collect(),
        samples,
    })
}

type Run = (Duration, u64, Vec<(String, Duration)>);

fn run_once(tool: &Tool) -> Result<Run, String> {
    if let Some(dir) = &tool.fresh {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", dir.display())),
        }
    }
    let rss_file = std::env::temp_dir().join(format!("xtask-bench-rss-{}", std::process::id()));
    let mut cmd = Command::new("/usr/bin/time");
    scrub(&mut cmd);
    cmd.args(["-f", "%M", "-o"])
        .arg(&rss_file)
        .arg(&tool.program)
        .args(&tool.args)
        .envs(tool.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .current_dir(&tool.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start {}: {e}", tool.program.display()))?;
    let wall = start.elapsed();
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{}",
            tool.command(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let rss = read(&rss_file.to_string_lossy())
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .next_back()
        .unwrap_or(0);
    let mut stages = Vec::new();
    if let Some(file) = &tool.timings {
        for line in read(&file.to_string_lossy()).lines() {
            if let Some((name, us)) = line.split_once('\t') {
                if let Ok(us) = us.parse::<u64>() {
                    stages.push((name.to_string(), Duration::from_micros(us)));
                }
            }
        }
    }
    Ok((wall, rss, stages))
}

// ---------------------------------------------------------------------------------------------
// Footprint: a crate that only build-depends on the generator

struct FootprintRow {
    label: String,
    dependency: String,
    crates: usize,
    cold: Duration,
    /// The build script's own run time (read from a file it writes): in the cold build, then
    /// the medians of reruns after comment-only edits of `src/lib.rs` with the layout check's
    /// record removed first (the C compiler runs again) and kept (it does not).
    script_cold: Option<Duration>,
    script_rerun_checked: Option<Duration>,
    script_rerun: Option<Duration>,
}

const FOOTPRINT_LIB: &str = "//! A hello_world-size library.\n\n/// A point.\n#[repr(C)]\n#[derive(Clone, Copy)]\npub struct Vec3 {\n    pub x: f32,\n    pub y: f32,\n    pub z: f32,\n}\n\n/// Adds two points.\n#[no_mangle]\npub extern \"C\" fn vec3_add(a: Vec3, b: Vec3) -> Vec3 {\n    Vec3 { x: a.x + b.x, y: a.y + b.y, z: a.z + b.z }\n}\n";

const FOOTPRINT_OURS_BUILD: &str = "fn main() {\n    let start = std::time::Instant::now();\n    interoptopus_build::generate();\n    if let Some(out) = std::env::var_os(\"OUT_DIR\") {\n        let _ = std::fs::write(\n            std::path::Path::new(&out).join(\"build-script-micros\"),\n            start.elapsed().as_micros().to_string(),\n        );\n    }\n}\n";

const FOOTPRINT_CBINDGEN_BUILD: &str = "fn main() {\n    let start = std::time::Instant::now();\n    let (Some(dir), Some(out)) = (std::env::var_os(\"CARGO_MANIFEST_DIR\"), std::env::var_os(\"OUT_DIR\")) else {\n        std::process::exit(1);\n    };\n    match cbindgen::Builder::new()\n        .with_crate(std::path::PathBuf::from(dir))\n        .with_language(cbindgen::Language::C)\n        .generate()\n    {\n        Ok(bindings) => {\n            bindings.write_to_file(std::path::Path::new(&out).join(\"footprint.h\"));\n        }\n        Err(e) => {\n            eprintln!(\"{e}\");\n            std::process::exit(1);\n        }\n    }\n    let _ = std::fs::write(\n        std::path::Path::new(&out).join(\"build-script-micros\"),\n        start.elapsed().as_micros().to_string(),\n    );\n}\n";

fn footprint(work: &Path) -> Result<Vec<FootprintRow>, String> {
    let build_path = root().join("interoptopus-build");
    let ours = format!(
        "interoptopus-build = {{ path = \"{}\" }}",
        build_path.display()
    );
    let ours_lean = format!(
        "interoptopus-build = {{ path = \"{}\", default-features = false }}",
        build_path.display()
    );
    let cbindgen_version = command_line(
        &root().join("target/tools/bin/cbindgen").to_string_lossy(),
        &["--version"],
    )
    .rsplit(' ')
    .next()
    .map(str::to_string)
    .unwrap_or_else(|| "0.29".into());
    let theirs =
        format!("cbindgen = {{ version = \"={cbindgen_version}\", default-features = false }}");
    let variants = [
        (
            "interoptopus-build (default features: C, C#, Python)",
            ours,
            FOOTPRINT_OURS_BUILD,
        ),
        (
            "interoptopus-build, `default-features = false` (C only)",
            ours_lean,
            FOOTPRINT_OURS_BUILD,
        ),
        (
            "cbindgen, `default-features = false`",
            theirs,
            FOOTPRINT_CBINDGEN_BUILD,
        ),
    ];
    let mut rows = Vec::new();
    for (i, (label, dep, build_rs)) in variants.iter().enumerate() {
        let dir = work.join("footprint").join(format!("variant{i}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
        let manifest = format!(
            "[package]\nname = \"footprint\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[build-dependencies]\n{dep}\n\n[workspace]\n"
        );
        let write = |name: &str, text: &str| {
            std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))
        };
        write("Cargo.toml", &manifest)?;
        write("build.rs", build_rs)?;
        write("src/lib.rs", FOOTPRINT_LIB)?;
        // The workspace's lock file pins the versions our users' resolver would pick today.
        if i < 2 {
            let _ = std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock"));
        }
        let cargo_in = |args: &[&str]| {
            let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
            scrub(&mut cmd);
            cmd.args(args)
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", dir.join("target"))
                .stdin(Stdio::null());
            cmd
        };
        let fetch = cargo_in(&["fetch"])
            .output()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        if !fetch.status.success() {
            return Err(format!(
                "cargo fetch for the footprint crate failed:\n{}",
                String::from_utf8_lossy(&fetch.stderr)
            ));
        }
        let tree = cargo_in(&["tree", "--prefix", "none", "-e", "normal,build"])
            .output()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        let mut unique: Vec<String> = String::from_utf8_lossy(&tree.stdout)
            .lines()
            .filter_map(|l| {
                let mut parts = l.split_whitespace();
                Some(format!("{} {}", parts.next()?, parts.next()?))
            })
            .filter(|p| !p.starts_with("footprint "))
            .collect();
        unique.sort();
        unique.dedup();
        eprintln!("xtask: cold build of the footprint crate: {label}");
        let start = Instant::now();
        let build = cargo_in(&["build", "--offline"])
            .output()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        let cold = start.elapsed();
        if !build.status.success() {
            return Err(format!(
                "building the footprint crate failed:\n{}",
                String::from_utf8_lossy(&build.stderr)
            ));
        }
        let script_cold = build_script_time(&dir);
        let (mut checked, mut reruns) = (Vec::new(), Vec::new());
        for n in 0..2 * FOOTPRINT_RERUNS {
            let forget = n % 2 == 0;
            if forget {
                forget_layout_checks(&dir);
            }
            write("src/lib.rs", &format!("{FOOTPRINT_LIB}// edit {n}\n"))?;
            let rebuilt = cargo_in(&["build", "--offline"])
                .output()
                .map_err(|e| format!("cannot start cargo: {e}"))?;
            if !rebuilt.status.success() {
                return Err(format!(
                    "rebuilding the footprint crate failed:\n{}",
                    String::from_utf8_lossy(&rebuilt.stderr)
                ));
            }
            if let Some(t) = build_script_time(&dir) {
                if forget {
                    checked.push(t);
                } else {
                    reruns.push(t);
                }
            }
        }
        rows.push(FootprintRow {
            label: label.to_string(),
            dependency: dep.replace(&root().display().to_string(), "…"),
            crates: unique.len(),
            cold,
            script_cold,
            script_rerun_checked: (!checked.is_empty()).then(|| median(&checked)),
            script_rerun: (!reruns.is_empty()).then(|| median(&reruns)),
        });
    }
    Ok(rows)
}

/// Reruns per kind (layout check forgotten / kept) after the cold build.
const FOOTPRINT_RERUNS: usize = 7;

/// Removes the record of passed layout checks from the footprint crate's `OUT_DIR`s, so the
/// next build script run compiles the check again, as on a clean build.
fn forget_layout_checks(dir: &Path) {
    let build = dir.join("target").join("debug").join("build");
    for entry in std::fs::read_dir(build).into_iter().flatten().flatten() {
        let stamp = entry
            .path()
            .join("out")
            .join("interoptopus-verify")
            .join("interoptopus_layout_check.ok");
        let _ = std::fs::remove_file(stamp);
    }
}

/// What the footprint crate's build script wrote about its last run.
fn build_script_time(dir: &Path) -> Option<Duration> {
    let build = dir.join("target").join("debug").join("build");
    let mut newest: Option<(std::time::SystemTime, Duration)> = None;
    for entry in std::fs::read_dir(build).ok()?.flatten() {
        let file = entry.path().join("out").join("build-script-micros");
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let Ok(us) = read(&file.to_string_lossy()).trim().parse::<u64>() else {
            continue;
        };
        let modified = meta.modified().ok()?;
        if newest.is_none_or(|(m, _)| modified > m) {
            newest = Some((modified, Duration::from_micros(us)));
        }
    }
    newest.map(|(_, d)| d)
}

// ---------------------------------------------------------------------------------------------
// The report

struct Facts {
    date: String,
    nproc: String,
    cpu: String,
    rustc: String,
    cc: String,
    cbindgen: String,
    load: String,
}

struct Report<'a> {
    options: &'a Options,
    facts: Facts,
    top: &'a Synth,
    headline: &'a Measured,
    series: &'a [(Synth, Measured)],
    hello: &'a Synth,
    hello_results: &'a Measured,
    footprint: Option<&'a Vec<FootprintRow>>,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

impl Report<'_> {
    fn render(&self) -> String {
        let mut md = String::new();
        let f = &self.facts;
        md.push_str(&format!(
            "Command: `{COMMAND}{}` (rounds: {}; medians; tools alternate within each round).\n\n",
            if self.options.top_lines != 80_000 {
                format!(" --lines {}", self.options.top_lines)
            } else {
                String::new()
            },
            self.options.rounds
        ));
        md.push_str("| machine | |\n|---|---|\n");
        md.push_str(&format!("| date | {} |\n", f.date));
        md.push_str(&format!("| `nproc` | {} |\n", f.nproc));
        md.push_str(&format!("| CPU | {} |\n", f.cpu));
        md.push_str(&format!("| rustc | {} |\n", f.rustc));
        md.push_str(&format!("| C compiler (`cc`) | {} |\n", f.cc));
        md.push_str(&format!("| cbindgen | {} |\n", f.cbindgen));
        md.push_str(&format!("| load average | {} |\n\n", f.load));

        md.push_str(&format!(
            "### Generation on the synthetic crate ({} lines)\n\n`{}`\n\n",
            self.top.lines, self.top.summary
        ));
        let cb = self.headline.get("cbindgen (C header)");
        md.push_str("| tool | wall time | × cbindgen | peak RSS | × cbindgen | goal |\n|---|---:|---:|---:|---:|---|\n");
        for ((label, _), s) in self.headline.tools.iter().zip(&self.headline.samples) {
            let (tr, mr) = match cb {
                Some(c) => (
                    format!(
                        "{:.2}",
                        s.wall().as_secs_f64() / c.wall().as_secs_f64().max(1e-9)
                    ),
                    format!("{:.2}", s.rss_kb() as f64 / c.rss_kb().max(1) as f64),
                ),
                None => ("–".into(), "–".into()),
            };
            let goal = match label.as_str() {
                "C header" => "≤ 0.25× time, ≤ 0.5× memory",
                "C + C# + Python" => "≤ 0.5× time",
                _ => "",
            };
            md.push_str(&format!(
                "| {label} | {} | {tr} | {} | {mr} | {goal} |\n",
                ms(s.wall()),
                mb(s.rss_kb())
            ));
        }
        md.push_str("\nPeak RSS is the largest process of the tree: with the layout check on, that can be the C compiler.\n\nCommands:\n\n");
        for (label, command) in &self.headline.tools {
            md.push_str(&format!("- {label}: `{command}`\n"));
        }

        md.push_str("\n### Where the time goes (same runs, median per stage)\n\n");
        let staged: Vec<(&String, &Samples)> = self
            .headline
            .tools
            .iter()
            .map(|(l, _)| l)
            .zip(&self.headline.samples)
            .filter(|(_, s)| !s.stages.is_empty())
            .collect();
        let mut order: Vec<String> = Vec::new();
        for (_, s) in &staged {
            for name in &s.stage_order {
                if !order.contains(name) {
                    order.push(name.clone());
                }
            }
        }
        md.push_str("| stage |");
        for (l, _) in &staged {
            md.push_str(&format!(" {l} |"));
        }
        md.push_str("\n|---|");
        for _ in &staged {
            md.push_str("---:|");
        }
        md.push('\n');
        for name in order.iter().filter(|n| n.as_str() != "model") {
            md.push_str(&format!("| {name} |"));
            for (_, s) in &staged {
                match s.stages.get(name) {
                    Some(v) => md.push_str(&format!(" {} |", ms(median(v)))),
                    None => md.push_str(" |"),
                }
            }
            md.push('\n');
        }

        md.push_str("\n### Scaling (median wall time; ms per 1k lines in parentheses)\n\n");
        md.push_str("| lines | C header | C + C# + Python | cbindgen |\n|---:|---:|---:|---:|\n");
        for (krate, m) in self.series {
            md.push_str(&format!("| {} |", krate.lines));
            for label in ["C header", "C + C# + Python", "cbindgen (C header)"] {
                match m.get(label) {
                    Some(s) => md.push_str(&format!(
                        " {} ({:.1}) |",
                        ms(s.wall()),
                        s.wall().as_secs_f64() * 1e6 / krate.lines.max(1) as f64
                    )),
                    None => md.push_str(" – |"),
                }
            }
            md.push('\n');
        }
        md.push_str(&format!("\n{}\n", self.linearity()));

        md.push_str(&format!(
            "\n### Build script run time, hello_world size ({} lines)\n\n",
            self.hello.lines
        ));
        md.push_str("| how | wall time (median) | peak RSS |\n|---|---:|---:|\n");
        for ((label, _), s) in self
            .hello_results
            .tools
            .iter()
            .zip(&self.hello_results.samples)
        {
            md.push_str(&format!(
                "| {label}, release build of the generator, whole process, layout check on | {} | {} |\n",
                ms(s.wall()),
                mb(s.rss_kb())
            ));
        }
        if let Some(rows) = self.footprint {
            for r in rows {
                if let (Some(c), Some(ch), Some(re)) =
                    (r.script_cold, r.script_rerun_checked, r.script_rerun)
                {
                    md.push_str(&format!(
                        "| {} in a real `build.rs` (build dependencies at cargo's default opt-level 0): in the cold build / rerun after a comment edit, C compiler run again / rerun, check not repeated | {} / {} / {} | |\n",
                        r.label,
                        ms(c),
                        ms(ch),
                        ms(re)
                    ));
                }
            }
        }
        md.push_str("\nGoal: ≤ 50 ms with layout verification.\n");
        if let Some((_, s)) = self
            .hello_results
            .tools
            .first()
            .zip(self.hello_results.samples.first())
        {
            md.push_str("\nStages (median):");
            for name in s.stage_order.iter().filter(|n| n.as_str() != "model") {
                if let Some(v) = s.stages.get(name) {
                    md.push_str(&format!(" {name} {};", ms(median(v))));
                }
            }
            md.push('\n');
        }

        if let Some(rows) = self.footprint {
            md.push_str("\n### Footprint of the build dependency (cold `cargo build`, dev profile, sources already downloaded)\n\n");
            md.push_str(
                "| build-dependency | crates pulled in | cold compile |\n|---|---:|---:|\n",
            );
            for r in rows {
                md.push_str(&format!(
                    "| {} (`{}`) | {} | {} |\n",
                    r.label,
                    r.dependency,
                    r.crates,
                    ms(r.cold)
                ));
            }
            md.push_str("\nCrates: unique packages in `cargo tree -e normal,build` minus the crate itself. Goal: no worse than cbindgen.\n");
        }
        md
    }

    /// Least-squares fit of wall time against lines per tool: the slope is the cost per line,
    /// the intercept the fixed cost; linear growth shows as a steady ms per 1k lines above the
    /// fixed-cost range.
    fn linearity(&self) -> String {
        let mut out =
            String::from("Least-squares fit `time = fixed + slope × lines` over the series:");
        for label in ["C header", "C + C# + Python", "cbindgen (C header)"] {
            let points: Vec<(f64, f64)> = self
                .series
                .iter()
                .filter_map(|(k, m)| {
                    Some((k.lines as f64, m.get(label)?.wall().as_secs_f64() * 1000.0))
                })
                .collect();
            if points.len() < 2 {
                continue;
            }
            let n = points.len() as f64;
            let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
            let my = points.iter().map(|p| p.1).sum::<f64>() / n;
            let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
            let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            let syy: f64 = points.iter().map(|p| (p.1 - my).powi(2)).sum();
            let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
            let fixed = my - slope * mx;
            let r2 = if sxx > 0.0 && syy > 0.0 {
                sxy * sxy / (sxx * syy)
            } else {
                1.0
            };
            out.push_str(&format!(
                " {label}: {:.1} ms per 1k lines + {:.0} ms, R² = {r2:.4};",
                slope * 1000.0,
                fixed
            ));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_replace_only_the_marked_block() {
        let old = format!("# Title\n\nnotes before\n\n{BEGIN}\nold table\n{END}\n\nnotes after\n");
        let new = splice(&old, "new table\n");
        assert!(new.contains("notes before") && new.contains("notes after"));
        assert!(new.contains("new table") && !new.contains("old table"));
        assert_eq!(splice(&new, "new table\n"), new);
    }

    #[test]
    fn cargo_json_strings_are_read() {
        let line = r#"{"reason":"compiler-artifact","executable":"/t/release/generation-runner"}"#;
        assert_eq!(
            json_string(line, "executable").as_deref(),
            Some("/t/release/generation-runner")
        );
    }
}
