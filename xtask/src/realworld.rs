//! `cargo xtask realworld`: public crates with a hand-written C API, used as a new user would.
//!
//! For each crate: download the published version from crates.io (through `cargo fetch`),
//! copy it under `target/realworld/`, delete the header it ships (so its C programs can only
//! find ours), build the library, generate the header with the `interoptopus` CLI and the
//! configuration in `realworld/<crate>/interoptopus.toml`, check `--check` agrees, then compile
//! the crate's own C programs with the flags the crate uses and run them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run};

/// One C program shipped in the crate.
struct Program {
    /// Source, relative to the crate.
    source: &'static str,
    /// Working directory for the run, relative to the crate (programs read data files).
    cwd: &'static str,
    cflags: &'static [&'static str],
    /// What its output must contain.
    expect: &'static str,
    /// A file (relative to the crate) piped through the program and back through it with
    /// `-d`, which must give the file again (compressors).
    roundtrip: Option<&'static str>,
    /// Runs allowed: sysinfo's example races its own threads (it passes a GCC nested function
    /// to `pthread_create`), with the crate's own header too.
    attempts: u32,
}

struct RealCrate {
    name: &'static str,
    version: &'static str,
    /// Arguments to `cargo` that build the library (release, with the C API's features).
    build: &'static [&'static str],
    /// Features etc. for the CLI, as for the build.
    cli: &'static [&'static str],
    /// The library to link (`-l…`) and the header name the programs include.
    lib: &'static str,
    header: &'static str,
    /// Headers shipped in the crate, removed from the copy.
    shipped_headers: &'static [&'static str],
    /// `cargo update -p … --precise …` pins, for crates without a lock file.
    pins: &'static [(&'static str, &'static str)],
    programs: &'static [Program],
}

const CRATES: &[RealCrate] = &[
    RealCrate {
        name: "rure",
        version: "0.2.5",
        build: &["build", "--release"],
        cli: &[],
        lib: "rure",
        header: "rure.h",
        shipped_headers: &["include/rure.h"],
        pins: &[],
        programs: &[
            Program {
                source: "ctest/test.c",
                cwd: ".",
                cflags: &["-DDEBUG", "-ansi", "-Wall", "-Werror"],
                expect: "PASSED: test_escape",
                attempts: 1,
                roundtrip: None,
            },
            Program {
                source: "examples/iter.c",
                cwd: "examples",
                cflags: &["-O3", "-DDEBUG", "-ansi", "-Wall", "-Werror"],
                expect: "(match at: ",
                attempts: 1,
                roundtrip: None,
            },
        ],
    },
    RealCrate {
        name: "gitoid",
        version: "0.3.0",
        build: &["build", "--release"],
        cli: &[],
        lib: "gitoid",
        header: "gitoid.h",
        shipped_headers: &[],
        // url 2.5 pulls in ICU through idna; 2.4.1 is what the crate was released against.
        pins: &[("url", "2.4.1")],
        programs: &[Program {
            source: "test/c/test.c",
            cwd: ".",
            cflags: &["--std=c99", "-Wall", "-Wextra", "-Werror"],
            expect: "[7/7] TESTING: test_test_gitoid_validity... PASSED",
            attempts: 1,
            roundtrip: None,
        }],
    },
    RealCrate {
        name: "sysinfo",
        version: "0.29.11",
        build: &[
            "rustc",
            "--release",
            "--no-default-features",
            "--features=c-interface",
            "--crate-type",
            "cdylib",
        ],
        cli: &["--no-default-features", "--features", "c-interface"],
        lib: "sysinfo",
        header: "sysinfo.h",
        shipped_headers: &["src/sysinfo.h"],
        pins: &[],
        programs: &[Program {
            source: "examples/simple.c",
            cwd: ".",
            cflags: &["-lpthread"],
            expect: "total memory:",
            attempts: 3,
            roundtrip: None,
        }],
    },
    RealCrate {
        name: "libbz2-rs-sys-cdylib",
        version: "0.2.5",
        build: &["build", "--release"],
        cli: &[],
        lib: "bz2_rs",
        header: "bzlib.h",
        shipped_headers: &[],
        pins: &[],
        programs: &[Program {
            source: "bzpipe.c",
            cwd: ".",
            cflags: &["-Wall"],
            expect: "",
            attempts: 1,
            roundtrip: Some("Cargo.toml"),
        }],
    },
];

