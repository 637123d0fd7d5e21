//! The python binding benchmark (in progress).

use crate::toolchains::Toolchains;

pub fn run(_tools: &Toolchains) -> Result<(), String> {
    Err("the python benchmark is not written yet".into())
}
