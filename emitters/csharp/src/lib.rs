//! The C# emitter: one `.cs` file of P/Invoke bindings at language level C# 7.2, so the same
//! file compiles with Mono's `mcs`, the .NET SDK and Unity, with no NuGet packages.
//!
//! How Rust constructs are represented (each module explains its part):
//!
//! * every generated struct is **blittable** — its managed bytes are its native bytes — so it
//!   crosses the boundary without copies, fits in fixed buffers and behind pointers, and may
//!   overlap in explicit layouts. `bool` fields are a `byte` behind a `bool` property;
//!   `char` is `uint`; `usize`/`isize` are `UIntPtr`/`IntPtr` ([`types::mapping`]);
//! * structs are `Sequential` (with `Pack` when packed) unless the CLR would lay them out
//!   differently from the layout model, then `Explicit` with the model's offsets and size
//!   ([`types::clr_layout`]); unions and tagged unions are always explicit;
//! * fixed arrays are helper structs around a `fixed` buffer, so files with arrays need
//!   `-unsafe` ([`types::arrays`]);
//! * `#[repr(transparent)]` types are spelled as what they wrap;
//! * opaque types are typed one-pointer handles ([`types::opaque`]); function pointers are a
//!   one-pointer struct plus a delegate and a `GCHandle`-rooting handle class
//!   ([`types::fnptr`]);
//! * Rust references are `ref` parameters; `Option<&T>` adds an `IntPtr` overload
//!   ([`functions`]); statics are properties reading the library's memory ([`statics`]);
//! * on System V x86-64, small structs with a misaligned field (packed) are returned through an
//!   explicit `out` pointer and passed in a stack wrapper, because Mono would use registers
//!   where the ABI says memory ([`abi`]);
//! * a `<Class>Layout` class lists the model's sizes and offsets and can check them against the
//!   running runtime ([`layout_table`]).

mod abi;
mod class;
mod config;
mod constants;
mod ctx;
mod docs;
mod functions;
mod layout_table;
mod names;
mod patterns;
mod statics;
mod types;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use interoptopus_core::writer::CodeWriter;
use interoptopus_core::{EmitError, EmitInput, Emitter, OutputFile};

pub use config::Config;

use ctx::{ArrayHelper, Ctx};
use names::Scope;

/// Generates C# bindings. See the crate docs for how each construct is represented.
#[derive(Clone, Debug, Default)]
pub struct CSharpEmitter {
    config: Config,
}

impl CSharpEmitter {
    pub fn new(config: Config) -> Self {
        CSharpEmitter { config }
    }
}

impl Emitter for CSharpEmitter {
    fn name(&self) -> &str {
        "csharp"
    }

    fn emit(&self, input: EmitInput<'_>) -> Result<Vec<OutputFile>, Vec<EmitError>> {
        let contents = generate(&self.config, input)?;
        Ok(vec![OutputFile {
            path: self.config.file_name(input.model).into(),
            contents,
        }])
    }
}

fn generate(config: &Config, input: EmitInput<'_>) -> Result<String, Vec<EmitError>> {
    let ctx = Ctx::new(input.model, input.layouts, config);
    let namespace = check_config(&ctx);

    let section = || {
        let mut w = CodeWriter::new("    ");
        w.indent();
        w
    };
    let mut types_w = section();
    types::emit(&ctx, &mut types_w);
    let mut class_w = section();
    class::emit(&ctx, &mut class_w);
    let mut patterns_w = section();
    if patterns::active(&ctx) {
        patterns::emit_services(&ctx, &mut patterns_w);
        patterns::emit_support(&ctx, &mut patterns_w);
    }
    // Every array helper has been registered by the types and the class by now.
    let arrays = ctx.arrays();
    let mut arrays_w = section();
    for (i, (name, helper)) in arrays.iter().enumerate() {
        if i > 0 {
            arrays_w.blank();
        }
        types::arrays::emit(&ctx, &mut arrays_w, name, helper);
    }
    let mut layout_w = section();
    layout_table::emit(&ctx, &mut layout_w, &arrays);
    check_namespace(&ctx, &arrays);

    let errors = dedup(ctx.take_errors());
    if !errors.is_empty() {
        return Err(errors);
    }

    let head = header(&ctx, !arrays.is_empty(), patterns::active(&ctx));
    let namespace = format!("namespace {namespace}\n{{\n");
    let sections = [types_w, arrays_w, class_w, patterns_w, layout_w]
        .into_iter()
        .map(CodeWriter::finish)
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>();
    // Tens of megabytes on a large model: one copy into a buffer of the final size.
    let size =
        head.len() + namespace.len() + sections.iter().map(|s| s.len() + 1).sum::<usize>() + 2;
    let mut out = String::with_capacity(size);
    out.push_str(&head);
    out.push_str(&namespace);
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(section);
    }
    out.push_str("}\n");
    Ok(out)
}

