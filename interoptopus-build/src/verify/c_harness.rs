//! The C side of layout verification: the generated header plus `_Static_assert`s over every
//! size, alignment and offset, compiled by the target's C compiler (found by the `cc` crate,
//! so cross builds use the cross compiler and flags such as `-m32`).
//!
//! With feature guards the header shows different types under different macros, and the
//! harness checks each type inside its header's `#if`. One compile per macro set
//! ([`macro_sets`]) covers them: the build's own set first, then every macro defined, then
//! whatever guard neither reaches (`!defined(..)` of a macro this build defines).
//!
//! Without guards, a large harness is split into two translation units compiled at once
//! ([`assertion_units`]); after a failure the full harness is compiled as one unit to explain it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use interoptopus_c::LayoutHarness;
use interoptopus_core::Model;

use super::cc_command::{environment, CompilerCommand};
use super::spare_core::SpareCore;
use crate::diagnostic::{Diagnostic, Location};

/// Which compiler to ask: the build's target and host triples.
#[derive(Clone, Debug)]
pub struct CcTarget {
    pub target: String,
    pub host: String,
}

impl CcTarget {
    /// From a build script's environment (`TARGET`, `HOST`).
    pub fn from_env() -> Option<CcTarget> {
        Some(CcTarget {
            target: std::env::var("TARGET").ok()?,
            host: std::env::var("HOST").ok()?,
        })
    }
}

/// Compiles the harness in `work_dir`; a mismatch becomes one diagnostic per check that
/// failed, naming the type, the field, and both numbers.
pub fn check_with_c_compiler(
    model: &Model,
    manifest_dir: &Path,
    header_name: &str,
    header: &str,
    harness: &LayoutHarness,
    work_dir: &Path,
    target: &CcTarget,
) -> Result<(), Vec<Diagnostic>> {
    let assertions = [harness.assertions_only()];
    start_c_check(
        header_name,
        header,
        &assertions,
        work_dir,
        target,
        &[Vec::new()],
    )?
    .finish(model, manifest_dir, || harness.clone())
}

/// A layout check whose compiler runs in the background (it is a separate process), so the
/// caller can emit other languages meanwhile; [`PendingCheck::finish`] waits for it.
///
/// The first compile sees only the `_Static_assert`s (`interoptopus_c::layout_assertion_units`),
/// possibly split into translation units compiled at once; the harness with the probes that
/// reveal the actual numbers is built and compiled (as one unit) only after a failure.
/// A header and harness the same compiler environment already accepted in this `work_dir` are
/// not compiled again (a stamp records a hash of both and of the environment).
pub struct PendingCheck {
    /// One compiler process per macro set and assertion unit, with the macros it defines.
    children: Vec<(std::process::Child, Vec<String>)>,
    /// Assertion units beyond the first, removed when the full harness replaces them.
    extra_units: Vec<PathBuf>,
    compiler: Option<CompilerCommand>,
    target: CcTarget,
    /// How many assertion units were started per macro set, to compile them again if a
    /// recorded compiler command has to be replaced.
    units: usize,
    defines: Vec<Vec<String>>,
    work_dir: PathBuf,
    stamp: Option<String>,
}

const HARNESS_FILE: &str = "interoptopus_layout_check.c";
const STAMP_FILE: &str = "interoptopus_layout_check.ok";

/// The file of assertion unit `index`: the first is [`HARNESS_FILE`], which the full harness
/// overwrites after a failure.
fn unit_file(index: usize) -> String {
    match index {
        0 => HARNESS_FILE.to_string(),
        n => format!("interoptopus_layout_check_{}.c", n + 1),
    }
}