pub fn run_realworld(only: &[String]) -> Result<(), String> {
    let work = root().join("target").join("realworld");
    let target_dir = work.join("target");
    run(cargo().args(["build", "--package", "interoptopus-cli"]))?;
    let cli = root().join("target").join("debug").join("interoptopus");
    let mut results = Vec::new();
    for krate in CRATES
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| o == c.name))
    {
        eprintln!("\n== {} {} ==", krate.name, krate.version);
        let outcome = one_crate(krate, &work, &target_dir, &cli);
        results.push((krate, outcome));
    }
    eprintln!("\n== summary ==");
    let mut failed = 0;
    for (krate, outcome) in &results {
        match outcome {
            Ok(lines) => {
                for line in lines {
                    eprintln!("PASS {} {}: {line}", krate.name, krate.version);
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("FAIL {} {}: {e}", krate.name, krate.version);
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} crate(s) failed"))
    }
}

fn one_crate(
    krate: &RealCrate,
    work: &Path,
    target_dir: &Path,
    cli: &Path,
) -> Result<Vec<String>, String> {
    let published = fetch(krate, work)?;
    let dir = work.join(format!("{}-{}", krate.name, krate.version));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&published, &dir)?;
    for h in krate.shipped_headers {
        std::fs::remove_file(dir.join(h)).map_err(|e| format!("{h}: {e}"))?;
    }
    let config = root()
        .join("realworld")
        .join(krate.name)
        .join("interoptopus.toml");
    std::fs::copy(&config, dir.join("interoptopus.toml"))
        .map_err(|e| format!("{}: {e}", config.display()))?;
    for (package, version) in krate.pins {
        if !dir.join("Cargo.lock").exists() {
            run(Command::new(cargo_bin())
                .current_dir(&dir)
                .arg("generate-lockfile"))?;
        }
        run(Command::new(cargo_bin()).current_dir(&dir).args([
            "update",
            "-p",
            package,
            "--precise",
            version,
        ]))?;
    }
    run(Command::new(cargo_bin())
        .current_dir(&dir)
        .args(krate.build)
        .env("CARGO_TARGET_DIR", target_dir))?;
    let lib_dir = target_dir.join("release");

    let gen = dir.join("gen");
    let header = gen.join(krate.header);
    let generate = |check: bool| {
        let mut cmd = Command::new(cli);
        cmd.arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .args(krate.cli)
            .arg("--c")
            .arg(&header);
        if check {
            cmd.arg("--check");
        }
        cmd
    };
    run(&mut generate(false))?;
    run(&mut generate(true))?;
    let mut passed = vec![format!(
        "header generated ({} lines), --check agrees",
        std::fs::read_to_string(&header)
            .map(|t| t.lines().count())
            .unwrap_or(0)
    )];

    for program in krate.programs {
        let exe = work.join(format!(
            "{}-{}",
            krate.name,
            Path::new(program.source)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        run(Command::new("gcc")
            .current_dir(&dir)
            .args(program.cflags)
            .arg("-I")
            .arg(&gen)
            .arg("-o")
            .arg(&exe)
            .arg(program.source)
            .arg(format!("-L{}", lib_dir.display()))
            .arg(format!("-l{}", krate.lib))
            .arg(format!("-Wl,-rpath,{}", lib_dir.display())))?;
        if let Some(input) = program.roundtrip {
            roundtrip(&exe, &dir.join(input))?;
            passed.push(format!(
                "{} compiled with `gcc {}` against our header; {input} compressed and decompressed by it comes back identical",
                program.source,
                program.cflags.join(" ")
            ));
            continue;
        }
        let mut last = String::new();
        let mut ok = false;
        for attempt in 1..=program.attempts {
            let out = Command::new(&exe)
                .current_dir(dir.join(program.cwd))
                .output()
                .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if out.status.success() && text.contains(program.expect) {
                ok = true;
                passed.push(format!(
                    "{} compiled with `gcc {}` against our header, ran (attempt {attempt}), printed `{}`",
                    program.source,
                    program.cflags.join(" "),
                    program.expect
                ));
                break;
            }
            last = format!("{} (exit {})\n{text}", program.source, out.status);
        }
        if !ok {
            return Err(last);
        }
    }
    Ok(passed)
}

/// `exe < input | exe -d` must give `input` back.
fn roundtrip(exe: &Path, input: &Path) -> Result<(), String> {
    use std::process::Stdio;
    let original = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let pipe = |args: &[&str], data: &[u8]| -> Result<Vec<u8>, String> {
        let mut child = Command::new(exe)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        let data = data.to_vec();
        let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &data));
        let out = child.wait_with_output().map_err(|e| format!("{e}"))?;
        let _ = writer.join();
        if !out.status.success() {
            return Err(format!(
                "{} {args:?} failed with {}",
                exe.display(),
                out.status
            ));
        }
        Ok(out.stdout)
    };
    let packed = pipe(&[], &original)?;
    let unpacked = pipe(&["-d"], &packed)?;
    if unpacked == original && packed != original {
        Ok(())
    } else {
        Err(format!(
            "{} did not round-trip {}",
            exe.display(),
            input.display()
        ))
    }
}

fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The published source of `krate`, downloaded by `cargo fetch` of a project that depends on
/// exactly that version.
fn fetch(krate: &RealCrate, work: &Path) -> Result<PathBuf, String> {
    let project = work.join("fetch").join(krate.name);
    std::fs::create_dir_all(project.join("src")).map_err(|e| format!("{e}"))?;
    let manifest = format!(
        "[package]\nname = \"fetch-{0}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dependencies]\n{0} = {{ version = \"={1}\", default-features = false }}\n",
        krate.name, krate.version
    );
    std::fs::write(project.join("Cargo.toml"), manifest).map_err(|e| format!("{e}"))?;
    std::fs::write(project.join("src/lib.rs"), "").map_err(|e| format!("{e}"))?;
    run(Command::new(cargo_bin()).current_dir(&project).arg("fetch"))?;
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let sources = cargo_home.join("registry").join("src");
    let wanted = format!("{}-{}", krate.name, krate.version);
    std::fs::read_dir(&sources)
        .map_err(|e| format!("{}: {e}", sources.display()))?
        .filter_map(Result::ok)
        .map(|index| index.path().join(&wanted))
        .find(|p| p.join("Cargo.toml").is_file())
        .ok_or_else(|| format!("{wanted} is not under {}", sources.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("{e}"))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
