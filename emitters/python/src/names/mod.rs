//! Python and C spellings of model names: PEP 8 conversion, escaping, and collision detection.
//!
//! Two rules keep the generated module robust without surprising users:
//! * a public module-level name never shadows a Python keyword, a builtin, or one of the names
//!   the module defines itself (`ffi`, `load`, …): such names get a trailing underscore (the
//!   PEP 8 convention), so the module's own code can use builtins freely;
//! * two model items that end up with the same Python (or C) name are an error naming both,
//!   never a silent pick.

mod assign;
mod repeats;

pub(crate) use assign::{assign, Member, Names, PAYLOAD, TAG};

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt::{Display, Write as _};
use std::ops::Range;

use interoptopus_core::naming::{escape_with_suffix, Case};

/// Python keywords (sorted, for binary search). Soft keywords (`match`, `case`, `type`, `_`)
/// are valid identifiers and need no escaping.
#[rustfmt::skip]
pub(crate) const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names in Python 3.11's `builtins` module (without dunders), sorted.
#[rustfmt::skip]
pub(crate) const PY_BUILTINS: &[&str] = &[
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
    "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
    "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
    "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError",
    "Exception", "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError",
    "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError",
    "ImportWarning", "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError",
    "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError", "ModuleNotFoundError",
    "NameError", "None", "NotADirectoryError", "NotImplemented", "NotImplementedError", "OSError",
    "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
    "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
    "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
    "SystemExit", "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError",
    "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
    "UnicodeWarning", "UserWarning", "ValueError", "Warning", "ZeroDivisionError", "abs", "aiter",
    "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable",
    "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
    "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset",
    "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance",
    "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview", "min",
    "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr",
    "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
    "super", "tuple", "type", "vars", "zip",
];

/// Public names the generated module defines itself (sorted).
#[rustfmt::skip]
pub(crate) const MODULE_RESERVED: &[&str] = &[
    "CData", "FixedArray", "LibraryNotFoundError", "ffi", "load", "statics",
];

/// Members every struct, union and variant class inherits (sorted). Fields with these names
/// get a trailing underscore.
#[rustfmt::skip]
pub(crate) const MEMBER_RESERVED: &[&str] = &[
    "_ABI_PTR", "_ALIGN", "_PTR", "_SIZE", "_VARIANTS", "_abi", "_addr", "_adopt", "_alloc",
    "_cdata", "_copy_of", "_from_abi", "_from_ptr", "_keep", "_mem", "_ptr", "_raw_alloc", "_view",
    "copy", "self",
];

/// Names a generated class body itself refers to at class scope, in annotations (`-> int`,
/// `value: FixedArray[Vec3]`) and decorators (`@property`), sorted. A field property of the same
/// name would rebind it inside the class for every later line (mypy then rejects `-> int` as
/// "Function is not valid as a type", and a field named `property` breaks the class at import),
/// so such fields get a trailing underscore. Other builtins (`id`, `type`, `len`, …) are fine as
/// attribute names and stay as they are.
#[rustfmt::skip]
pub(crate) const CLASS_SCOPE_RESERVED: &[&str] = &[
    "CData", "FixedArray", "_abc", "_t", "bool", "bytes", "float", "int", "object", "property",
    "str",
];

/// Locals the function wrappers use (sorted); parameters with these names are escaped.
pub(crate) const LOCAL_RESERVED: &[&str] = &["_o", "_r", "self"];

/// C keywords (C99 + C11 + the C++ ones cffi's parser might trip on), sorted.
#[rustfmt::skip]
pub(crate) const C_KEYWORDS: &[&str] = &[
    "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
    "_Static_assert", "_Thread_local", "auto", "break", "case", "char", "const", "continue",
    "default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
    "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static",
    "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
];

/// Type names cffi's parser predefines (sorted); a model type with one of these names is
/// renamed in the cdef.
#[rustfmt::skip]
pub(crate) const CFFI_TYPES: &[&str] = &[
    "FILE", "bool", "char16_t", "char32_t", "int16_t", "int32_t", "int64_t", "int8_t",
    "int_fast16_t", "int_fast32_t", "int_fast64_t", "int_fast8_t", "int_least16_t",
    "int_least32_t", "int_least64_t", "int_least8_t", "intmax_t", "intptr_t", "ptrdiff_t",
    "size_t", "ssize_t", "uint16_t", "uint32_t", "uint64_t", "uint8_t", "uint_fast16_t",
    "uint_fast32_t", "uint_fast64_t", "uint_fast8_t", "uint_least16_t", "uint_least32_t",
    "uint_least64_t", "uint_least8_t", "uintmax_t", "uintptr_t", "wchar_t",
];

