//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::Parser;

/// Generates C, C# and Python bindings for a crate's `extern "C"` API — the same pipeline
/// `interoptopus-build` runs from a build script, for any crate on disk.
///
/// With no language flag, the languages and folder of `interoptopus.toml` (`[c]`, `[csharp]`,
/// `[python]`, `out_dir`) are used.
#[derive(Debug, Parser)]
#[command(name = "interoptopus", version)]
pub struct Args {
    /// The crate's manifest.
    #[arg(long, value_name = "PATH", default_value = "Cargo.toml")]
    pub manifest_path: PathBuf,
    /// Configuration file (default: `interoptopus.toml` next to the manifest, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the C header here.
    #[arg(long = "c", value_name = "PATH")]
    pub c: Option<PathBuf>,
    /// Write the C# file here.
    #[arg(long, value_name = "PATH")]
    pub csharp: Option<PathBuf>,
    /// Write the Python module here.
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Also write the model and layouts as JSON here.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Target triple whose cfg and layouts to use (default: the host).
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// Features to enable, comma- or space-separated (as for cargo).
    #[arg(long, short = 'F', value_name = "FEATURES", value_delimiter = ',')]
    pub features: Vec<String>,
    /// Enable every feature of the crate.
    #[arg(long)]
    pub all_features: bool,
    /// Do not enable the `default` feature.
    #[arg(long)]
    pub no_default_features: bool,
    /// A cfg the crate's own build script would set (`name` or `name=value`).
    #[arg(long = "cfg", value_name = "CFG")]
    pub cfgs: Vec<String>,
    /// Skip the C compiler's layout check.
    #[arg(long)]
    pub no_verify: bool,
    /// Write nothing; fail (exit code 1) if any output is missing or differs from what would
    /// be generated.
    #[arg(long)]
    pub check: bool,
}
