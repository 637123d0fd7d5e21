//! The csharp binding benchmark (in progress).

use crate::toolchains::Toolchains;

pub fn run(_tools: &Toolchains) -> Result<(), String> {
    Err("the csharp benchmark is not written yet".into())
}
