//! C# identifiers: .NET casing (or the Rust spelling), `@` for keywords, and collision
//! detection per declaration scope.
//!
//! Every generated name goes through [`Naming`], so a type is spelled the same wherever it is
//! declared or referenced. Collisions are never resolved by silently renaming: two Rust items
//! that land on one C# name are an [`EmitError`](interoptopus_core::EmitError).

use std::collections::HashMap;
use std::fmt::{Display, Write as _};
use std::ops::Range;

use interoptopus_core::naming::Case;

use crate::ctx::Ctx;

/// C#'s reserved keywords (contextual keywords such as `var` are valid identifiers). Sorted.
const KEYWORDS: [&str; 77] = [
    "abstract",
    "as",
    "base",
    "bool",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "checked",
    "class",
    "const",
    "continue",
    "decimal",
    "default",
    "delegate",
    "do",
    "double",
    "else",
    "enum",
    "event",
    "explicit",
    "extern",
    "false",
    "finally",
    "fixed",
    "float",
    "for",
    "foreach",
    "goto",
    "if",
    "implicit",
    "in",
    "int",
    "interface",
    "internal",
    "is",
    "lock",
    "long",
    "namespace",
    "new",
    "null",
    "object",
    "operator",
    "out",
    "override",
    "params",
    "private",
    "protected",
    "public",
    "readonly",
    "ref",
    "return",
    "sbyte",
    "sealed",
    "short",
    "sizeof",
    "stackalloc",
    "static",
    "string",
    "struct",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "uint",
    "ulong",
    "unchecked",
    "unsafe",
    "ushort",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
];

/// Framework names the generated code uses unqualified. A generated type or member with one of
/// these names would shadow the framework's and break the file, so they count as taken.
pub(crate) const RESERVED: [&str; 24] = [
    "ArgumentException",
    "ArgumentNullException",
    "CallingConvention",
    "CharSet",
    "DllImport",
    "DllNotFoundException",
    "EntryPointNotFoundException",
    "Environment",
    "FieldOffset",
    "GCHandle",
    "IDisposable",
    "IndexOutOfRangeException",
    "IntPtr",
    "InvalidOperationException",
    "LayoutKind",
    "Marshal",
    "MarshalAs",
    "ObjectDisposedException",
    "PlatformID",
    "StructLayout",
    "UIntPtr",
    "UnmanagedFunctionPointer",
    "UnmanagedType",
    "System",
];

pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.binary_search(&name).is_ok()
}

/// Prefixes `@` to keywords so they can be used as identifiers.
pub(crate) fn escape(name: &str) -> String {
    escape_owned(name.to_string())
}

/// [`escape`] for a name already owned (no copy when it is not a keyword).
fn escape_owned(name: String) -> String {
    if is_keyword(&name) {
        format!("@{name}")
    } else {
        name
    }
}

/// The identifier without its `@`, as XML docs (`<param name="out">`) spell it.
pub(crate) fn unescaped(name: &str) -> &str {
    name.strip_prefix('@').unwrap_or(name)
}

/// Whether `s` is a C# identifier (letters, digits, `_`, not starting with a digit).
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// Makes `converted` (a case-converted form of `raw`) a usable identifier: case conversion drops
/// underscores, so `_0` becomes `0`; then we fall back to the Rust spelling, sanitised.
fn finish(converted: String, raw: &str) -> String {
    if is_identifier(&converted) {
        return escape_owned(converted);
    }
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c == '_' || c.is_alphanumeric() {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !is_identifier(&s) {
        s.insert(0, '_');
    }
    escape_owned(s)
}

/// How Rust names become C# names under the current [`Config`](crate::Config).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Naming {
    pub rust_names: bool,
}

impl Naming {
    /// Types, methods, fields, enum members, constants, statics: PascalCase.
    pub fn pascal(self, raw: &str) -> String {
        if self.rust_names {
            finish(raw.to_string(), raw)
        } else {
            finish(Case::Pascal.apply(raw), raw)
        }
    }

    /// Parameters: camelCase.
    pub fn camel(self, raw: &str) -> String {
        if self.rust_names {
            finish(raw.to_string(), raw)
        } else {
            finish(Case::Camel.apply(raw), raw)
        }
    }

    /// Private backing fields (`_pBool`), the same in both modes since users never see them.
    pub fn private(self, raw: &str) -> String {
        let camel = Case::Camel.apply(raw);
        if camel.is_empty() {
            finish(format!("_{raw}"), raw)
        } else {
            finish(format!("_{camel}"), raw)
        }
    }
}

/// One C# declaration space (a namespace, a class, a struct, a parameter list). Declaring a
/// name twice, or a reserved name, records an error naming both origins.
///
/// A large model declares hundreds of thousands of names and almost never has a collision:
/// the reserved framework names are looked up in [`RESERVED`] rather than copied into every
/// scope, and the declared names live in [`Declared`] (with the scope's own description).
pub(crate) struct Scope {
    /// Where `what` and `rust_path` are in `declared.text`.
    what: Range<usize>,
    rust_path: Range<usize>,
    /// Whether [`RESERVED`] counts as taken.
    reserved: bool,
    declared: Declared,
}

impl Scope {
    /// `what` describes the scope for messages (`struct Vec3`); `rust_path` is the item errors
    /// point at.
    pub fn new(what: impl Display, rust_path: impl Display) -> Self {
        let mut declared = Declared::default();
        let what = declared.push(&what);
        let rust_path = declared.push(&rust_path);
        Scope {
            what,
            rust_path,
            reserved: false,
            declared,
        }
    }

