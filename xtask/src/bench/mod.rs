//! `cargo xtask bench [csharp|python|…]`: benchmark commands whose results tables live in
//! `benchmarks/*.md` (linked from `BENCHMARKS.md`). Never part of `cargo xtask test`.

mod csharp;
mod python;

use crate::toolchains::Toolchains;

pub fn run(tools: &Toolchains, args: &[String]) -> Result<(), String> {
    let which: Vec<&str> = if args.is_empty() {
        vec!["csharp", "python"]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for name in which {
        match name {
            "csharp" => csharp::run(tools)?,
            "python" => python::run(tools)?,
            other => return Err(format!("unknown benchmark `{other}` (csharp, python)")),
        }
    }
    Ok(())
}
