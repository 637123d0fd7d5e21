//! Exported functions as prototypes. The C name is the linker symbol, never prefixed.

use interoptopus_core::model::FnSig;
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;
use crate::guards::GuardRegion;
use crate::names::member;

/// `uint32_t value, const Vec3 *point`, or `void` for no parameters (in C an empty list
/// means "unspecified", not "none").
pub(crate) fn param_list(ctx: &mut Ctx<'_>, owner: &str, sig: &FnSig) -> String {
    if sig.params.is_empty() {
        return "void".into();
    }
    let mut out = Vec::with_capacity(sig.params.len());
    for p in &sig.params {
        let decl = ctx.declarer().parameter(&p.ty, &member(&p.name));
        out.push(ctx.ok_or_record(owner, decl));
    }
    out.join(", ")
}

pub(crate) fn write_functions(ctx: &mut Ctx<'_>, w: &mut CodeWriter, region: &mut GuardRegion) {
    let model = ctx.model;
    for (f, name) in model.functions.iter().zip(ctx.names.functions.clone()) {
        region.enter(w, &f.guard);
        let params = param_list(ctx, &f.rust_path, &f.sig);
        let decl = ctx
            .declarer()
            .returning(&f.sig.ret, &format!("{name}({params})"));
        let decl = ctx.ok_or_record(&f.rust_path, decl);
        crate::patterns::write_service_block(ctx, w, &f.name);
        write_docs(w, ctx.config.doc_style_value(), &f.docs);
        let deprecated = crate::deprecated::prefix(ctx, f.deprecated.as_ref());
        w.line(format!("{deprecated}{decl};"));
        w.blank();
    }
}
