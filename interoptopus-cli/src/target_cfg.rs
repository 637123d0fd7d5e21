//! The target's cfg and triples, from rustc, the way cargo hands them to a build script.

use std::process::Command;

use interoptopus_build::scan::CfgContext;

fn rustc() -> Command {
    Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
}

/// The host triple (`rustc -vV`).
pub fn host_triple() -> Result<String, String> {
    let out = rustc()
        .arg("-vV")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "`rustc -vV` did not say the host triple".to_string())
}

/// `rustc --print cfg --target <target>` with the features and extra cfgs added.
pub fn cfg_for(target: &str, features: &[String], extra: &[String]) -> Result<CfgContext, String> {
    let out = rustc()
        .args(["--print", "cfg", "--target", target])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`rustc --print cfg --target {target}` failed:\n{}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    let mut cfg = CfgContext::from_rustc_print_cfg(
        &String::from_utf8_lossy(&out.stdout),
        features.iter().map(String::as_str),
    );
    for c in extra {
        cfg = match c.split_once('=') {
            Some((name, value)) => cfg.with_cfg(name.trim(), Some(value.trim().trim_matches('"'))),
            None => cfg.with_cfg(c.trim(), None),
        };
    }
    Ok(cfg)
}
