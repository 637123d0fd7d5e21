//! Fieldless enums: `enum.IntEnum` with UPPER_CASE members.
//!
//! Values coming back from C are looked up in a plain dict (`_Name_OF[v]`), several times
//! faster than calling the enum class, which goes through the enum metaclass.

use interoptopus_core::model::{EnumVariant, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::{comment, docstring};

pub(super) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, variants: &[EnumVariant]) {
    let class = ctx.py(id);
    let def = ctx.model.type_def(id);
    w.line(format!("class {class}(_enum.IntEnum):"));
    w.indent();
    let documented = docstring(w, &def.docs, &[]);
    if !documented && variants.is_empty() {
        w.line("pass");
    }
    for (i, (v, n)) in variants
        .iter()
        .zip(&ctx.names.types[id.0 as usize].variants)
        .enumerate()
    {
        // A blank line after the docstring and around documented members only.
        if (i == 0 && documented) || (i > 0 && !v.docs.is_empty()) {
            w.blank();
        }
        comment(w, &v.docs);
        w.line(format!("{} = {}", n.py, v.value));
    }
    w.dedent();
    w.blank();
    w.blank();
    w.line(format!(
        "_{class}_OF: dict[int, {class}] = {{m.value: m for m in {class}}}"
    ));
}
