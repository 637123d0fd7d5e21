//! A C11 translation unit that checks the header against the layout model.
//!
//! Every check is one line: a `_Static_assert` that fails with the type, field and expected
//! number, and beside it a pointer initialisation `char (*)[expected] = (char (*)[actual])0`.
//! When the two differ, GCC and Clang reject the initialisation as incompatible pointer types
//! and print both array types, so the error shows the *actual* number too, which
//! `_Static_assert` alone never does. `__extension__` keeps the zero-length array an offset
//! of 0 needs quiet even under `-pedantic`. Each check records its line so a caller can map the
//! compiler's messages back to the model ([`LayoutHarness::mismatches`]).

use interoptopus_core::layout::{FieldLayout, TypeLayout};
use interoptopus_core::model::{Guard, TagStyle, TypeKind, TypeRef};
use interoptopus_core::EmitInput;

use crate::config::Config;
use crate::names::{member, Names, PAYLOAD_MEMBER, TAG_MEMBER};

/// What a [`LayoutCheck`] compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckKind {
    /// `sizeof` of the type, or of the field when there is one.
    Size,
    /// `_Alignof` of the type.
    Align,
    /// `offsetof` the field from the start of the type.
    Offset,
}

impl CheckKind {
    fn label(self) -> &'static str {
        match self {
            CheckKind::Size => "size",
            CheckKind::Align => "align",
            CheckKind::Offset => "offset",
        }
    }
}

/// One number the harness checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutCheck {
    /// 1-based line in [`LayoutHarness::source`].
    pub line: u32,
    /// The type's model name.
    pub type_name: String,
    /// The field's model name; `Variant.field` inside a tagged union's variant, `tag` and
    /// `payload` for its tag and payload union.
    pub field: Option<String>,
    pub what: CheckKind,
    /// The layout model's number.
    pub expected: u64,
}

impl LayoutCheck {
    /// `Vec3.y offset`, `Vec3 size`.
    pub fn subject(&self) -> String {
        match &self.field {
            Some(f) => format!("{}.{f} {}", self.type_name, self.what.label()),
            None => format!("{} {}", self.type_name, self.what.label()),
        }
    }
}

/// The harness source and what each of its lines checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutHarness {
    pub source: String,
    pub checks: Vec<LayoutCheck>,
}

/// A check the C compiler rejected, with the number it computed when its message showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutMismatch {
    pub check: LayoutCheck,
    pub actual: Option<u64>,
}

impl std::fmt::Display for LayoutMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "layout mismatch: {}: the model says {}",
            self.check.subject(),
            self.check.expected
        )?;
        match self.actual {
            Some(a) => write!(f, ", the C compiler says {a}"),
            None => Ok(()),
        }
    }
}

impl LayoutHarness {
    /// The same checks with only the `_Static_assert`s, on the same lines: what a compiler
    /// must accept, at a fraction of the cost of [`LayoutHarness::source`] (the pointer
    /// initialisations that reveal the actual numbers are only worth compiling once a check
    /// has failed).
    pub fn assertions_only(&self) -> String {
        let mut out = String::with_capacity(self.source.len() / 2);
        for line in self.source.lines() {
            match line.split_once(ACTUAL_PROBE) {
                Some((assertion, _)) => out.push_str(assertion.trim_end()),
                None => out.push_str(line),
            }
            out.push('\n');
        }
        out
    }

    /// The check written on `line`.
    pub fn check_at_line(&self, line: u32) -> Option<&LayoutCheck> {
        // The harness writes its checks in line order; a failing build can report every one
        // of a few hundred thousand, so look them up by bisection.
        if self.checks.is_sorted_by_key(|c| c.line) {
            let i = self.checks.binary_search_by_key(&line, |c| c.line).ok()?;
            return self.checks.get(i);
        }
        self.checks.iter().find(|c| c.line == line)
    }

