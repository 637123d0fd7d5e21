//! `cargo xtask bench python`: the per-call cost of the generated Python module (cffi, ABI
//! mode) against raw cffi calls of the same symbols and against hand-written `ctypes`
//! bindings, in one process.
//!
//! Builds the reference cdylib in release mode (its build script writes `reference.py`), runs
//! `benchmarks/python/bench.py` with the test venv's interpreter, and turns its `FACT` and
//! `RESULT` lines into the markdown table in `benchmarks/python.md` (also printed).

use super::machine::{command_line, cpu_model, load_average};
use std::process::Command;

use crate::root;
use crate::toolchains::Toolchains;

const COMMAND: &str = "cargo xtask bench python";
const ROUNDS: u32 = 61;
const TARGET_MS: u32 = 10;
/// Issue 4: the generated wrapper costs at most this much of a raw cffi call.
const GOAL: f64 = 1.3;

pub fn run(tools: &Toolchains) -> Result<(), String> {
    let python = tools.venv.join("bin").join("python");
    if !python.is_file() {
        return Err(format!(
            "no Python venv at {} (run `cargo xtask setup`)",
            tools.venv.display()
        ));
    }
    let (bindings, release) = super::reference::build_release()?;
    if !bindings.join("reference.py").is_file() {
        return Err(format!(
            "no reference.py in {} (the Python bindings are generated for x86_64 only)",
            bindings.display()
        ));
    }
    let library = release.join(super::reference::dylib_name("reference"));
    if !library.is_file() {
        return Err(format!("no cdylib at {}", library.display()));
    }
    let script = root().join("benchmarks").join("python").join("bench.py");
    let load_before = load_average();
    let mut cmd = Command::new(&python);
    cmd.arg(&script)
        .arg(&bindings)
        .arg(&library)
        .arg(ROUNDS.to_string())
        .arg(TARGET_MS.to_string())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("REFERENCE_LIBRARY");
    eprintln!("xtask: running {cmd:?}");
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start {}: {e}", python.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "bench.py failed ({}):\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let report = parse(&stdout)?;
    let machine = Machine {
        date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        cpu: cpu_model(),
        nproc: command_line("nproc", &[]),
        load: format!("{load_before} before, {} after", load_average()),
        rustc: command_line("rustc", &["--version"]),
        os: command_line("uname", &["-srm"]),
    };
    let markdown = render(&machine, &report);
    println!("{markdown}");
    let out = root().join("benchmarks").join("python.md");
    std::fs::write(&out, &markdown).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("xtask: wrote {}", out.display());
    Ok(())
}

/// One call measured three ways.
#[derive(Debug)]
struct Case {
    id: String,
    label: String,
    code: [String; 3],
    /// Median ns per call: wrapper, raw cffi, ctypes.
    median: [f64; 3],
    /// Fastest round, ns per call: wrapper, raw cffi, ctypes.
    best: [f64; 3],
    /// Median of the per-round wrapper / raw ratios, and its quartiles.
    wrapper_ratio: [f64; 3],
    /// Median of the per-round ctypes / raw ratios, and its quartiles.
    ctypes_ratio: [f64; 3],
}

#[derive(Debug, Default)]
struct Report {
    facts: Vec<(String, String)>,
    cases: Vec<Case>,
}

impl Report {
    fn fact(&self, key: &str) -> &str {
        self.facts
            .iter()
            .find(|(k, _)| k == key)
            .map_or("unknown", |(_, v)| v.as_str())
    }
}

/// Reads `FACT <key> <value…>` and
/// `RESULT <id> <12 numbers> | <label> | <wrapper> | <raw> | <ctypes>` lines.
fn parse(stdout: &str) -> Result<Report, String> {
    let mut report = Report::default();
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("FACT ") {
            let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
            report.facts.push((key.to_string(), value.to_string()));
        } else if let Some(rest) = line.strip_prefix("RESULT ") {
            report
                .cases
                .push(parse_case(rest).map_err(|e| format!("`{line}`: {e}"))?);
        }
    }
    if report.cases.is_empty() {
        return Err(format!("bench.py printed no results:\n{stdout}"));
    }
    Ok(report)
}

