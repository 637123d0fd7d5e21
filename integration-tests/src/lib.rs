//! Shared support for the runtime tests: building the reference crate for a target, finding
//! its bindings and cdylib, and running the language toolchains (a missing one is a failure
//! that names the install command, never a skip).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use interoptopus_core::{Layouts, Model};

/// The workspace root (parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Target folder for crates these tests build, separate from the one `cargo test` holds.
pub fn test_target_dir() -> PathBuf {
    workspace_root().join("target").join("it")
}

/// A scratch folder under the test target dir, emptied first.
pub fn scratch(name: &str) -> PathBuf {
    let dir = test_target_dir().join("scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// The reference crate built for one target.
pub struct Built {
    /// `lib<name>.so` for the target.
    pub cdylib: PathBuf,
    /// `$OUT_DIR/bindings` of the build.
    pub bindings: PathBuf,
    pub model: Model,
    pub layouts: Layouts,
}

/// Builds a package of this workspace (for `target`, or the host) and returns its cdylib and
/// generated bindings.
pub fn build_package(package: &str, target: Option<&str>) -> Built {
    build_package_with(package, target, &[], &test_target_dir())
}

/// Like [`build_package`], with cargo features on and into its own target folder (so that a
/// build with other features never replaces the cdylib another test is running).
pub fn build_package_with(
    package: &str,
    target: Option<&str>,
    features: &[&str],
    target_dir: &Path,
) -> Built {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(workspace_root())
        .args([
            "build",
            "--quiet",
            "--package",
            package,
            "--message-format=json-render-diagnostics",
        ])
        .env("CARGO_TARGET_DIR", target_dir);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    let output = run(&mut cmd, "cargo build");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut cdylib = None;
    let mut out_dir = None;
    for message in cargo_metadata::Message::parse_stream(stdout.as_bytes()).flatten() {
        match message {
            cargo_metadata::Message::CompilerArtifact(a) if a.target.name == package => {
                if let Some(f) = a
                    .filenames
                    .iter()
                    .find(|f| f.extension() == Some(dylib_extension()))
                {
                    cdylib = Some(f.clone().into_std_path_buf());
                }
            }
            cargo_metadata::Message::BuildScriptExecuted(b)
                if b.package_id.repr.contains(&format!("#{package}@"))
                    || b.package_id.repr.contains(&format!("/{package}#")) =>
            {
                out_dir = Some(b.out_dir.clone().into_std_path_buf());
            }
            _ => {}
        }
    }
    let cdylib = cdylib.unwrap_or_else(|| panic!("no cdylib for {package} in cargo's output"));
    let out_dir =
        out_dir.unwrap_or_else(|| panic!("no build script output for {package} in cargo's output"));
    let bindings = out_dir.join("bindings");
    let json_path = bindings.join(format!("{package}.json"));
    let (model, layouts) = match std::fs::read_to_string(&json_path) {
        Ok(text) => {
            let doc: interoptopus_core::ModelDocument = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
            (doc.model, doc.layouts)
        }
        Err(_) => (
            Model::new(package, package),
            Layouts {
                target: interoptopus_core::TargetInfo::x86_64_linux(),
                types: vec![],
            },
        ),
    };
    Built {
        cdylib,
        bindings,
        model,
        layouts,
    }
}

fn dylib_extension() -> &'static str {
    if cfg!(target_os = "macos") {
        "dylib"
    } else if cfg!(windows) {
        "dll"
    } else {
        "so"
    }
}

/// Runs a command and fails the test with its output unless it succeeds.
pub fn run(cmd: &mut Command, what: &str) -> Output {
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {:?}: {e}", cmd.get_program()));
    if !output.status.success() {
        panic!(
            "{what} failed ({}):\n--- command: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            output.status,
            cmd,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

/// Finds a tool on PATH; a missing tool fails the test and says how to install it.
pub fn require_tool(name: &str, install: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("`{name}` is not installed; install it with: {install}");
}

/// Reads the closing `N passed, M failed` line of a test program and fails unless M is 0
/// and N is positive.
pub fn assert_all_passed(output: &Output, what: &str) -> u32 {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .unwrap_or_else(|| panic!("{what}: no summary line in output:\n{stdout}"));
    let nums: Vec<u32> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let (passed, failed) = match nums.as_slice() {
        [p, f, ..] => (*p, *f),
        _ => panic!("{what}: cannot read summary `{line}`"),
    };
    assert_eq!(failed, 0, "{what}: {failed} checks failed:\n{stdout}");
    assert!(passed > 0, "{what}: no checks ran:\n{stdout}");
    println!("{what}: {line}");
    passed
}

/// Writes a standalone crate (its own workspace) that uses this repository's crates by path,
/// for tests that need a real `cargo build` of a crate they edit.
pub fn scratch_crate(name: &str, lib_rs: &str, build_rs: &str) -> PathBuf {
    let dir = scratch(name);
    let root = workspace_root();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n\
         [dependencies]\ninteroptopus = {{ path = \"{}\" }}\n\n[build-dependencies]\ninteroptopus-build = {{ path = \"{}\", default-features = false }}\n",
        root.join("interoptopus").display(),
        root.join("interoptopus-build").display()
    );
    let write = |path: &str, text: &str| {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&full, text).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    };
    write("Cargo.toml", &manifest);
    write("src/lib.rs", lib_rs);
    write("build.rs", build_rs);
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    dir
}

/// `cargo build --offline` in `dir` with the shared test target dir; returns the output
/// without judging it.
pub fn cargo_build_in(dir: &Path, extra: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(["build", "--offline"])
        .args(extra)
        .env("CARGO_TARGET_DIR", test_target_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"))
}

/// Copies `integration-tests/fixtures/<name>` into a scratch folder (so building it leaves no
/// `Cargo.lock` or target in the source tree), pointing the relative paths of its manifests
/// that lead back into this repository at the repository, and reusing its lock file.
pub fn scratch_fixture(name: &str) -> PathBuf {
    let root = workspace_root();
    let fixture = fixture_dir(name);
    let dir = scratch(name);
    copy_fixture_dir(&fixture, &dir, &root);
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("Cargo.lock: {e}"));
    dir
}

fn copy_fixture_dir(from: &Path, to: &Path, root: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            copy_fixture_dir(&path, &to.join(&name), root);
        } else if name == "Cargo.toml" {
            // `"../../../interoptopus"` from `fixtures/x/`, one more `../` per level below.
            let depth = from
                .strip_prefix(root)
                .map_or(0, |p| p.components().count());
            let up = format!("\"{}", "../".repeat(depth));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            let text = text.replace(&up, &format!("\"{}/", root.display()));
            std::fs::write(to.join(&name), text).unwrap_or_else(|e| panic!("{e}"));
        } else {
            std::fs::copy(&path, to.join(&name))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// Compiles `integration-tests/c/<source>` with `compiler` and `flags` against the bindings
/// of `built`, links its cdylib, runs the program, and returns what it printed.
pub fn compile_and_run_c(
    built: &Built,
    compiler: &str,
    flags: &[&str],
    source: &str,
    label: &str,
) -> Output {
    let dir = scratch(label);
    let exe = dir.join("program");
    let lib_dir = built.cdylib.parent().unwrap_or(Path::new("."));
    let lib = built
        .cdylib
        .file_stem()
        .and_then(|s| s.to_str())
        .map_or("", |s| s.trim_start_matches("lib"))
        .to_string();
    run(
        Command::new(compiler)
            .args(flags)
            .arg("-I")
            .arg(&built.bindings)
            .arg(workspace_root().join("integration-tests/c").join(source))
            .arg("-L")
            .arg(lib_dir)
            .arg(format!("-l{lib}"))
            .arg("-o")
            .arg(&exe),
        &format!("{compiler} {source} ({label})"),
    );
    run(
        Command::new(&exe).env("LD_LIBRARY_PATH", lib_dir),
        &format!("{source} ({label})"),
    )
}

/// The hello_world example's library source, for tests that build variants of it.
pub fn hello_world_lib() -> String {
    std::fs::read_to_string(workspace_root().join("examples/hello_world/src/lib.rs"))
        .unwrap_or_else(|e| panic!("hello_world source: {e}"))
}

/// A standalone fixture crate's folder in the repository (`integration-tests/fixtures/<name>`).
pub fn fixture_dir(name: &str) -> PathBuf {
    workspace_root()
        .join("integration-tests/fixtures")
        .join(name)
}

/// Copies a folder tree, leaving out `target` folders and lock files.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// `cargo build --offline` of the crate `package` in `dir` with `features`, into the shared
/// test target dir; returns its cdylib and the folder its build script wrote bindings to.
pub fn build_fixture(dir: &Path, package: &str, features: &[&str]) -> (PathBuf, PathBuf) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir)
        .args([
            "build",
            "--offline",
            "--quiet",
            "--message-format=json-render-diagnostics",
            "--package",
            package,
        ])
        .env("CARGO_TARGET_DIR", test_target_dir());
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    let output = run(&mut cmd, &format!("cargo build ({package} {features:?})"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut cdylib = None;
    let mut out_dir = None;
    for message in cargo_metadata::Message::parse_stream(stdout.as_bytes()).flatten() {
        match message {
            cargo_metadata::Message::CompilerArtifact(a) if a.target.name == package => {
                cdylib = a
                    .filenames
                    .iter()
                    .find(|f| f.extension() == Some(dylib_extension()))
                    .map(|f| f.clone().into_std_path_buf())
                    .or(cdylib);
            }
            cargo_metadata::Message::BuildScriptExecuted(b)
                if b.package_id.repr.contains(&format!("#{package}@"))
                    || b.package_id.repr.contains(&format!("/{package}#")) =>
            {
                out_dir = Some(b.out_dir.clone().into_std_path_buf());
            }
            _ => {}
        }
    }
    let cdylib = cdylib.unwrap_or_else(|| panic!("no cdylib in cargo's output:\n{stdout}"));
    let out_dir = out_dir.unwrap_or_else(|| panic!("no build script output:\n{stdout}"));
    (cdylib, out_dir.join("bindings"))
}
