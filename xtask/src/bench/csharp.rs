//! `cargo xtask bench csharp`: the per-call cost of the generated C# bindings against
//! hand-written minimal `[DllImport]`s of the same symbols, on Mono, in one process.
//!
//! Builds the reference cdylib in release mode with its `patterns` feature (its build script
//! writes `Reference.cs`),
//! compiles `benchmarks/csharp/Bench.cs` with it, runs it, and turns its `RESULT` lines into
//! the markdown table in `benchmarks/csharp.md` (also printed).

use super::machine::{command_line, cpu_model, load_average};
use std::process::Command;

use crate::toolchains::Toolchains;
use crate::{root, run as run_command};

const COMMAND: &str = "cargo xtask bench csharp";
const ROUNDS: u32 = 61;
const TARGET_MS: u32 = 20;
const GOAL: f64 = 1.05;

pub fn run(_tools: &Toolchains) -> Result<(), String> {
    let (bindings, lib_dir) = super::reference::build_release()?;
    if !bindings.join("Reference.cs").is_file() {
        return Err(format!("no Reference.cs in {}", bindings.display()));
    }
    if !lib_dir.join("libreference.so").is_file() {
        return Err(format!("no libreference.so in {}", lib_dir.display()));
    }
    let work = lib_dir.join("bench-csharp");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let exe = work.join("Bench.exe");
    let source = root().join("benchmarks").join("csharp").join("Bench.cs");
    run_command(
        Command::new("mcs")
            .args([
                "-langversion:7.2",
                "-warnaserror",
                "-unsafe",
                "-optimize+",
                "-nologo",
            ])
            .arg(format!("-out:{}", exe.display()))
            .arg(bindings.join("Reference.cs"))
            .arg(&source),
    )?;

    let load_before = load_average();
    eprintln!("xtask: running the benchmark ({ROUNDS} rounds, ~{TARGET_MS} ms per side and round)");
    let mut cmd = Command::new("mono");
    cmd.arg(&exe)
        .arg(ROUNDS.to_string())
        .arg(TARGET_MS.to_string())
        .current_dir(&work)
        .env("LD_LIBRARY_PATH", &lib_dir);
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start mono: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "Bench.exe failed ({}):\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let results = parse_results(&stdout)?;
    let facts = Facts {
        nproc: command_line("nproc", &[]),
        cpu: cpu_model(),
        mono: command_line("mono", &["--version"]),
        date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        rustc: command_line("rustc", &["--version"]),
        load: format!("{load_before} before, {} after", load_average()),
    };
    let markdown = render(&facts, &results);
    println!("{markdown}");
    let out = root().join("benchmarks").join("csharp.md");
    std::fs::write(&out, &markdown).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("xtask: wrote {}", out.display());
    Ok(())
}

/// One `RESULT <case> <generated ns> <hand ns> <ratio> <p25> <p75> <n> <rounds> <generated
/// fastest> <hand fastest>` line.
struct Row {
    case: String,
    generated: f64,
    hand: f64,
    ratio: f64,
    p25: f64,
    p75: f64,
    calls: u64,
    generated_min: f64,
    hand_min: f64,
}

fn parse_results(stdout: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for line in stdout.lines().filter(|l| l.starts_with("RESULT ")) {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.len() != 11 {
            return Err(format!("cannot read `{line}`"));
        }
        let num = |i: usize| -> Result<f64, String> {
            w[i].parse::<f64>()
                .map_err(|e| format!("`{line}`: `{}`: {e}", w[i]))
        };
        rows.push(Row {
            case: w[1].to_string(),
            generated: num(2)?,
            hand: num(3)?,
            ratio: num(4)?,
            p25: num(5)?,
            p75: num(6)?,
            calls: w[7]
                .parse()
                .map_err(|e| format!("`{line}`: `{}`: {e}", w[7]))?,
            generated_min: num(9)?,
            hand_min: num(10)?,
        });
    }
    if rows.is_empty() {
        return Err(format!("Bench.exe printed no results:\n{stdout}"));
    }
    Ok(rows)
}

struct Facts {
    nproc: String,
    cpu: String,
    mono: String,
    date: String,
    rustc: String,
    load: String,
}

fn describe(case: &str) -> (&'static str, &'static str) {
    match case {
        "noop" => ("empty call", "`bench_noop()`"),
        "add" => ("primitive call", "`bench_add(i32, i32) -> i32`"),
        "vec3" => ("3-float struct by value", "`bench_vec3(Vec3) -> Vec3`"),
        "callback" => (
            "callback round trip",
            "`bench_callback(fn(u32) -> u32, u32)`; hand-written passes the delegate",
        ),
        "callback_ptr" => (
            "callback round trip, vs. a pointer",
            "same; hand-written passes an `IntPtr` made once",
        ),
        "slice_f32_1" => (
            "slice of 1 `f32`",
            "`pattern_sum_f32(Slice<f32>) -> FfiResult<f32, _>`; generated takes a `float[]`",
        ),
        "slice_f32_1k" => ("slice of 1 000 `f32`", "same"),
        "slice_f32_1m" => ("slice of 1 000 000 `f32`", "same"),
        "string_in" => (
            "string in",
            "`pattern_count_chars(StrView) -> FfiResult<u32, _>`, 14 chars; both encode UTF-8",
        ),
        "string_out" => (
            "string out",
            "`pattern_greet(StrView) -> OwnedString`: copy to `string`, then free",
        ),
        "service" => (
            "service method",
            "`Engine::sum(&self) -> f32`; generated `Engine.Sum()`, hand-written `engine_sum(IntPtr)`",
        ),
        "error" => (
            "error path, exception",
            "`pattern_check_even(1) -> PatternError` (an error); generated throws and catches `PatternErrorException`, hand-written checks the code",
        ),
        "error_raw" => (
            "error path, raw overload",
            "same; generated `Api.Raw.PatternCheckEven` checks the code",
        ),
        _ => ("?", "?"),
    }
}