fn parse_case(rest: &str) -> Result<Case, String> {
    let parts: Vec<&str> = rest.split(" | ").map(str::trim).collect();
    let [head, label, wrapper, raw, ctypes] = parts.as_slice() else {
        return Err("expected 5 `|`-separated parts".into());
    };
    let mut words = head.split_whitespace();
    let id = words.next().ok_or("no case id")?.to_string();
    let numbers = words
        .map(|w| w.parse::<f64>().map_err(|e| format!("`{w}`: {e}")))
        .collect::<Result<Vec<f64>, String>>()?;
    let [m0, m1, m2, b0, b1, b2, w0, w1, w2, c0, c1, c2] = numbers.as_slice() else {
        return Err(format!("expected 12 numbers, got {}", numbers.len()));
    };
    Ok(Case {
        id,
        label: (*label).to_string(),
        code: [
            (*wrapper).to_string(),
            (*raw).to_string(),
            (*ctypes).to_string(),
        ],
        median: [*m0, *m1, *m2],
        best: [*b0, *b1, *b2],
        wrapper_ratio: [*w0, *w1, *w2],
        ctypes_ratio: [*c0, *c1, *c2],
    })
}

struct Machine {
    date: String,
    cpu: String,
    nproc: String,
    load: String,
    rustc: String,
    os: String,
}

/// Whether the 1-minute load average before the run exceeded the number of CPUs.
fn busy(machine: &Machine) -> bool {
    let load = machine
        .load
        .split_whitespace()
        .next()
        .and_then(|l| l.parse::<f64>().ok());
    let cpus = machine.nproc.trim().parse::<f64>().ok();
    matches!((load, cpus), (Some(l), Some(n)) if l > n)
}

fn verdict(ratio: f64) -> &'static str {
    if ratio <= GOAL {
        "met"
    } else {
        "**missed**"
    }
}