/// Writes the header and the assertion units (each a translation unit including the header)
/// into `work_dir` and starts the C compiler on each unit once per macro set in `defines`
/// (unless the stamp says this exact check already passed). Without guards, `defines` is one
/// empty set.
pub fn start_c_check(
    header_name: &str,
    header: &str,
    assertions: &[String],
    work_dir: &Path,
    target: &CcTarget,
    defines: &[Vec<String>],
) -> Result<PendingCheck, Vec<Diagnostic>> {
    let io_err = |what: &str, path: &Path, e: std::io::Error| {
        vec![Diagnostic::error(format!(
            "layout check: cannot {what} {}: {e}",
            path.display()
        ))]
    };
    // A unit an earlier, split run left would only mislead whoever reads the folder.
    let stale = work_dir.join(unit_file(assertions.len()));
    match std::fs::remove_file(&stale) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("remove", &stale, e)),
    }
    let stamp = stamp_of(header_name, header, assertions, target, defines);
    let stamp_path = work_dir.join(STAMP_FILE);
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(PendingCheck {
            children: Vec::new(),
            extra_units: Vec::new(),
            compiler: None,
            target: target.clone(),
            units: 0,
            defines: Vec::new(),
            work_dir: work_dir.to_path_buf(),
            stamp: None,
        });
    }
    std::fs::create_dir_all(work_dir).map_err(|e| io_err("create", work_dir, e))?;
    match std::fs::remove_file(&stamp_path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("remove", &stamp_path, e)),
    }
    let header_path = work_dir.join(header_name);
    std::fs::write(&header_path, header).map_err(|e| io_err("write", &header_path, e))?;
    let mut extra_units = Vec::new();
    for (index, unit) in assertions.iter().enumerate() {
        let unit_path = work_dir.join(unit_file(index));
        std::fs::write(&unit_path, unit).map_err(|e| io_err("write", &unit_path, e))?;
        if index > 0 {
            extra_units.push(unit_path);
        }
    }
    let compiler = CompilerCommand::find(target, work_dir)?;
    let children = spawn_units(&compiler, work_dir, defines, assertions.len())?;
    Ok(PendingCheck {
        children,
        extra_units,
        compiler: Some(compiler),
        target: target.clone(),
        units: assertions.len(),
        defines: defines.to_vec(),
        work_dir: work_dir.to_path_buf(),
        stamp: Some(stamp),
    })
}

/// Starts the compiler on every assertion unit under every macro set.
fn spawn_units(
    compiler: &CompilerCommand,
    work_dir: &Path,
    defines: &[Vec<String>],
    units: usize,
) -> Result<Vec<(std::process::Child, Vec<String>)>, Vec<Diagnostic>> {
    let mut children = Vec::with_capacity(defines.len() * units);
    for set in defines {
        for index in 0..units {
            let child = compile_command(compiler, work_dir, set, &unit_file(index))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| cannot_run(compiler, e))?;
            children.push((child, set.clone()));
        }
    }
    Ok(children)
}

fn cannot_run(compiler: &CompilerCommand, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(format!(
        "layout check: cannot run the C compiler {:?}: {e}",
        compiler.program
    ))]
}

/// Waits for every process; the macro set of the first that failed, if any.
fn first_failure(
    compiler: &CompilerCommand,
    children: Vec<(std::process::Child, Vec<String>)>,
) -> Result<Option<Vec<String>>, Vec<Diagnostic>> {
    let mut failed = None;
    for (child, set) in children {
        let output = child
            .wait_with_output()
            .map_err(|e| cannot_run(compiler, e))?;
        if !output.status.success() && failed.is_none() {
            failed = Some(set);
        }
    }
    Ok(failed)
}

impl PendingCheck {
    /// Waits for the compiler. On failure `full_harness` (the harness with the probes) is
    /// compiled too, so each mismatch names both numbers.
    pub fn finish(
        mut self,
        model: &Model,
        manifest_dir: &Path,
        full_harness: impl FnOnce() -> LayoutHarness,
    ) -> Result<(), Vec<Diagnostic>> {
        let children = std::mem::take(&mut self.children);
        let Some(mut compiler) = self.compiler.take() else {
            return Ok(()); // passed before with this very header and harness
        };
        let mut failed = first_failure(&compiler, children)?;
        if failed.is_some() && compiler.from_record {
            // The recorded command may be stale (the compiler behind `cc` changed): ask `cc`
            // again, and compile again if its answer differs.
            let fresh = CompilerCommand::detect_again(&self.target, &self.work_dir)?;
            if fresh.program != compiler.program || fresh.args != compiler.args {
                compiler = fresh;
                let children = spawn_units(&compiler, &self.work_dir, &self.defines, self.units)?;
                failed = first_failure(&compiler, children)?;
            }
        }
        let Some(set) = failed else {
            if let Some(stamp) = &self.stamp {
                // Only a shortcut for the next run: failing to record it changes nothing.
                let _ = std::fs::write(self.work_dir.join(STAMP_FILE), stamp);
            }
            return Ok(());
        };
        let harness = full_harness();
        // The full harness checks everything in one unit; the others would only mislead.
        for unit in &self.extra_units {
            let _ = std::fs::remove_file(unit);
        }
        let harness_path = self.work_dir.join(HARNESS_FILE);
        std::fs::write(&harness_path, &harness.source).map_err(|e| {
            vec![Diagnostic::error(format!(
                "layout check: cannot write {}: {e}",
                harness_path.display()
            ))]
        })?;
        let output = compile_command(&compiler, &self.work_dir, &set, HARNESS_FILE)
            .output()
            .map_err(|e| cannot_run(&compiler, e))?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        Err(explain_failure(
            model,
            manifest_dir,
            &harness,
            &harness_path,
            &stderr,
            &set,
        ))
    }
}

