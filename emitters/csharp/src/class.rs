//! The static class holding constants, functions and statics (`Interop` by default). It is
//! `partial` so users can add members in their own file without editing generated code.

use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::names::Scope;
use crate::{constants, docs, functions, statics};

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let class = &ctx.class;
    docs::summary_text(
        w,
        &format!(
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
        let mut body = CodeWriter::new("    ");
        constants::emit(ctx, &mut body, &mut scope);
        functions::emit(ctx, &mut body, &mut scope);
        statics::emit(ctx, &mut body, &mut scope);
        // Every section starts with a blank separator; drop the first one.
        let text = body.finish();
        for line in text.strip_prefix('\n').unwrap_or(&text).lines() {
            w.line(line);
        }
    });
}