    /// Reads a compiler's diagnostics for the harness (saved as a file whose path ends with
    /// `harness_file`) and returns every failed check, in line order, with the actual number
    /// when the compiler printed it.
    pub fn mismatches(&self, harness_file: &str, compiler_output: &str) -> Vec<LayoutMismatch> {
        let mut found: std::collections::BTreeMap<u32, LayoutMismatch> = Default::default();
        for text in compiler_output.lines() {
            if !text.contains("error") {
                continue;
            }
            let Some(line) = diagnostic_line(text, harness_file) else {
                continue;
            };
            let Some(check) = self.check_at_line(line) else {
                continue;
            };
            let actual = last_array_len(text);
            found
                .entry(line)
                .and_modify(|m| m.actual = m.actual.or(actual))
                .or_insert_with(|| LayoutMismatch {
                    check: check.clone(),
                    actual,
                });
        }
        found.into_values().collect()
    }
}

/// The line number in `…harness_file:LINE:COL: error…`.
fn diagnostic_line(text: &str, harness_file: &str) -> Option<u32> {
    let marker = format!("{harness_file}:");
    let start = text.find(&marker)? + marker.len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The number in the last `(*)[N]` of a line: the initialiser's type, i.e. the actual value.
fn last_array_len(text: &str) -> Option<u64> {
    let start = text.rfind("(*)[")? + 4;
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Where the part of a check line that reveals the actual number starts.
const ACTUAL_PROBE: &str = "{ __extension__";

/// Collects the harness lines and their checks.
struct Builder {
    lines: Vec<String>,
    checks: Vec<LayoutCheck>,
    /// Whether each line also gets the probe that reveals the actual number (and is recorded
    /// as a [`LayoutCheck`]); without, only the `_Static_assert`s are written.
    probes: bool,
    /// Whether checks C already implies are left out (see [`implied_size`]); only for the
    /// pass/fail compile, never for a harness whose lines must match [`LayoutHarness::checks`].
    skip_implied: bool,
}

impl Builder {
    fn check(
        &mut self,
        type_name: &str,
        field: Option<String>,
        what: CheckKind,
        expr: &str,
        expected: u64,
    ) {
        if !self.probes {
            let subject = match &field {
                Some(f) => format!("{type_name}.{f} {}", what.label()),
                None => format!("{type_name} {}", what.label()),
            };
            let message = c_string(&format!("interoptopus layout: {subject} == {expected}"));
            self.lines.push(format!(
                "    _Static_assert({expr} == {expected}, \"{message}\");"
            ));
            return;
        }
        let line = self.lines.len() as u32 + 1;
        let check = LayoutCheck {
            line,
            type_name: type_name.to_string(),
            field,
            what,
            expected,
        };
        let message = c_string(&format!(
            "interoptopus layout: {} == {expected}",
            check.subject()
        ));
        self.lines.push(format!(
            "    _Static_assert({expr} == {expected}, \"{message}\"); \
             {ACTUAL_PROBE} char (*actual)[{expected}] = (char (*)[{expr}])0; (void)actual; }}"
        ));
        self.checks.push(check);
    }

    /// Offset and size of one member, reached by `designator` from the type `c_type`. With
    /// `size_implied`, the member's size follows from checks elsewhere in the harness.
    fn member(
        &mut self,
        type_name: &str,
        c_type: &str,
        field: String,
        designator: &str,
        l: &FieldLayout,
        size_implied: bool,
    ) {
        self.check(
            type_name,
            Some(field.clone()),
            CheckKind::Offset,
            &format!("offsetof({c_type}, {designator})"),
            l.offset,
        );
        if size_implied && self.skip_implied {
            return;
        }
        self.check(
            type_name,
            Some(field),
            CheckKind::Size,
            &format!("sizeof((({c_type} *)0)->{designator})"),
            l.size,
        );
    }
}

/// Escapes text for a C string literal.
fn c_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

pub(crate) fn layout_harness(
    input: EmitInput<'_>,
    config: &Config,
    header_include: &str,
) -> LayoutHarness {
    build(input, config, header_include, true, false).0
}

/// [`LayoutHarness::assertions_only`] without building the full harness first.
pub(crate) fn layout_assertions(
    input: EmitInput<'_>,
    config: &Config,
    header_include: &str,
) -> String {
    build(input, config, header_include, false, false).0.source
}

/// The `_Static_assert`s a compiler must accept, without those C already implies, as `units`
/// translation units of about equal size (fewer when there are fewer types). Each unit
/// includes the header and checks a run of whole types, inside their guards.
pub(crate) fn layout_assertion_units(
    input: EmitInput<'_>,
    config: &Config,
    header_include: &str,
    units: usize,
) -> Vec<String> {
    let (harness, cuts) = build(input, config, header_include, false, true);
    split_units(&harness.source, &cuts, units)
}

/// Where a type's checks begin: the line index before its `#if`/`#endif` (if any), and the
/// guard open at that point.
struct Cut {
    line: usize,
    open: Guard,
}

/// The places the harness may be split: the first line of the function body (with no guard
/// open), then every type's start.
struct Cuts {
    body: usize,
    types: Vec<Cut>,
}

/// Splits the harness at the type starts nearest to equal shares of its body; every unit
/// repeats the lines before the body (comment, `#include`s, pragmas, the function's opening),
/// reopens the guard open at its start and closes the function.
fn split_units(source: &str, cuts: &Cuts, units: usize) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let len = lines.len();
    let body_len = len.saturating_sub(cuts.body + 1);
    let mut bounds: Vec<&Cut> = Vec::new();
    for k in 1..units.max(1) {
        let want = cuts.body + body_len * k / units;
        if let Some(cut) = cuts.types.iter().find(|c| c.line >= want) {
            if cut.line > cuts.body && bounds.last().is_none_or(|b| b.line < cut.line) {
                bounds.push(cut);
            }
        }
    }
    let mut out = Vec::with_capacity(bounds.len() + 1);
    let mut start: Option<&Cut> = None;
    for end in bounds.iter().copied().map(Some).chain([None]) {
        let mut unit: Vec<String> = lines[..cuts.body].iter().map(|l| l.to_string()).collect();
        let from = match start {
            Some(c) => {
                if !c.open.is_always() {
                    unit.push(format!("#if {}", c.open.to_c_condition()));
                }
                c.line
            }
            None => cuts.body,
        };
        match end {
            Some(c) => {
                unit.extend(lines[from..c.line].iter().map(|l| l.to_string()));
                if !c.open.is_always() {
                    unit.push("#endif".into());
                }
                unit.push("}".into());
            }
            None => unit.extend(lines[from..].iter().map(|l| l.to_string())),
        }
        let mut text = unit.join("\n");
        text.push('\n');
        out.push(text);
        start = end;
    }
    out
}

/// Whether C fixes the size of a field of type `ty` through checks the harness makes anyway:
/// a named type's size is checked with the type, and `sizeof` a member is `sizeof` its type
/// (times the length for an array), so the field's own check adds nothing when the layout
/// model gives the field the size of its type.
fn implied_size(input: EmitInput<'_>, names: &Names, ty: &TypeRef, field_size: u64) -> bool {
    fn size_of(input: EmitInput<'_>, names: &Names, ty: &TypeRef) -> Option<u64> {
        match ty {
            // Checked only when it has a layout and a C name (see the loop in `build`).
            TypeRef::Named { id, .. } => {
                names.types.get(id.0 as usize)?;
                input.layouts.of(*id).map(|l| l.size)
            }
            TypeRef::Array { element, len } => size_of(input, names, element)?.checked_mul(*len),
            _ => None,
        }
    }
    size_of(input, names, ty) == Some(field_size)
}

fn build(
    input: EmitInput<'_>,
    config: &Config,
    header_include: &str,
    probes: bool,
    skip_implied: bool,
) -> (LayoutHarness, Cuts) {
    let model = input.model;
    let (names, _) = Names::build(model, config);
    let target = &input.layouts.target;
    let mut b = Builder {
        lines: Vec::new(),
        checks: Vec::new(),
        probes,
        skip_implied,
    };
    b.lines.extend([
        format!(
            "/* Layout checks for {}, generated by interoptopus-c for {}-{} ({}-bit pointers).",
            config.file_name(model),
            target.arch,
            target.os,
            target.pointer_width
        ),
        " * Compile as C11. A failed check names the type, the field and the expected number;"
            .into(),
        " * the incompatible-pointer error on the same line shows the actual one. */".into(),
        format!("#include \"{header_include}\""),
        "#include <stddef.h>".into(),
    ]);
    if model.has_deprecations() {
        // Measuring a deprecated type is not using it.
        b.lines.extend([
            "#if defined(__GNUC__) || defined(__clang__)".into(),
            "#pragma GCC diagnostic ignored \"-Wdeprecated-declarations\"".into(),
            "#elif defined(_MSC_VER)".into(),
            "#pragma warning(disable: 4996)".into(),
            "#endif".into(),
        ]);
    }
    b.lines.extend([
        String::new(),
        "void interoptopus_layout_checks(void);".into(),
        "void interoptopus_layout_checks(void) {".into(),
    ]);
    let mut cuts = Cuts {
        body: b.lines.len(),
        types: Vec::new(),
    };
    // A guarded type's checks sit in the same `#if` as its declaration: each compile of the
    // harness checks exactly the types its macros make visible.
    let mut open = Guard::default();
    for (id, def) in model.types_with_ids() {
        let Some(layout) = input.layouts.of(id) else {
            continue;
        };
        let Some(c_type) = names.types.get(id.0 as usize) else {
            continue;
        };
        cuts.types.push(Cut {
            line: b.lines.len(),
            open: open.clone(),
        });
        if def.guard != open {
            if !open.is_always() {
                b.lines.push("#endif".into());
            }
            if !def.guard.is_always() {
                b.lines.push(format!("#if {}", def.guard.to_c_condition()));
            }
            open = def.guard.clone();
        }
        type_checks(
            &mut b,
            input,
            &names,
            id.0 as usize,
            &def.name,
            c_type,
            &def.kind,
            layout,
        );
    }
    if !open.is_always() {
        b.lines.push("#endif".into());
    }
    b.lines.push("}".into());
    let mut source = b.lines.join("\n");
    source.push('\n');
    (
        LayoutHarness {
            source,
            checks: b.checks,
        },
        cuts,
    )
}

#[allow(clippy::too_many_arguments)]
fn type_checks(
    b: &mut Builder,
    input: EmitInput<'_>,
    names: &Names,
    index: usize,
    name: &str,
    c_type: &str,
    kind: &TypeKind,
    layout: &TypeLayout,
) {
    b.check(
        name,
        None,
        CheckKind::Size,
        &format!("sizeof({c_type})"),
        layout.size,
    );
    b.check(
        name,
        None,
        CheckKind::Align,
        &format!("_Alignof({c_type})"),
        layout.align,
    );
    match kind {
        TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => {
            for (f, l) in fields.iter().zip(&layout.fields) {
                let implied = implied_size(input, names, &f.ty, l.size);
                b.member(name, c_type, f.name.clone(), &member(&f.name), l, implied);
            }
        }
        TypeKind::TaggedUnion {
            style, variants, ..
        } => {
            if let Some(tag) = layout.fields.first() {
                b.member(name, c_type, TAG_MEMBER.into(), TAG_MEMBER, tag, false);
            }
            let has_payload = variants.iter().any(|v| !v.fields.is_empty());
            if let (TagStyle::Separate, Some(offset), true) =
                (style, layout.payload_offset, has_payload)
            {
                b.check(
                    name,
                    Some(PAYLOAD_MEMBER.into()),
                    CheckKind::Offset,
                    &format!("offsetof({c_type}, {PAYLOAD_MEMBER})"),
                    offset,
                );
            }
            let members = names
                .variant_members
                .get(index)
                .cloned()
                .unwrap_or_default();
            for ((v, vl), vm) in variants.iter().zip(&layout.variants).zip(&members) {
                let path = match style {
                    TagStyle::Separate => format!("{PAYLOAD_MEMBER}.{vm}"),
                    TagStyle::Inline => vm.clone(),
                };
                for (f, l) in v.fields.iter().zip(&vl.fields) {
                    let designator = format!("{path}.{}", member(&f.name));
                    let implied = implied_size(input, names, &f.ty, l.size);
                    b.member(
                        name,
                        c_type,
                        format!("{}.{}", v.name, f.name),
                        &designator,
                        l,
                        implied,
                    );
                }
            }
        }
        TypeKind::Transparent { .. } | TypeKind::Enum { .. } | TypeKind::FnPtr { .. } => {}
        TypeKind::Opaque => {}
    }
}