impl Drop for PendingCheck {
    /// A check abandoned because of other errors does not leave the compiler running.
    fn drop(&mut self) {
        for (mut child, _) in self.children.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `cc … -DMACRO… -fsyntax-only interoptopus_layout_check.c`, run inside `work_dir` (the file
/// is named relative to it, so a relative `work_dir` works too).
fn compile_command(
    compiler: &CompilerCommand,
    work_dir: &Path,
    defines: &[String],
    file: &str,
) -> Command {
    let mut cmd: Command = compiler.to_command();
    // English messages with ASCII quotes, so the numbers in them can be read back.
    cmd.env("LC_ALL", "C")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"])
        .args(defines.iter().map(|d| format!("-D{d}")))
        .arg(file)
        .current_dir(work_dir);
    cmd
}

/// How many translation units the assertions are split into, and the spare core a second
/// unit runs on (held until the check is done). The header is compiled once per unit, so a
/// second unit pays only when another core is idle ([`super::spare_core`], asked only when a
/// split is wanted) and the assertions outweigh a process start: on the 85k-line benchmark
/// crate (20k types) gcc takes ≈ 1.6 s for the header and ≈ 1.8 s for the assertions. With
/// guards, every macro set is a process of its own already; no macro set means no check.
pub fn assertion_units(
    macro_sets: usize,
    types: usize,
    spare_core: impl FnOnce() -> Option<SpareCore>,
) -> (usize, Option<SpareCore>) {
    /// Below this many types the assertions cost about as much as starting the compiler.
    const SPLIT_FROM_TYPES: usize = 256;
    if macro_sets != 1 || types < SPLIT_FROM_TYPES {
        return (1, None);
    }
    match spare_core() {
        Some(core) => (2, Some(core)),
        None => (1, None),
    }
}

/// The macro sets the layout check compiles with so that every type is checked at least once:
/// the guard macros this build defines; all of them; and for each type guard neither of those
/// satisfies, its positive macros. Deterministic, no duplicates; one empty set without guards.
pub fn macro_sets(model: &Model) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> = Vec::new();
    let push = |set: Vec<String>, sets: &mut Vec<Vec<String>>| {
        if !sets.contains(&set) {
            sets.push(set);
        }
    };
    let this_build: Vec<String> = model
        .guard_macros
        .iter()
        .filter(|m| m.defined)
        .map(|m| m.name.clone())
        .collect();
    push(this_build, &mut sets);
    let all: Vec<String> = model.guard_macros.iter().map(|m| m.name.clone()).collect();
    push(all, &mut sets);
    for t in &model.types {
        let covered = sets
            .iter()
            .any(|set| t.guard.holds(&|name| set.iter().any(|s| s == name)));
        if !covered {
            let positive = t
                .guard
                .all
                .iter()
                .filter(|c| !c.negated)
                .map(|c| c.macro_name.clone())
                .collect();
            push(positive, &mut sets);
        }
    }
    sets
}

/// What a passed check depends on: the header and the assertion units, the target, and the environment the C
/// compiler is chosen and run in (`CC`, `CFLAGS`, `PATH` …: every variable except the
/// jobserver's, which changes from one cargo run to the next). Hashed, so no variable's value
/// is written to disk.
fn stamp_of(
    header_name: &str,
    header: &str,
    assertions: &[String],
    target: &CcTarget,
    defines: &[Vec<String>],
) -> String {
    use std::hash::{Hash, Hasher};
    let env = environment();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        header_name,
        header,
        assertions,
        &target.target,
        &target.host,
        env,
        defines,
    )
        .hash(&mut hasher);
    format!(
        "interoptopus layout check passed: {:016x} ({} + {} bytes)\n",
        hasher.finish(),
        header.len(),
        assertions.iter().map(String::len).sum::<usize>()
    )
}

/// Maps compiler errors back to the checks on their lines.
fn explain_failure(
    model: &Model,
    manifest_dir: &Path,
    harness: &LayoutHarness,
    harness_path: &Path,
    stderr: &str,
    defines: &[String],
) -> Vec<Diagnostic> {
    let with = if defines.is_empty() {
        String::new()
    } else {
        format!(" (with {} defined)", defines.join(", "))
    };
    let file_name = harness_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for mismatch in harness.mismatches(&file_name, stderr) {
        let check = &mismatch.check;
        let actual = mismatch
            .actual
            .map_or_else(|| "a different value".to_string(), |v| v.to_string());
        let mut d = Diagnostic::error(format!(
            "layout mismatch: {}: interoptopus computed {}, the C compiler computed {actual}{with}",
            check.subject(),
            check.expected
        ))
        .hint("the generated header does not describe the Rust type; please report this with the type's definition");
        if let Some(def) = model.types.iter().find(|t| t.name == check.type_name) {
            d = d.at(Location {
                file: manifest_dir.join(&def.span.file),
                line: def.span.line,
                column: def.span.column,
                len: def.name.chars().count() as u32,
            });
        }
        out.push(d);
    }
    if out.is_empty() {
        out.push(
            Diagnostic::error(format!(
                "layout check: the generated header failed to compile{with}:\n{}",
                stderr.trim_end()
            ))
            .hint("this is a bug in the C emitter; please report it with the header"),
        );
    }
    out
}

/// Where the harness is compiled inside `OUT_DIR`.
pub fn work_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("interoptopus-verify")
}

