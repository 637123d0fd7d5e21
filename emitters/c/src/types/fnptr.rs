//! Function pointer types as typedefs. A nullable one (`Option<extern "C" fn ..>`) has the
//! same C type; C has no way to say "never null".

use interoptopus_core::model::{FnSig, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;

pub(crate) fn write_fn_ptr(ctx: &mut Ctx<'_>, w: &mut CodeWriter, id: TypeId, sig: &FnSig) {
    let def = ctx.model.type_def(id);
    let path = def.rust_path.clone();
    let name = ctx.names.types[id.0 as usize].clone();
    let params = crate::functions::param_list(ctx, &path, sig);
    let decl = ctx
        .declarer()
        .returning(&sig.ret, &format!("(*{name})({params})"));
    let decl = ctx.ok_or_record(&path, decl);
    write_docs(w, ctx.config.doc_style_value(), &def.docs);
    let deprecated = crate::deprecated::prefix(ctx, def.deprecated.as_ref());
    w.line(format!("{deprecated}typedef {decl};"));
}
