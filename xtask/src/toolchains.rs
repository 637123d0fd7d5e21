//! Finding, and when missing installing, what the language tests need: C compilers (with
//! 32-bit support), Mono, valgrind, the i686 Rust target, and a Python venv with cffi, pytest
//! and mypy.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run};

pub struct Toolchains {
    /// The Python virtual environment (`target/py-venv`).
    pub venv: PathBuf,
}

/// Debian packages and the command each provides.
const APT_PACKAGES: &[(&str, &str)] = &[
    ("gcc", "gcc"),
    ("g++", "g++"),
    ("clang", "clang"),
    ("mcs", "mono-mcs"),
    ("mono", "mono-runtime"),
    // The memory test runs the C patterns program under valgrind.
    ("valgrind", "valgrind"),
];

/// Packages whose presence no command shows: 32-bit C headers and libraries.
const APT_MULTILIB: &[&str] = &["gcc-multilib", "g++-multilib"];

const PYTHON_PACKAGES: &[&str] = &["cffi", "pytest", "mypy", "numpy"];

pub fn ensure() -> Result<Toolchains, String> {
    ensure_apt()?;
    ensure_rust_target()?;
    let venv = ensure_venv()?;
    Ok(Toolchains { venv })
}

fn on_path(name: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|d| d.join(name).is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn multilib_present() -> bool {
    Path::new("/usr/include/x86_64-linux-gnu/gnu/stubs-32.h").exists()
        || Path::new("/usr/include/gnu/stubs-32.h").exists()
}

fn ensure_apt() -> Result<(), String> {
    let mut missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(cmd, _)| !on_path(cmd))
        .map(|(_, pkg)| *pkg)
        .collect();
    if !multilib_present() {
        missing.extend(APT_MULTILIB);
    }
    if missing.is_empty() {
        return Ok(());
    }
    let install = format!("apt-get install -y {}", missing.join(" "));
    if !is_root() {
        return Err(format!(
            "missing toolchains; install them with: sudo {install}"
        ));
    }
    eprintln!("xtask: installing {}", missing.join(" "));
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn ensure_rust_target() -> Result<(), String> {
    let target = "i686-unknown-linux-gnu";
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == target)
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", target]))
}

fn ensure_venv() -> Result<PathBuf, String> {
    let venv = root().join("target").join("py-venv");
    let python = venv.join("bin").join("python");
    if !python.is_file() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let has_all = Command::new(&python)
        .args(["-c", "import cffi, pytest, mypy, numpy"])
        // A fresh venv lacks them: that is the expected answer, not an error to show.
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !has_all {
        run(Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PYTHON_PACKAGES))?;
    }
    Ok(venv)
}