/// Whether the issue-3 goal applies: the per-call rows only; the pattern rows (issue 5) have
/// no ratio goal and are there to show the costs.
fn has_goal(case: &str) -> bool {
    matches!(case, "noop" | "add" | "vec3" | "callback" | "callback_ptr")
}

fn render(facts: &Facts, rows: &[Row]) -> String {
    let mut md = String::new();
    md.push_str("# C# bindings: per-call overhead on Mono\n\n");
    md.push_str(&format!("Command: `{COMMAND}` (writes this file)\n\n"));
    md.push_str("| | |\n|---|---|\n");
    md.push_str(&format!("| date | {} |\n", facts.date));
    md.push_str(&format!("| CPU | {} |\n", facts.cpu));
    md.push_str(&format!("| `nproc` | {} |\n", facts.nproc));
    md.push_str(&format!("| load average (1/5/15 min) | {} |\n", facts.load));
    md.push_str(&format!("| runtime | {} |\n", facts.mono));
    md.push_str(&format!("| Rust | {} |\n", facts.rustc));
    md.push_str(
        "| build | reference cdylib `cargo build --release --features patterns`; `Reference.cs` + `benchmarks/csharp/Bench.cs` with `mcs -langversion:7.2 -optimize+ -unsafe`; run with `mono` (default JIT) |\n\n",
    );
    md.push_str(&format!(
        "Each case is a loop of *m* calls, the same loop on both sides. After a half-second \
         warm-up, *m* is calibrated so a chunk takes about {TARGET_MS}/50 ms. Each of {ROUNDS} \
         rounds runs 50 generated and 50 hand-written chunks interleaved (alternating which goes \
         first), so both sides see the same machine state; *n* is the calls per side and round. \
         Times are the median over rounds of ns per call (loop included); the ratio is the median \
         of the per-round ratios generated / hand-written, the spread their 25th–75th \
         percentile; the last column compares each side's fastest round, the one least disturbed \
         by other processes. The hand-written side is a minimal \
         `[DllImport(\"reference\", CallingConvention = Cdecl)] static extern` per symbol with \
         its own `Vec3` struct and callback delegate. Goal (issue 3): ratio ≤ {GOAL:.2}.\n\n"
    ));
    md.push_str("| call | Rust signature | n | generated ns/call | hand-written ns/call | ratio | per-round spread | fastest rounds | goal |\n");
    md.push_str("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    for r in rows {
        let (what, sig) = describe(&r.case);
        let goal = if !has_goal(&r.case) {
            "—"
        } else if r.ratio <= GOAL {
            "met"
        } else {
            "**missed**"
        };
        md.push_str(&format!(
            "| {what} | {sig} | {} | {:.2} | {:.2} | {:.3} | {:.3}–{:.3} | {:.2} / {:.2} = {:.3} | {goal} |\n",
            r.calls,
            r.generated,
            r.hand,
            r.ratio,
            r.p25,
            r.p75,
            r.generated_min,
            r.hand_min,
            r.generated_min / r.hand_min
        ));
    }
    md.push_str(
        "\nThe generated callback parameter is a one-`IntPtr` struct taken from a \
         `FnU32RetU32Handle` (the handle roots the delegate), so the call passes a ready \
         pointer; a hand-written delegate parameter is marshalled to its native thunk on \
         every call. The last row compares with the leaner hand-written form that passes a \
         pointer too (the generated side then pays for the handle's conversion).\n",
    );
    md.push_str(
        "\nThe pattern rows (issue 5) use the reference built with `--features patterns`; the \
         hand-written side declares its own pointer + length, result and owned-string structs, \
         pins arrays with `fixed`, encodes strings with `Encoding.UTF8`, frees owned strings \
         itself and checks error codes. Their goal column is \"—\": issue 5 sets no ratio, it \
         asks that slices are not copied, which shows as a per-element cost that is Rust's own \
         summing (compare the 1, 1 000 and 1 000 000 rows: the fixed part is the 1-element \
         row, the rest grows with the work Rust does on the data, the same on both sides). \
         The exception row is expected to be far above 1: a .NET exception costs microseconds \
         on Mono, which is why the raw error-code overloads stay available (next row).\n",
    );
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_parsed_and_rendered() {
        let rows = parse_results(
            "rounds 3\nRESULT noop 10.000 9.800 1.0204 1.0000 1.0300 1024000 3 9.000 9.000\nchecksum 1\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].calls, 1_024_000);
        let facts = Facts {
            nproc: "2".into(),
            cpu: "cpu".into(),
            mono: "Mono".into(),
            date: "today".into(),
            rustc: "rustc".into(),
            load: "0".into(),
        };
        let md = render(&facts, &rows);
        assert!(md.contains("| empty call | `bench_noop()` | 1024000 | 10.00 | 9.80 | 1.020 | 1.000–1.030 | 9.00 / 9.00 = 1.000 | met |"), "{md}");
        assert!(parse_results("no results").is_err());
        assert!(parse_results("RESULT noop x").is_err());
    }
}
