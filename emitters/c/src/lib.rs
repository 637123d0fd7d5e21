//! The C emitter of interoptopus: one self-contained header for a crate's `extern "C"` API,
//! plus a C11 layout harness that lets a C compiler check the header against the layout model.
//!
//! The header compiles warning-free as C99 (`-std=c99 -Wall -Wextra -Werror -pedantic`, GCC
//! and Clang) and as C++17/C++20; with [`CStandard::C89`] it is valid C89 (`-std=c89
//! -pedantic`, 32- and 64-bit targets) as well. `#[deprecated]` items carry an attribute macro
//! ([`Config::deprecated_macro`]).
//!
//! How Rust constructs map to C (the reasons are in each module's docs):
//!
//! | Rust | C |
//! |------|---|
//! | `usize` / `isize` | `size_t` / `ptrdiff_t` |
//! | `char` / `c_char` | `uint32_t` / `char` |
//! | `*const T`, `&T` / `*mut T`, `&mut T` | `const T *` / `T *` |
//! | `[[T; N]; M]` field | `T name[M][N]` |
//! | `#[repr(transparent)]` | `typedef Inner Name;` |
//! | `packed(N)` / `align(N)` | `#pragma pack(push, N)` / `__attribute__((aligned(N)))` |
//! | `#[repr(C)]` enum | `typedef enum Name { NAME_VARIANT = … } Name;` |
//! | `#[repr(u8)]` enum | `typedef uint8_t Name;` + `enum { NAME_VARIANT = … };` |
//! | enum with data | RFC 2195 struct/union + a `Name_Tag` type |
//! | `const` | `#define NAME <literal of exactly the constant's type>` |
//! | `static` | `extern [const] T NAME;` |
//! | `bool` | `bool` (C89: `typedef unsigned char <prefix>bool`, see [`C89Bool`]) |
//! | `#[deprecated]` | `NAME_DEPRECATED("note")` before the declaration |
//! | item with a guard (`Builder::cfg_guard`) | inside `#if defined(A) && !defined(B)` … `#endif` |
//!
//! Names: types keep their model names (renames happen in lowering) with [`Config::prefix`]
//! and [`TypeCase`] applied; enumerators follow [`EnumeratorStyle`]; functions and statics are
//! the exported symbols. [`Config::const_opaque`] drops `const` from handles for C APIs whose
//! callers keep them in plain pointers.
//!
//! Pattern types (`interoptopus::Slice`, `OwnedString`, `Callback` …) are plain structs; their
//! docs gain the C caller's rules (who owns what, which free function releases it, what NULL
//! means), services get a comment block before their functions, and the API fingerprint is a
//! `#define <LIB>_API_FINGERPRINT` with a `<LIB>_API_CHECK()` macro that compares it with
//! `<lib>_api_fingerprint()` (call it once after loading the library).

mod config;
mod constants;
mod ctx;
mod decl;
mod deprecated;
mod docs;
mod error;
mod functions;
mod guards;
mod harness;
mod header;
mod literals;
mod names;
mod order;
mod patterns;
mod statics;
mod types;

use std::path::PathBuf;

use interoptopus_core::{EmitError, EmitInput, Emitter, OutputFile};

pub use config::{C89Bool, CStandard, Config, DocStyle, EnumeratorStyle, TypeCase};
pub use harness::{CheckKind, LayoutCheck, LayoutHarness, LayoutMismatch};

/// The C backend: emits one header.
#[derive(Clone, Debug, Default)]
pub struct CEmitter {
    config: Config,
}

impl CEmitter {
    pub fn new(config: Config) -> Self {
        CEmitter { config }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl Emitter for CEmitter {
    fn name(&self) -> &str {
        error::LANGUAGE
    }

    fn emit(&self, input: EmitInput<'_>) -> Result<Vec<OutputFile>, Vec<EmitError>> {
        let contents = header(input, &self.config)?;
        Ok(vec![OutputFile {
            path: PathBuf::from(self.config.file_name(input.model)),
            contents,
        }])
    }

    /// Guarded items are written inside `#if defined(..)` regions.
    fn understands_guards(&self) -> bool {
        true
    }
}

/// The header text alone.
pub fn header(input: EmitInput<'_>, config: &Config) -> Result<String, Vec<EmitError>> {
    header::header(input, config)
}

/// A C11 translation unit that `#include`s the header (as `header_include`) and checks, for
/// every sized type and every field, size, alignment and offset against `input.layouts`.
///
/// Compile it with `-std=c11 -Wall -Wextra -Werror` for the target; on failure,
/// [`LayoutHarness::mismatches`] turns the compiler's output into type, field, expected and
/// actual numbers.
pub fn layout_harness(
    input: EmitInput<'_>,
    config: &Config,
    header_include: &str,
) -> LayoutHarness {
    harness::layout_harness(input, config, header_include)
}

/// The `_Static_assert`s of [`layout_harness`] alone, on the same lines: what a compiler must
/// accept for the layout to be right, without the probes that reveal actual numbers after a
/// failure. Much cheaper to build and to compile; the full harness is only needed to explain a
/// failure.
pub fn layout_assertions(input: EmitInput<'_>, config: &Config, header_include: &str) -> String {
    harness::layout_assertions(input, config, header_include)
}

/// What a build's pass/fail compile needs: the `_Static_assert`s of [`layout_harness`] except
/// the field sizes C already implies (a field of a named type, or an array of one, whose size
/// the model gives as its type's, which is checked too), split into up to `units` translation
/// units of whole types, so that several compiler processes can share the work. Each unit
/// includes the header. A failure is explained by compiling [`layout_harness`], which checks
/// everything.
pub fn layout_assertion_units(
    input: EmitInput<'_>,
    config: &Config,
    header_include: &str,
    units: usize,
) -> Vec<String> {
    harness::layout_assertion_units(input, config, header_include, units)
}
