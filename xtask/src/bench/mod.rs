//! `cargo xtask bench [csharp|python|…]`: benchmark commands whose results tables live in
//! `benchmarks/*.md` (linked from `BENCHMARKS.md`). Never part of `cargo xtask test`.

mod csharp;
mod generation;
mod machine;
mod python;
mod reference;

use crate::toolchains::Toolchains;

pub fn run(tools: &Toolchains, args: &[String]) -> Result<(), String> {
    let which: Vec<&str> = if args.is_empty() {
        vec!["csharp", "python", "generation"]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for (i, name) in which.iter().enumerate() {
        match *name {
            "csharp" => csharp::run(tools)?,
            "python" => python::run(tools)?,
            // Everything after `generation` is its own options (`--quick`, `--rounds N`, …).
            "generation" => return generation::run(tools, args.get(i + 1..).unwrap_or_default()),
            other => {
                return Err(format!(
                    "unknown benchmark `{other}` (csharp, python, generation)"
                ))
            }
        }
    }
    Ok(())
}