fn header(ctx: &Ctx<'_>, arrays: bool, idioms: bool) -> String {
    let t = &ctx.layouts.target;
    let mut h = String::new();
    h.push_str("// <auto-generated>\n");
    h.push_str(&format!(
        "//   Generated by interoptopus-csharp from the Rust library `{}` (package `{}`)\n",
        ctx.model.lib_name, ctx.model.package
    ));
    h.push_str(&format!(
        "//   for {}-{} ({}-bit pointers). Do not edit: the next build overwrites it.\n",
        t.arch, t.os, t.pointer_width
    ));
    h.push_str("// </auto-generated>\n//\n");
    h.push_str("// C# 7.2: compiles with Mono's mcs, the .NET SDK and Unity, without packages.\n");
    if idioms {
        h.push_str(
            "// Slices and strings are pinned with `fixed`, so allow unsafe code: `mcs -unsafe`,\n\
             // <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in a .csproj, or Unity's \"Allow 'unsafe' Code\".\n",
        );
    } else if arrays {
        h.push_str(
            "// Fixed-size arrays are fixed buffers, so allow unsafe code: `mcs -unsafe`,\n\
             // <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in a .csproj, or Unity's \"Allow 'unsafe' Code\".\n",
        );
    }
    if ctx.model.has_deprecations() {
        // The bindings themselves use what they mark `[Obsolete]` (a raw import, a field of
        // a deprecated type); only the user's code should be warned.
        h.push_str("\n#pragma warning disable 612, 618\n");
    }
    h.push_str("\nusing System;\nusing System.Runtime.InteropServices;\n\n");
    h
}

/// Validates the configured names; returns the namespace as written (keywords escaped).
fn check_config(ctx: &Ctx<'_>) -> String {
    let path = "csharp::Config";
    let raw_ns = ctx.config.namespace_for(ctx.model);
    let segments: Vec<String> = raw_ns.split('.').map(names::escape).collect();
    if segments
        .iter()
        .any(|s| !names::is_identifier(names::unescaped(s)))
    {
        ctx.error(
            path,
            format!("`{raw_ns}` is not a C# namespace"),
            Some("use dot-separated identifiers, e.g. `My.Company.Bindings`".into()),
        );
    }
    if !names::is_identifier(names::unescaped(&ctx.class)) {
        ctx.error(
            path,
            format!("`{}` is not a C# class name", ctx.class),
            None,
        );
    }
    if ctx.config.dll_for(ctx.model).is_empty() {
        ctx.error(path, "the DllImport library name is empty", None);
    }
    if ctx.config.file_name(ctx.model).is_empty() {
        ctx.error(path, "the output file name is empty", None);
    }
    segments.join(".")
}

/// Every namespace-level name must be unique and must not shadow what the code uses.
fn check_namespace(ctx: &Ctx<'_>, arrays: &BTreeMap<String, ArrayHelper>) {
    let mut scope = Scope::with_reserved("namespace", format!("crate ({})", ctx.model.package));
    scope.declare(
        ctx,
        &ctx.class,
        "the static class from `csharp::Config::class`",
    );
    scope.declare(
        ctx,
        &layout_table::class_name(ctx),
        "the generated layout table class",
    );
    for (id, def) in ctx.model.types_with_ids() {
        for n in types::namespace_names(ctx, id) {
            scope.declare_at(
                ctx,
                &n,
                format!("`{n}` from `{}`", def.rust_path),
                &def.rust_path,
            );
        }
    }
    if patterns::active(ctx) {
        scope.declare(
            ctx,
            &patterns::support_class(ctx),
            "the support class of the idiomatic layer",
        );
        scope.declare(
            ctx,
            &patterns::fingerprint_exception(ctx),
            "the fingerprint exception",
        );
        for p in &ctx.model.patterns {
            if matches!(p.pattern, interoptopus_core::model::Pattern::ErrorEnum) {
                scope.declare(
                    ctx,
                    &patterns::exception_name(ctx, p.ty),
                    "an error enum's exception",
                );
            }
        }
        for s in &ctx.model.services {
            scope.declare_at(
                ctx,
                &ctx.naming.pascal(&s.name),
                format!("the service class of `{}`", s.rust_path),
                &s.rust_path,
            );
        }
    }
    for (name, helper) in arrays {
        scope.declare_at(
            ctx,
            name,
            format!("the array helper `{name}`"),
            &helper.rust_path,
        );
    }
}

/// Drops repeated errors (a bad field type is seen by the struct and by the layout table).
fn dedup(errors: Vec<EmitError>) -> Vec<EmitError> {
    let mut out: Vec<EmitError> = Vec::with_capacity(errors.len());
    for e in errors {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}
