//! The C compiler command of the layout check, and a record of it that spares the next run
//! the `cc` crate's detection.
//!
//! `cc` decides which compiler and which flags a target needs by running the compiler (`cc -E`
//! on a probe file to learn its family, `cc -?`): ≈ 25 ms, more than the whole rest of a
//! hello_world-size build script. Its answer depends only on the target, the host and the
//! environment (`CC`, `CFLAGS`, `PATH` …), so once found it is recorded in the check's work
//! directory under a hash of those, and a rerun with the same hash (every rebuild after an API
//! change) starts the compiler straight away. A recorded command that makes the check fail is
//! not trusted: the caller asks `cc` again and compiles once more before reporting anything
//! ([`CompilerCommand::from_record`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::c_harness::CcTarget;
use crate::diagnostic::Diagnostic;

const RECORD_FILE: &str = "interoptopus_cc_command.txt";

/// Program and arguments to start the C compiler with (the process environment is inherited).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompilerCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// Extra variables `cc` sets for the compiler (MSVC's `INCLUDE` …).
    env: Vec<(OsString, OsString)>,
    /// Read from the record rather than found by `cc` in this run.
    pub from_record: bool,
}

impl CompilerCommand {
    /// The recorded command for `target` in `work_dir`, if its hash matches this environment;
    /// otherwise `cc`'s answer, recorded for the next run.
    pub fn find(target: &CcTarget, work_dir: &Path) -> Result<CompilerCommand, Vec<Diagnostic>> {
        let key = record_key(target);
        if let Some(recorded) = read_record(&work_dir.join(RECORD_FILE), &key) {
            return Ok(recorded);
        }
        let found = Self::detect(target)?;
        found.record(work_dir, &key);
        Ok(found)
    }

    /// `cc`'s answer, without looking at the record; the record is replaced by it.
    pub fn detect_again(
        target: &CcTarget,
        work_dir: &Path,
    ) -> Result<CompilerCommand, Vec<Diagnostic>> {
        let found = Self::detect(target)?;
        found.record(work_dir, &record_key(target));
        Ok(found)
    }

    fn detect(target: &CcTarget) -> Result<CompilerCommand, Vec<Diagnostic>> {
        let mut build = cc::Build::new();
        build
            .cargo_metadata(false)
            .cargo_warnings(false)
            .opt_level(0)
            .debug(false)
            .target(&target.target)
            .host(&target.host);
        let tool = build.try_get_compiler().map_err(|e| {
            vec![Diagnostic::error(format!("layout check: no C compiler for {}: {e}", target.target))
                .hint("install a C compiler for the target (e.g. `apt-get install -y gcc gcc-multilib`), or turn the check off with `verify_layout(false)`")]
        })?;
        // `to_command` folds in a compiler wrapper and removed arguments.
        let cmd = tool.to_command();
        Ok(CompilerCommand {
            program: PathBuf::from(cmd.get_program()),
            args: cmd.get_args().map(OsString::from).collect(),
            env: tool
                .get_envs()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            from_record: false,
        })
    }

    /// A command ready for the file arguments.
    pub fn to_command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Writes the record, when it can be written as text lines and needs no variable beyond
    /// `LC_ALL=C`, which [`c_harness`](super::c_harness) sets itself (no value of the
    /// environment is written to disk). Only a shortcut: failing changes nothing.
    fn record(&self, work_dir: &Path, key: &str) {
        // `cc` asks for English messages, as the check's own command does anyway.
        if self
            .env
            .iter()
            .any(|(k, v)| (k, v) != (&"LC_ALL".into(), &"C".into()))
        {
            return;
        }
        let mut text = format!("{key}\n");
        for part in
            std::iter::once(self.program.as_os_str()).chain(self.args.iter().map(|a| a.as_os_str()))
        {
            match part.to_str() {
                Some(s) if !s.contains('\n') => {
                    text.push_str(s);
                    text.push('\n');
                }
                _ => return,
            }
        }
        if std::fs::create_dir_all(work_dir).is_ok() {
            let _ = std::fs::write(work_dir.join(RECORD_FILE), text);
        }
    }
}

fn read_record(path: &Path, key: &str) -> Option<CompilerCommand> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    let program = PathBuf::from(lines.next()?);
    Some(CompilerCommand {
        program,
        args: lines.map(OsString::from).collect(),
        env: Vec::new(),
        from_record: true,
    })
}

/// What `cc`'s answer depends on: target, host and the environment (every variable except the
/// jobserver's, which changes from one cargo run to the next), hashed.
fn record_key(target: &CcTarget) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    ("cc command", &target.target, &target.host, environment()).hash(&mut hasher);
    format!("interoptopus cc command: {:016x}", hasher.finish())
}

/// The process environment, sorted, without the variables that change on every cargo run.
pub fn environment() -> Vec<(OsString, OsString)> {
    const VOLATILE: &[&str] = &["CARGO_MAKEFLAGS", "MAKEFLAGS", "MFLAGS"];
    let mut env: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(k, _)| !VOLATILE.iter().any(|v| k == v))
        .collect();
    env.sort();
    env
}

#[cfg(all(test, target_arch = "x86_64", target_os = "linux"))]
mod tests {
    use super::*;

    fn host() -> CcTarget {
        CcTarget {
            target: "x86_64-unknown-linux-gnu".into(),
            host: "x86_64-unknown-linux-gnu".into(),
        }
    }

    #[test]
    fn the_command_cc_finds_is_recorded_and_read_back_for_the_same_environment() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let found = CompilerCommand::find(&host(), dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!found.from_record);
        let record = std::fs::read_to_string(dir.path().join(RECORD_FILE)).unwrap_or_default();
        assert!(
            record.starts_with("interoptopus cc command: "),
            "{found:?}\n{record}"
        );
        let again = CompilerCommand::find(&host(), dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(again.from_record);
        assert_eq!((&again.program, &again.args), (&found.program, &found.args));
        // Another target (or environment) has another key: `cc` is asked again.
        let other = CcTarget {
            target: "i686-unknown-linux-gnu".into(),
            host: "x86_64-unknown-linux-gnu".into(),
        };
        let m32 = CompilerCommand::find(&other, dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!m32.from_record);
        assert!(m32.args.iter().any(|a| a == "-m32"), "{m32:?}");
    }

    #[test]
    fn a_stale_record_is_replaced_when_the_check_fails_with_it() {
        use super::super::c_harness::start_c_check;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A record for this environment that names a compiler which rejects everything.
        let record = format!("{}\nfalse\n", record_key(&host()));
        std::fs::write(dir.path().join(RECORD_FILE), record).unwrap_or_else(|e| panic!("{e}"));
        let units = ["#include \"t.h\"\n_Static_assert(sizeof(T) == 4, \"T\");\n".to_string()];
        let model = interoptopus_core::Model::new("p", "p");
        let full = || interoptopus_c::LayoutHarness {
            source: units[0].clone(),
            checks: Vec::new(),
        };
        let result = start_c_check(
            "t.h",
            "typedef unsigned int T;\n",
            &units,
            dir.path(),
            &host(),
            &[Vec::new()],
        )
        .and_then(|p| p.finish(&model, dir.path(), full));
        assert!(result.is_ok(), "{result:?}");
        let record = std::fs::read_to_string(dir.path().join(RECORD_FILE)).unwrap_or_default();
        assert!(!record.contains("\nfalse\n"), "{record}");
    }
}
