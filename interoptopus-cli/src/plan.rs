//! What to generate and where: the configuration file's settings, narrowed by the command
//! line's language flags.

use std::path::{Path, PathBuf};

use interoptopus_build::config::{self, Settings};

use crate::args::Args;
use crate::Failure;

pub struct Plan {
    pub settings: Settings,
    /// Paths named on the command line; each output whose file name matches goes there.
    pub destinations: Vec<PathBuf>,
    /// Where the other outputs go (the configuration's `out_dir`).
    pub out_dir: Option<PathBuf>,
}

/// Reads the configuration (explicit, or `interoptopus.toml` next to the manifest when there
/// is one) and applies the flags: with any language flag, exactly the flagged languages are
/// generated, each into its path, keeping the file's other options for that language.
pub fn make(args: &Args, manifest_dir: &Path) -> Result<Plan, Failure> {
    let path = match &args.config {
        Some(p) => p.clone(),
        None => manifest_dir.join(config::FILE_NAME),
    };
    let text = config::read(&path).map_err(|d| Failure::Setup(d.message))?;
    let mut settings = match text {
        Some(text) => config::parse(&path, &text).map_err(|ds| {
            let sources = [(path.clone(), text)].into_iter().collect();
            Failure::Crate(
                ds.iter()
                    .map(|d| interoptopus_build::render::render(d, &sources) + "\n")
                    .collect(),
            )
        })?,
        None if args.config.is_some() => {
            return Err(Failure::Setup(format!(
                "configuration file {} does not exist",
                path.display()
            )))
        }
        None => Settings::default(),
    };
    let flagged = args.c.is_some() || args.csharp.is_some() || args.python.is_some();
    let mut destinations = Vec::new();
    let mut name_of = |p: &PathBuf| -> Result<String, Failure> {
        destinations.push(p.clone());
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Failure::Setup(format!("`{}` is not a file path", p.display())))
    };
    if flagged {
        settings.c = match &args.c {
            Some(p) => Some(settings.c.take().unwrap_or_default().file(name_of(p)?)),
            None => None,
        };
        settings.csharp = match &args.csharp {
            Some(p) => Some(settings.csharp.take().unwrap_or_default().file(name_of(p)?)),
            None => None,
        };
        settings.python = match &args.python {
            Some(p) => Some(settings.python.take().unwrap_or_default().file(name_of(p)?)),
            None => None,
        };
        settings.json = None;
    }
    if let Some(p) = &args.json {
        settings.json = Some(name_of(p)?);
    }
    let out_dir = settings.out_dir.take();
    if !flagged && out_dir.is_none() {
        return Err(Failure::Setup(
            "nothing to write: pass --c/--csharp/--python PATH, or set `out_dir` in interoptopus.toml"
                .into(),
        ));
    }
    Ok(Plan {
        settings,
        destinations,
        out_dir,
    })
}