fn render(machine: &Machine, report: &Report) -> String {
    let mut md = String::new();
    md.push_str("# Python bindings: per-call overhead (cffi, ABI mode)\n\n");
    md.push_str(&format!(
        "Command: `{COMMAND}` (writes this file; the script is `benchmarks/python/bench.py`)\n\n"
    ));
    md.push_str("| | |\n|---|---|\n");
    md.push_str(&format!("| date | {} |\n", machine.date));
    md.push_str(&format!("| CPU | {} |\n", machine.cpu));
    md.push_str(&format!("| `nproc` | {} |\n", machine.nproc));
    md.push_str(&format!(
        "| load average (1/5/15 min) | {} |\n",
        machine.load
    ));
    md.push_str(&format!("| OS | {} |\n", machine.os));
    md.push_str(&format!("| Python | {} |\n", report.fact("python")));
    md.push_str(&format!(
        "| Python build | {} |\n",
        report.fact("python_build")
    ));
    md.push_str(&format!("| cffi | {} |\n", report.fact("cffi")));
    md.push_str(&format!("| Rust | {} |\n", machine.rustc));
    md.push_str(
        "| build | reference cdylib with `cargo build --release -p reference --features patterns`; its build script \
         writes `reference.py`, imported as is |\n\n",
    );
    if busy(machine) {
        md.push_str(
            "**The machine was busy during this run** (1-minute load average above `nproc`: \
             other processes were competing for the CPUs), so medians and spreads are noisier \
             than on an idle machine; the fastest-round table below is the steadier one.\n\n",
        );
    }
    md.push_str(&format!(
        "Each call is made three ways: **wrapper** is the generated function as a user calls it \
         (`reference.bench_vec3(v)` with a `reference.Vec3`); **raw cffi** calls the function \
         object of the library `ffi.dlopen` returned, with arguments already in cffi's form \
         (what the wrapper is built on); **ctypes** uses hand-written `ctypes` declarations \
         (`argtypes`/`restype`, a `ctypes.Structure`, a `CFUNCTYPE`) of the same symbols. \
         `timeit` calibrates each statement to about {} ms per sample; then {} rounds each \
         time the three variants of a call back to back (rotating which goes first), so load \
         from other processes hits them alike. Times are the median ns per call over the \
         rounds, loop overhead included on every side (an empty `timeit` loop costs {} ns \
         here); ratios are the median of the per-round ratios, with their 25th–75th \
         percentile. Goal (issue 4): wrapper / raw ≤ {GOAL}.\n\n",
        report.fact("target_ms"),
        report.fact("rounds"),
        report.fact("loop_ns"),
    ));
    md.push_str("| call | wrapper ns | raw cffi ns | ctypes ns | wrapper / raw | spread | goal | ctypes / raw |\n");
    md.push_str("|---|---:|---:|---:|---:|---:|---|---:|\n");
    for c in &report.cases {
        md.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.2} | {:.2}–{:.2} | {} | {:.2} |\n",
            c.label,
            c.median[0],
            c.median[1],
            c.median[2],
            c.wrapper_ratio[0],
            c.wrapper_ratio[1],
            c.wrapper_ratio[2],
            verdict(c.wrapper_ratio[0]),
            c.ctypes_ratio[0],
        ));
    }
    md.push_str(
        "\nThe fastest round of each, less sensitive to other processes (ratios of the \
         minimums):\n\n",
    );
    md.push_str(
        "| call | wrapper ns | raw cffi ns | ctypes ns | wrapper / raw | goal | ctypes / raw |\n",
    );
    md.push_str("|---|---:|---:|---:|---:|---|---:|\n");
    for c in &report.cases {
        let ratio = c.best[0] / c.best[1];
        md.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.2} | {} | {:.2} |\n",
            c.label,
            c.best[0],
            c.best[1],
            c.best[2],
            ratio,
            verdict(ratio),
            c.best[2] / c.best[1],
        ));
    }
    md.push_str(
        "\nThe statements timed:\n\n| call | wrapper | raw cffi | ctypes |\n|---|---|---|---|\n",
    );
    for c in &report.cases {
        md.push_str(&format!(
            "| {} | `{}` | `{}` | `{}` |\n",
            c.id, c.code[0], c.code[1], c.code[2]
        ));
    }
    md.push_str(&notes(report));
    md
}