#[cfg(all(test, target_arch = "x86_64", target_os = "linux"))]
mod tests {
    use super::*;
    use interoptopus_c::{CheckKind, LayoutCheck};

    /// A one-check harness in the emitter's format: `T` is 4 bytes.
    fn harness() -> LayoutHarness {
        let source = "#include \"t.h\"\n#include <stddef.h>\nvoid f(void);\nvoid f(void) {\n    _Static_assert(sizeof(T) == 4, \"interoptopus layout: T size == 4\"); { __extension__ char (*actual)[4] = (char (*)[sizeof(T)])0; (void)actual; }\n}\n";
        LayoutHarness {
            source: source.to_string(),
            checks: vec![LayoutCheck {
                line: 5,
                type_name: "T".into(),
                field: None,
                what: CheckKind::Size,
                expected: 4,
            }],
        }
    }

    fn check(header: &str, dir: &Path) -> Result<(), Vec<Diagnostic>> {
        let host = CcTarget {
            target: "x86_64-unknown-linux-gnu".into(),
            host: "x86_64-unknown-linux-gnu".into(),
        };
        let model = Model::new("p".to_string(), "p".to_string());
        check_with_c_compiler(&model, dir, "t.h", header, &harness(), dir, &host)
    }

    #[test]
    fn a_passed_check_is_not_redone_and_a_changed_header_is() {
        let dir = std::env::temp_dir().join(format!("interoptopus-c-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let good = "typedef unsigned int T;\n";
        check(good, &dir).unwrap_or_else(|e| panic!("{e:?}"));
        let stamp = dir.join(STAMP_FILE);
        assert!(stamp.is_file());
        let written = |name: &str| {
            std::fs::metadata(dir.join(name))
                .and_then(|m| m.modified())
                .ok()
        };
        let before = written(HARNESS_FILE);
        // The same header and harness again: nothing is compiled, nothing even rewritten.
        check(good, &dir).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(written(HARNESS_FILE), before);
        // A header that no longer matches is compiled, fails with both numbers, and the stamp
        // of the earlier success is gone.
        let errors = check("typedef unsigned long long T;\n", &dir)
            .err()
            .unwrap_or_default();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("T size") && m.contains("the C compiler computed 8")),
            "{messages:#?}"
        );
        assert!(!stamp.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_assertion_unit_is_compiled_and_a_failure_is_explained_by_the_full_harness() {
        let dir = std::env::temp_dir().join(format!("interoptopus-c-units-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let host = CcTarget {
            target: "x86_64-unknown-linux-gnu".into(),
            host: "x86_64-unknown-linux-gnu".into(),
        };
        let h = harness();
        // The check sits in the second unit only; the first includes the header and no more.
        let units = ["#include \"t.h\"\n".to_string(), h.assertions_only()];
        let model = Model::new("p".to_string(), "p".to_string());
        let run = |header: &str| {
            start_c_check("t.h", header, &units, &dir, &host, &[Vec::new()])
                .and_then(|p| p.finish(&model, &dir, || h.clone()))
        };
        let passed = run("typedef unsigned int T;\n");
        assert!(passed.is_ok(), "{passed:?}");
        assert!(dir.join(unit_file(1)).is_file() && dir.join(STAMP_FILE).is_file());
        let messages: Vec<String> = run("typedef unsigned long long T;\n")
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("T size") && m.contains("the C compiler computed 8")),
            "{messages:#?}"
        );
        // What is left on disk is the full harness that explains the failure.
        assert!(!dir.join(unit_file(1)).exists() && !dir.join(STAMP_FILE).exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn assertions_are_split_only_with_a_core_to_spare_and_enough_types() {
        let spare = || Some(SpareCore::Machine);
        assert_eq!(assertion_units(1, 20_000, spare).0, 2);
        assert_eq!(assertion_units(1, 20_000, || None).0, 1);
        // A core is not even asked for when the split would not pay.
        let unasked = || -> Option<SpareCore> { panic!("asked for a core") };
        assert_eq!(assertion_units(3, 20_000, unasked).0, 1);
        assert_eq!(assertion_units(0, 20_000, unasked).0, 1);
        assert_eq!(assertion_units(1, 10, unasked).0, 1);
    }

    /// A model with one struct per guard, for `macro_sets`.
    fn guarded_model(defined: &[&str], guards: &[&[(&str, bool)]]) -> Model {
        use interoptopus_core::model::{
            Docs, Guard, GuardCondition, GuardMacro, Span, StructRepr, TypeDef, TypeKind,
        };
        let mut m = Model::new("p", "p");
        for (i, g) in guards.iter().enumerate() {
            m.types.push(TypeDef {
                deprecated: None,
                guard: Guard::new(g.iter().map(|(n, neg)| GuardCondition::new(*n, *neg))),
                name: format!("T{i}"),
                rust_path: format!("crate::T{i}"),
                docs: Docs::default(),
                span: Span::default(),
                kind: TypeKind::Struct {
                    fields: vec![],
                    repr: StructRepr::default(),
                    tuple: false,
                },
            });
        }
        for name in ["A", "B"] {
            m.guard_macros.push(GuardMacro {
                name: name.into(),
                predicate: String::new(),
                defined: defined.contains(&name),
            });
        }
        m
    }

    #[test]
    fn macro_sets_reach_every_guarded_type() {
        let sets = |m: &Model| macro_sets(m);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(sets(&Model::new("p", "p")), [s(&[])]);
        // This build (A), then everything; `!B` is reached by the first.
        let m = guarded_model(&["A"], &[&[("A", false)], &[("B", false)], &[("B", true)]]);
        assert_eq!(sets(&m), [s(&["A"]), s(&["A", "B"])]);
        // Built with both: `A && !B` needs a set of its own, which reaches `!B` too.
        let m = guarded_model(&["A", "B"], &[&[("A", false), ("B", true)], &[("B", true)]]);
        assert_eq!(sets(&m), [s(&["A", "B"]), s(&["A"])]);
    }

    #[test]
    fn every_macro_set_is_compiled_and_a_failure_names_its_macros() {
        let dir = std::env::temp_dir().join(format!("interoptopus-c-sets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let host = CcTarget {
            target: "x86_64-unknown-linux-gnu".into(),
            host: "x86_64-unknown-linux-gnu".into(),
        };
        // `T` is declared only under `X`, where its size is not the 4 the harness expects.
        let header = "#if defined(X)\ntypedef unsigned long long T;\n#endif\n";
        let guarded = harness()
            .source
            .replace("    _Static_assert", "#if defined(X)\n    _Static_assert");
        let guarded = guarded.replace("(void)actual; }\n", "(void)actual; }\n#endif\n");
        let mut h = harness();
        h.source = guarded;
        h.checks[0].line += 1;
        let model = Model::new("p".to_string(), "p".to_string());
        let assertions = [h.assertions_only()];
        let only_plain = start_c_check("t.h", header, &assertions, &dir, &host, &[Vec::new()])
            .and_then(|p| p.finish(&model, &dir, || h.clone()));
        assert!(only_plain.is_ok(), "{only_plain:?}");
        let both = start_c_check(
            "t.h",
            header,
            &assertions,
            &dir,
            &host,
            &[Vec::new(), vec!["X".to_string()]],
        )
        .and_then(|p| p.finish(&model, &dir, || h.clone()));
        let messages: Vec<String> = both
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("T size")
                && m.contains("the C compiler computed 8 (with X defined)")),
            "{messages:#?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
