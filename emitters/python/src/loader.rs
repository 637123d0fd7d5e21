//! Finding and opening the shared library.
//!
//! Order: the `path` given to `load()`, else the environment variable, else the library file
//! next to the module. The first source *given* is the one used: a wrong explicit path or a
//! wrong environment variable is an error rather than a silent fallback to another copy of the
//! library. The error lists every place looked at and why each failed.
//!
//! Importing the module tries the default places once; if that fails, nothing is reported
//! yet: functions load the library on first use (through a stand-in object) and raise the
//! full error then, and `load(path)` can still pick a custom path. Importing never fails.

use interoptopus_core::writer::CodeWriter;
use interoptopus_core::TargetInfo;

use crate::ctx::Ctx;

/// `lib<name>.so`, `lib<name>.dylib` or `<name>.dll`, for the target the bindings are for.
pub(crate) fn library_file(lib_name: &str, target: &TargetInfo) -> String {
    match target.os.as_str() {
        "windows" => format!("{lib_name}.dll"),
        "macos" | "ios" => format!("lib{lib_name}.dylib"),
        _ => format!("lib{lib_name}.so"),
    }
}

fn py_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Python string literal.
pub(crate) fn literal(s: &str) -> String {
    py_str(s)
}

pub(crate) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let lib = &ctx.model.lib_name;
    let file = library_file(lib, &ctx.layouts.target);
    let env = ctx.config.env_var(ctx.model);
    w.line(format!("_LIBRARY_FILE = {}", py_str(&file)));
    w.line(format!("_LIBRARY_ENV = {}", py_str(&env)));
    w.line("_LOADED: list[CData] = []");
    w.blank();
    w.blank();
    w.block("class LibraryNotFoundError(OSError):", "", |w| {
        w.line("\"\"\"The shared library could not be loaded; the message lists every place tried.\"\"\"");
    });
    w.blank();
    w.line("def load(path: str | _os.PathLike[str] | None = None) -> CData:");
    w.indent();
    w.line(format!(
        "\"\"\"Opens the `{lib}` shared library and returns cffi's library object."
    ));
    w.blank();
    w.line("Looks at `path` if given, else at the file named by the environment variable");
    w.line(format!(
        "`{env}` if set, else at `{file}` next to this module. The first of"
    ));
    w.line("these that is given is the one used. Functions call `load()` on first use, so an");
    w.line("explicit call is only needed for a custom path (or to load again).");
    w.blank();
    w.line("Importing the module already tries the default places. Functions that need no");
    w.line("conversions are rebound to the loaded library's own cffi functions; names imported");
    w.line("with `from … import` before a later `load()` keep the library they were bound to.");
    w.line("\"\"\"");
    w.line("global _lib");
    w.line("tried: list[str] = []");
    w.line("if path is not None:");
    w.line("    origin, file = \"the `path` argument\", _os.fspath(path)");
    w.line("elif _os.environ.get(_LIBRARY_ENV):");
    w.line("    origin, file = f\"${_LIBRARY_ENV}\", _os.environ[_LIBRARY_ENV]");
    w.line("else:");
    w.line("    origin = \"next to the module\"");
    w.line("    file = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), _LIBRARY_FILE)");
    w.line("    tried.append(f\"${_LIBRARY_ENV}: not set\")");
    w.line("if not _os.path.exists(file):");
    w.line("    tried.append(f\"{origin}: {file} (no such file)\")");
    w.line("else:");
    w.line("    try:");
    w.line("        lib = ffi.dlopen(file)");
    w.line("    except OSError as e:");
    w.line("        tried.append(f\"{origin}: {file} ({e})\")");
    w.line("    else:");
    if ctx.model.fingerprint.is_some() {
        w.line("        _check_fingerprint(lib, file)");
    }
    w.line("        _LOADED.append(lib)  # never unloaded: functions bound to it may still be referenced");
    w.line("        _lib = lib");
    w.line("        for name, symbol in _DIRECT:");
    w.line("            globals()[name] = getattr(lib, symbol)");
    w.line("        return lib");
    w.line(format!(
        "raise LibraryNotFoundError({} + \"\\n  \".join(tried))",
        py_str(&format!(
            "cannot load the `{lib}` shared library; looked at:\n  "
        ))
    ));
    w.dedent();
    w.blank();
    w.blank();
    w.block("class _Unloaded:", "", |w| {
        w.line(
            "\"\"\"Stands in for the library until first use, then loads it with `load()`.\"\"\"",
        );
        w.blank();
        w.line("__slots__ = ()");
        w.blank();
        w.line("def __getattr__(self, name: str) -> _t.Any:");
        w.line("    return getattr(load() if _lib is self else _lib, name)");
        w.blank();
        w.line("def __setattr__(self, name: str, value: object) -> None:");
        w.line("    setattr(load() if _lib is self else _lib, name, value)");
    });
    w.blank();
    w.line("_lib: _t.Any = _Unloaded()");
}

/// The import-time attempt, written at the very end of the module (after every function
/// `load()` may rebind).
pub(crate) fn write_eager(w: &mut CodeWriter) {
    w.blank();
    w.line("try:");
    w.line("    load()");
    w.line("except OSError:");
    w.line("    pass  # reported with every place looked at on first use, unless `load(path)` comes first");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_per_os() {
        let mut t = TargetInfo::x86_64_linux();
        assert_eq!(library_file("k", &t), "libk.so");
        t.os = "macos".into();
        assert_eq!(library_file("k", &t), "libk.dylib");
        t.os = "windows".into();
        assert_eq!(library_file("k", &t), "k.dll");
    }

    #[test]
    fn literals_escape() {
        assert_eq!(literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