    /// Like [`Scope::new`], with the framework names the generated code relies on already taken.
    pub fn with_reserved(what: impl Display, rust_path: impl Display) -> Self {
        Scope {
            reserved: true,
            ..Scope::new(what, rust_path)
        }
    }

    /// Records `name` (escaped or not) as declared by `origin`.
    pub fn declare(&mut self, ctx: &Ctx<'_>, name: &str, origin: impl Display) {
        if let Some(message) = self.claim(name, &origin) {
            let rust_path = &self.declared.text[self.rust_path.clone()];
            ctx.error(rust_path, message, Some(CLASH_HINT.to_string()));
        }
    }

    /// Like [`Scope::declare`], with errors pointing at `rust_path` instead of the scope's item.
    pub fn declare_at(&mut self, ctx: &Ctx<'_>, name: &str, origin: impl Display, rust_path: &str) {
        if let Some(message) = self.claim(name, &origin) {
            ctx.error(rust_path, message, Some(CLASH_HINT.to_string()));
        }
    }

    /// Records `name` for `origin`, or returns the message saying who has it already.
    fn claim(&mut self, name: &str, origin: &dyn Display) -> Option<String> {
        let key = unescaped(name);
        let first = match self.declared.origin_of(key) {
            Some(first) => first.to_string(),
            None if self.reserved && RESERVED.contains(&key) => {
                format!("the .NET name `{key}` the bindings use")
            }
            None => {
                self.declared.insert(key, origin);
                return None;
            }
        };
        Some(format!(
            "two declarations in C# {} are both named `{key}`: {first} and {origin}",
            &self.declared.text[self.what.clone()]
        ))
    }
}

/// The names declared in one scope with their origins (needed only for a message), all in one
/// buffer. Most scopes are a type's members, a handful of names each: those are searched
/// linearly, with nothing allocated per name. The class and the namespace hold tens of
/// thousands; past [`Declared::LINEAR`] names a hash index is kept as well.
struct Declared {
    text: String,
    /// The `(name, origin)` ranges in `text`, in declaration order.
    entries: Vec<(Range<usize>, Range<usize>)>,
    /// Name → index in `entries`, once there are more than [`Declared::LINEAR`].
    index: HashMap<String, usize>,
}

impl Default for Declared {
    /// Room for a type's members, so that a scope rarely grows its buffers.
    fn default() -> Self {
        Declared {
            text: String::with_capacity(256),
            entries: Vec::with_capacity(Self::LINEAR),
            index: HashMap::new(),
        }
    }
}

impl Declared {
    const LINEAR: usize = 16;

    fn origin_of(&self, name: &str) -> Option<&str> {
        let found = if self.entries.len() > Self::LINEAR {
            self.index.get(name).copied()
        } else {
            self.entries
                .iter()
                .position(|(n, _)| &self.text[n.clone()] == name)
        };
        found.map(|i| &self.text[self.entries[i].1.clone()])
    }

    /// Appends `text` to the buffer; where it is.
    fn push(&mut self, text: &dyn Display) -> Range<usize> {
        let start = self.text.len();
        // Writing into a `String` cannot fail.
        let _ = write!(self.text, "{text}");
        start..self.text.len()
    }

    fn insert(&mut self, name: &str, origin: &dyn Display) {
        let name_at = self.push(&name);
        let origin_at = self.push(origin);
        self.entries.push((name_at, origin_at));
        if self.entries.len() > Self::LINEAR {
            if self.index.is_empty() {
                for (i, (n, _)) in self.entries.iter().enumerate() {
                    self.index.insert(self.text[n.clone()].to_string(), i);
                }
            } else {
                self.index.insert(name.to_string(), self.entries.len() - 1);
            }
        }
    }
}

const CLASH_HINT: &str = "rename one of the Rust items, or try `csharp::Config::rust_names(true)` \
                          if the clash comes from .NET casing";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        let mut sorted = KEYWORDS;
        sorted.sort_unstable();
        assert_eq!(sorted, KEYWORDS);
    }

    #[test]
    fn casing_and_escaping() {
        let n = Naming { rust_names: false };
        assert_eq!(n.pascal("my_game_function"), "MyGameFunction");
        assert_eq!(n.pascal("Pair_f32"), "PairF32");
        assert_eq!(n.pascal("_0"), "_0");
        assert_eq!(n.camel("out"), "@out");
        assert_eq!(n.camel("some_value"), "someValue");
        assert_eq!(n.camel("_1"), "_1");
        assert_eq!(n.private("p_bool"), "_pBool");
        assert_eq!(n.private("_0"), "_0");
        let r = Naming { rust_names: true };
        assert_eq!(r.pascal("my_game_function"), "my_game_function");
        assert_eq!(r.pascal("class"), "@class");
        assert_eq!(unescaped("@class"), "class");
    }

    #[test]
    fn declared_names_are_found_before_and_after_indexing() {
        let mut d = Declared::default();
        for n in 0..40 {
            assert_eq!(d.origin_of(&format!("n{n}")), None);
            d.insert(&format!("n{n}"), &format_args!("origin {n}"));
            for m in 0..=n {
                assert_eq!(
                    d.origin_of(&format!("n{m}")),
                    Some(format!("origin {m}").as_str())
                );
            }
        }
        assert_eq!(d.origin_of("n40"), None);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("_0"));
        assert!(is_identifier("Größe"));
        assert!(!is_identifier("0a"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("a-b"));
    }
}