fn contains(list: &[&str], name: &str) -> bool {
    // Compared byte by byte in place: the words are short and most comparisons end at the
    // first byte (a `memcmp` call per comparison was a sixth of name assignment's time).
    list.binary_search_by(|word| word.bytes().cmp(name.bytes()))
        .is_ok()
}

/// Converts with `case` unless that yields something that is not an identifier (heck drops
/// leading underscores, so `_0` would become `0`). Borrows `name` when it is already in `case`
/// (most Rust field and parameter names are): a large model has hundreds of thousands of names,
/// and a `String` each was a third of the time spent assigning and dropping them.
fn convert(name: &str, case: Case, keep: bool) -> Cow<'_, str> {
    if keep || name.starts_with('_') {
        return Cow::Borrowed(name);
    }
    let converted = case.apply(name);
    match converted.chars().next() {
        _ if converted == name => Cow::Borrowed(name),
        Some(c) if c.is_alphabetic() || c == '_' => Cow::Owned(converted),
        _ => Cow::Borrowed(name),
    }
}

/// Appends underscores until `name` is in none of `lists`.
fn escape_all<'n>(name: impl Into<Cow<'n, str>>, lists: &[&[&str]]) -> Cow<'n, str> {
    let mut out = name.into();
    while lists.iter().any(|l| contains(l, &out)) {
        out.to_mut().push('_');
    }
    out
}

/// Spells Python names for one configuration (PEP 8 or Rust names).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PyNamer {
    pub keep: bool,
}

impl PyNamer {
    /// Classes: `Pair_f32` → `PairF32`.
    pub fn class<'n>(&self, rust: &'n str) -> Cow<'n, str> {
        self.module_level(convert(rust, Case::Pascal, self.keep))
    }

    /// Functions: `myFunction` → `my_function`.
    pub fn function<'n>(&self, rust: &'n str) -> Cow<'n, str> {
        self.module_level(convert(rust, Case::Snake, self.keep))
    }

    /// Module constants: `maxValue` → `MAX_VALUE`.
    pub fn constant<'n>(&self, rust: &'n str) -> Cow<'n, str> {
        self.module_level(convert(rust, Case::ScreamingSnake, self.keep))
    }

    /// Properties of the `statics` object.
    pub fn static_item(&self, rust: &str) -> String {
        escape_with_suffix(
            &convert(rust, Case::ScreamingSnake, self.keep),
            PY_KEYWORDS,
            "_",
        )
    }

    /// `IntEnum` members: `Red` → `RED`.
    pub fn enum_member(&self, rust: &str) -> String {
        escape_with_suffix(
            &convert(rust, Case::ScreamingSnake, self.keep),
            PY_KEYWORDS,
            "_",
        )
    }

    /// Attributes of struct, union and variant classes (see `CLASS_SCOPE_RESERVED`).
    pub fn field<'n>(&self, rust: &'n str) -> Cow<'n, str> {
        escape_all(
            convert(rust, Case::Snake, self.keep),
            &[PY_KEYWORDS, MEMBER_RESERVED, CLASS_SCOPE_RESERVED],
        )
    }

    /// Parameters: never shadow a keyword, builtin or module-level name used by the body.
    pub fn param<'n>(&self, rust: &'n str, module: &Namespace<'_>) -> Cow<'n, str> {
        let mut name = escape_all(
            convert(rust, Case::Snake, self.keep),
            &[PY_KEYWORDS, PY_BUILTINS, MODULE_RESERVED, LOCAL_RESERVED],
        );
        while module.contains(&name) {
            name.to_mut().push('_');
        }
        name
    }

    fn module_level<'n>(&self, name: Cow<'n, str>) -> Cow<'n, str> {
        escape_all(name, &[PY_KEYWORDS, PY_BUILTINS, MODULE_RESERVED])
    }
}

/// Escapes a C identifier used in the cdef (types and members can be renamed freely there).
pub(crate) fn c_ident<'n>(name: impl Into<Cow<'n, str>>) -> Cow<'n, str> {
    escape_all(name, &[C_KEYWORDS, CFFI_TYPES])
}

/// Escapes a struct or union member in the cdef: Python reads it as an attribute of the cdata
/// (`c.field`), so it must be neither a C nor a Python keyword.
pub(crate) fn c_member<'n>(name: impl Into<Cow<'n, str>>) -> Cow<'n, str> {
    escape_all(name, &[C_KEYWORDS, PY_KEYWORDS])
}

/// How Python code reaches the library symbol `name`: `_lib.name`, or through `getattr`
/// when the symbol is a Python keyword.
pub(crate) fn lib_attr(name: &str) -> String {
    if contains(PY_KEYWORDS, name) {
        format!("getattr(_lib, \"{name}\")")
    } else {
        format!("_lib.{name}")
    }
}

