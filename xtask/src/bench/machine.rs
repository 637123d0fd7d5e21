//! What every benchmark records about the machine, and reading cargo's JSON messages: shared
//! by the C#, Python and generation benchmarks.

use std::process::Command;

/// The first line of a file, or of a command's output: `"unknown"` when there is none.
pub fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("unknown").trim().to_string()
}

pub fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The first line a command prints, or `"unknown"`.
pub fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| first_line(&String::from_utf8_lossy(&o.stdout)))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The 1, 5 and 15 minute load averages, space-separated.
pub fn load_average() -> String {
    let text = read("/proc/loadavg");
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.len() == 3 {
        fields.join(" ")
    } else {
        "unknown".to_string()
    }
}

pub fn cpu_model() -> String {
    read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The string value of `"key":"…"` in one line of cargo's JSON messages, unescaped. The keys
/// read here occur once per message, at the top level, before any nested object.
pub fn json_string(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_unescaped() {
        let line = r#"{"reason":"build-script-executed","package_id":"path+file:///w/integration-tests/reference#0.1.0","out_dir":"/t/a\"b\\c\u0041"}"#;
        assert_eq!(json_string(line, "out_dir").as_deref(), Some("/t/a\"b\\cA"));
        assert_eq!(
            json_string(line, "package_id").as_deref(),
            Some("path+file:///w/integration-tests/reference#0.1.0")
        );
        assert_eq!(json_string(line, "missing"), None);
        assert_eq!(json_string(r#"{"out_dir":"unterminated"#, "out_dir"), None);
    }
}
