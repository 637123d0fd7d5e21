//! `#[no_mangle]` statics as `extern` declarations; an immutable one is `const` (for a
//! pointer, the pointer itself: `extern const char *const NAME;`). Never a definition, which
//! would give every translation unit its own copy.

use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;
use crate::guards::GuardRegion;

pub(crate) fn write_statics(ctx: &mut Ctx<'_>, w: &mut CodeWriter, region: &mut GuardRegion) {
    let model = ctx.model;
    for (s, name) in model.statics.iter().zip(ctx.names.statics.clone()) {
        region.enter(w, &s.guard);
        let decl = ctx.declarer().declare(&s.ty, &name, !s.mutable);
        let decl = ctx.ok_or_record(&s.rust_path, decl);
        write_docs(w, ctx.config.doc_style_value(), &s.docs);
        let deprecated = crate::deprecated::prefix(ctx, s.deprecated.as_ref());
        w.line(format!("{deprecated}extern {decl};"));
        w.blank();
    }
}