/// Whether a linker symbol can be declared to cffi under its own name.
pub(crate) fn c_symbol_ok(name: &str) -> bool {
    !contains(C_KEYWORDS, name) && !contains(CFFI_TYPES, name)
}

/// Names claimed in one scope, with a description of who claimed each, so a collision can
/// name both parties.
///
/// The module and cdef scopes of a large model hold tens of thousands of names and almost never
/// see a collision: names are hashed (a `BTreeMap` compared each key a few dozen times), and
/// the owners, needed only for the message, share one buffer instead of a `String` each; a
/// name borrowed from the model is not copied.
#[derive(Debug, Default)]
pub(crate) struct Namespace<'m> {
    /// Claimed name → its owner's range in `owners`.
    taken: HashMap<Cow<'m, str>, Range<usize>>,
    owners: String,
}

impl<'m> Namespace<'m> {
    /// A namespace for about `names` names.
    pub fn with_capacity(names: usize) -> Self {
        Namespace {
            taken: HashMap::with_capacity(names),
            owners: String::new(),
        }
    }

    /// Claims `name` for `owner`; on collision returns the previous owner. A `&Cow` rather than
    /// a `&str`: the key is a clone of it, which copies nothing when `name` borrows the model.
    #[allow(clippy::ptr_arg)]
    pub fn claim(&mut self, name: &Cow<'m, str>, owner: impl Display) -> Result<(), String> {
        match self.taken.entry(name.clone()) {
            Entry::Occupied(previous) => Err(self.owners[previous.get().clone()].to_string()),
            Entry::Vacant(slot) => {
                let start = self.owners.len();
                // Writing into a `String` cannot fail.
                let _ = write!(self.owners, "{owner}");
                slot.insert(start..self.owners.len());
                Ok(())
            }
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains_key(name)
    }

    /// Every claimed name, in no particular order (sort them for output).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.taken.keys().map(|name| &**name)
    }
}

/// Makes `name` unique within `used` by appending underscores (for C member names, which
/// users never see).
pub(crate) fn unique<'n>(name: Cow<'n, str>, used: &mut Vec<Cow<'n, str>>) -> Cow<'n, str> {
    let mut out = name;
    while used.contains(&out) {
        out.to_mut().push('_');
    }
    used.push(out.clone());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(list: &[&str]) -> bool {
        list.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn lists_are_sorted() {
        for l in [
            PY_KEYWORDS,
            PY_BUILTINS,
            MODULE_RESERVED,
            MEMBER_RESERVED,
            CLASS_SCOPE_RESERVED,
            LOCAL_RESERVED,
            C_KEYWORDS,
            CFFI_TYPES,
        ] {
            assert!(sorted(l), "{l:?}");
        }
    }

    #[test]
    fn pep8_and_escapes() {
        let n = PyNamer { keep: false };
        assert_eq!(n.class("Pair_f32"), "PairF32");
        assert_eq!(n.class("Exception"), "Exception_");
        assert_eq!(n.function("myGameFunction"), "my_game_function");
        assert_eq!(n.function("print"), "print_");
        assert_eq!(n.function("load"), "load_");
        assert_eq!(n.constant("maxValue"), "MAX_VALUE");
        assert_eq!(n.enum_member("None"), "NONE");
        assert_eq!(n.field("_0"), "_0");
        assert_eq!(n.field("copy"), "copy_");
        assert_eq!(n.field("lambda"), "lambda_");
        // Names the class body uses itself are escaped; other builtins are fine as attributes.
        assert_eq!(n.field("int"), "int_");
        assert_eq!(n.field("bytes"), "bytes_");
        assert_eq!(n.field("property"), "property_");
        assert_eq!(n.field("str"), "str_");
        assert_eq!(n.field("id"), "id");
        assert_eq!(n.field("type"), "type");
        let mut ns = Namespace::default();
        assert!(ns.claim(&"vec3".into(), "x").is_ok());
        assert_eq!(n.param("vec3", &ns), "vec3_");
        assert_eq!(n.param("len", &ns), "len_");
        assert_eq!(n.param("_r", &ns), "_r_");
        assert_eq!(ns.claim(&"vec3".into(), "y"), Err("x".to_string()));
    }

    #[test]
    fn rust_names_still_escape() {
        let n = PyNamer { keep: true };
        assert_eq!(n.class("Pair_f32"), "Pair_f32");
        assert_eq!(n.enum_member("None"), "None_");
        assert_eq!(n.function("my_fn"), "my_fn");
    }

    #[test]
    fn c_names() {
        assert_eq!(c_ident("int"), "int_");
        assert_eq!(c_ident("bool"), "bool_");
        assert_eq!(c_ident("x"), "x");
        assert!(!c_symbol_ok("default"));
        let mut used = vec![Cow::Borrowed("tag")];
        assert_eq!(unique("tag".into(), &mut used), "tag_");
    }
}