/// What the numbers mean: the per-call work of each wrapper (true of the generated code
/// whatever the machine), and which goals this run missed.
fn notes(report: &Report) -> String {
    let missed: Vec<&str> = report
        .cases
        .iter()
        .filter(|c| c.wrapper_ratio[0] > GOAL)
        .map(|c| c.label.as_str())
        .collect();
    let mut md = String::from("\n## Reading the numbers\n\n");
    md.push_str(
        "* **Empty and primitive calls** need no conversion, so `load()` rebinds \
         `reference.bench_noop` and `reference.bench_add` to cffi's own function objects: the \
         wrapper *is* the raw call. What differs is the name lookup: `reference.bench_add` is \
         a module attribute, while `lib.bench_add` is an attribute of cffi's library object, \
         whose class defines `__getattr__` and so is looked up more slowly. (The wrappers of \
         the other rows pay that lookup too, as `_lib.bench_vec3`.)\n\
         * **Struct by value**: the wrapper passes the cdata the `Vec3` already holds (no copy) \
         and wraps the cdata cffi returned (no copy), but it is still a Python function frame \
         plus one Python object allocated per result (`object.__new__` and three slot stores); \
         raw cffi hands back its cdata as is. That is a fixed cost, independent of the Rust \
         work, and a sizeable fraction of a cffi struct call (compare the rows' absolute \
         differences).\n\
         * **Callback round trip**: a callable whose arguments and result cffi converts by \
         itself is handed to `ffi.callback` as is (no Python trampoline), so Rust → Python \
         costs what it costs raw. What remains is the wrapper frame and one dict lookup that \
         finds the function pointer already made for that callable (a plain function is \
         converted on first use and kept for the life of the process; a callback object such \
         as `FnU32RetU32(f)` is pinned when first handed over).\n\
         * **ctypes** is what the same hand-written bindings cost without cffi.\n",
    );
    if missed.is_empty() {
        md.push_str(&format!(
            "\nEvery call met the goal (wrapper / raw ≤ {GOAL}) in this run.\n"
        ));
    } else {
        md.push_str(&format!(
            "\nGoal missed in this run (wrapper / raw > {GOAL}): {}. The overhead is the fixed \
             Python-level work listed above (a function frame and, for a struct result, one \
             Python object). Removing it would mean handing out cffi's own cdata instead of the \
             typed class, or a compiled extension module, which ABI mode (nothing compiled on \
             the user's side) rules out.\n",
            missed.join("; ")
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "FACT python CPython 3.11.7\nFACT cffi 2.1.1\nFACT rounds 3\n\
        FACT target_ms 10\nFACT loop_ns 7.5\nFACT python_build not optimized\n\
        RESULT noop 100 100 150 90 95 140 1.000 0.950 1.050 1.500 1.400 1.600 | empty call | r.bench_noop() | lib.bench_noop() | cdll.bench_noop()\n\
        RESULT vec3 600 400 450 550 380 430 1.500 1.400 1.600 1.125 1.000 1.200 | struct by value | r.bench_vec3(vec) | lib.bench_vec3(raw_vec) | cdll.bench_vec3(ct_vec)\n";

    fn machine() -> Machine {
        Machine {
            date: "today".into(),
            cpu: "cpu".into(),
            nproc: "2".into(),
            load: "0 0 0".into(),
            rustc: "rustc".into(),
            os: "Linux".into(),
        }
    }

    #[test]
    fn output_is_parsed() {
        let report = parse(OUTPUT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.fact("cffi"), "2.1.1");
        assert_eq!(report.fact("nothing"), "unknown");
        assert_eq!(report.cases.len(), 2);
        let vec3 = &report.cases[1];
        assert_eq!(vec3.id, "vec3");
        assert_eq!(vec3.median, [600.0, 400.0, 450.0]);
        assert_eq!(vec3.wrapper_ratio, [1.5, 1.4, 1.6]);
        assert_eq!(vec3.code[2], "cdll.bench_vec3(ct_vec)");
        assert!(parse("no results").is_err());
        assert!(parse("RESULT noop 1 2 | a | b | c | d").is_err());
        assert!(parse("RESULT noop 1 2 3 4 5 6 7 8 9 10 11 x | a | b | c | d").is_err());
        assert!(parse("RESULT noop 1 2 3 4 5 6 7 8 9 10 11 12 | a | b").is_err());
    }

    #[test]
    fn table_shows_ratios_and_goals() {
        let report = parse(OUTPUT).unwrap_or_else(|e| panic!("{e}"));
        let md = render(&machine(), &report);
        assert!(md.contains("Command: `cargo xtask bench python`"), "{md}");
        assert!(
            md.contains("| empty call | 100 | 100 | 150 | 1.00 | 0.95–1.05 | met | 1.50 |"),
            "{md}"
        );
        assert!(
            md.contains(
                "| struct by value | 600 | 400 | 450 | 1.50 | 1.40–1.60 | **missed** | 1.12 |"
            ),
            "{md}"
        );
        assert!(
            md.contains("| struct by value | 550 | 380 | 430 | 1.45 | **missed** | 1.13 |"),
            "{md}"
        );
        assert!(
            md.contains("| empty call | 90 | 95 | 140 | 0.95 | met | 1.47 |"),
            "{md}"
        );
        assert!(!md.contains("machine was busy"));
        let busy_machine = Machine {
            load: "3.5 3.0 2.0 before, 3.9 3.1 2.1 after".into(),
            ..machine()
        };
        assert!(render(&busy_machine, &report).contains("**The machine was busy"));
        assert!(md.contains("Goal missed in this run (wrapper / raw > 1.3): struct by value."));
        assert!(md.contains("| cffi | 2.1.1 |") && md.contains("| `nproc` | 2 |"));
    }
}
