//! Names a generated header must not declare.
//!
//! The header has to compile as C (C89 to C23) and as C++, so the list is the union of both
//! languages' keywords, plus the names the header's own `#include`s define (`size_t`,
//! `INT32_MAX`, `NAN`, …): declaring any of those again is an error or silently redefines them.

/// Keywords of C89–C23 and C++98–C++20, sorted (checked by a test) for binary search.
const KEYWORDS: &[&str] = &[
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_BitInt",
    "_Bool",
    "_Complex",
    "_Decimal128",
    "_Decimal32",
    "_Decimal64",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "typeof",
    "typeof_unqual",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
];

/// Names from `<stddef.h>`, `<stdbool.h>`, `<math.h>` (the three macros the header may use) and
/// the non-pattern part of `<stdint.h>`, sorted.
const LIBRARY: &[&str] = &[
    "HUGE_VAL",
    "INFINITY",
    "INTMAX_C",
    "INTMAX_MAX",
    "INTMAX_MIN",
    "INTPTR_MAX",
    "INTPTR_MIN",
    "NAN",
    "NULL",
    "PTRDIFF_MAX",
    "PTRDIFF_MIN",
    "SIG_ATOMIC_MAX",
    "SIG_ATOMIC_MIN",
    "SIZE_MAX",
    "UINTMAX_C",
    "UINTMAX_MAX",
    "UINTPTR_MAX",
    "WCHAR_MAX",
    "WCHAR_MIN",
    "WINT_MAX",
    "WINT_MIN",
    "__bool_true_false_are_defined",
    "intmax_t",
    "intptr_t",
    "max_align_t",
    "offsetof",
    "ptrdiff_t",
    "size_t",
    "uintmax_t",
    "uintptr_t",
];

/// Whether the header may not declare `name` as is.
pub(crate) fn is_reserved(name: &str) -> bool {
    KEYWORDS.binary_search(&name).is_ok()
        || LIBRARY.binary_search(&name).is_ok()
        || is_stdint_type(name)
        || is_stdint_macro(name)
}

/// `int8_t`, `uint_least16_t`, `int_fast64_t`, ….
fn is_stdint_type(name: &str) -> bool {
    let Some(rest) = name.strip_suffix("_t") else {
        return false;
    };
    let rest = rest.strip_prefix('u').unwrap_or(rest);
    let Some(rest) = rest.strip_prefix("int") else {
        return false;
    };
    let rest = rest
        .strip_prefix("_least")
        .or_else(|| rest.strip_prefix("_fast"))
        .unwrap_or(rest);
    matches!(rest, "8" | "16" | "32" | "64")
}

/// `INT8_MAX`, `UINT_LEAST16_MAX`, `INT64_C`, ….
fn is_stdint_macro(name: &str) -> bool {
    let rest = name.strip_prefix('U').unwrap_or(name);
    let Some(rest) = rest.strip_prefix("INT") else {
        return false;
    };
    if let Some(width) = rest.strip_suffix("_C") {
        return matches!(width, "8" | "16" | "32" | "64");
    }
    let Some(rest) = rest
        .strip_suffix("_MAX")
        .or_else(|| rest.strip_suffix("_MIN"))
    else {
        return false;
    };
    let rest = rest
        .strip_prefix("_LEAST")
        .or_else(|| rest.strip_prefix("_FAST"))
        .unwrap_or(rest);
    matches!(rest, "8" | "16" | "32" | "64")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(LIBRARY.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn recognises_reserved_names() {
        for name in [
            "int",
            "class",
            "bool",
            "_Bool",
            "restrict",
            "size_t",
            "uint8_t",
            "int_fast32_t",
            "uint_least64_t",
            "INT32_MAX",
            "UINT64_C",
            "INT_LEAST8_MIN",
            "NULL",
            "NAN",
            "offsetof",
        ] {
            assert!(is_reserved(name), "{name}");
        }
        for name in ["Vec3", "integer", "int128_t", "uint8", "INT32", "x", "Int"] {
            assert!(!is_reserved(name), "{name}");
        }
    }
}
