//! The static class holding constants, functions and statics (`Interop` by default). It is
//! `partial` so users can add members in their own file without editing generated code.

use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::names::Scope;
use crate::{constants, docs, functions, patterns, statics};

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let class = &ctx.class;
    docs::summary_text(
        w,
        format_args!(
            "Constants, functions and statics of the Rust library `{}`.",
            ctx.model.lib_name
        ),
    );
    w.line(format!(
        "{} static partial class {class}",
        ctx.config.access()
    ));
    w.block("{", "}", |w| {
        let mut scope = Scope::with_reserved(
            format!("class `{class}`"),
            format!("crate ({})", ctx.model.package),
        );
        scope.declare(ctx, class, "the class itself");
        let mut body = w.nested();
        let raw = patterns::raw_functions(ctx);
        let idiomatic = patterns::active(ctx);
        if idiomatic {
            body.blank();
            body.line("/// <summary>Checks the library's API fingerprint before the first call.</summary>");
            body.line(format!("static {}() {{ {}.CheckFingerprint(); }}", crate::names::unescaped(class), patterns::support_class(ctx)));
        }
        constants::emit(ctx, &mut body, &mut scope);
        functions::emit(ctx, &mut body, &mut scope, &|n| !raw.contains(n));
        if idiomatic {
            for f in patterns::wrapped_functions(ctx) {
                scope.declare_at(ctx, &ctx.naming.pascal(&f.name), format!("the wrapper of `{}`", f.name), &f.rust_path);
            }
            patterns::emit_wrappers(ctx, &mut body);
            scope.declare(ctx, "Raw", "the nested class of raw imports");
            body.blank();
            body.line("/// <summary>The raw imports of the functions that have an idiomatic form above (and of the service functions and free functions): the C ABI as it is.</summary>");
            body.line(format!("{} static class Raw", ctx.config.access()));
            body.block("{", "}", |w| {
                w.line("/// <summary>Checks the library's API fingerprint before the first call.</summary>");
                w.line(format!("static Raw() {{ {}.CheckFingerprint(); }}", patterns::support_class(ctx)));
                let mut raw_scope = Scope::with_reserved(format!("class `{class}.Raw`"), format!("crate ({})", ctx.model.package));
                raw_scope.declare(ctx, "Raw", "the class itself");
                functions::emit(ctx, w, &mut raw_scope, &|n| raw.contains(n));
            });
        }
        statics::emit(ctx, &mut body, &mut scope);
        // Every section starts with a blank separator; drop the first one.
        let text = body.finish();
        w.raw(text.strip_prefix('\n').unwrap_or(&text));
    });
}
