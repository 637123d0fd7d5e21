//! The C spelling of every item, decided once before anything is written.
//!
//! Naming up front lets every later stage look names up instead of re-deriving them, and lets
//! collisions be found across the whole header: two Rust items that end up with one C name are
//! an error naming both, never a silent pick.

mod reserved;

use std::collections::{BTreeMap, BTreeSet};

use interoptopus_core::model::{Guard, Model, TagStyle, TypeKind};
use interoptopus_core::naming::{ToShoutySnakeCase, ToSnakeCase};
use interoptopus_core::EmitError;

use crate::config::{Config, EnumeratorStyle};
use crate::error::emit_error;
use crate::types::enums::{self, EnumRepr};

pub(crate) use reserved::is_reserved;

/// Fixed member names the header uses for tagged unions.
pub(crate) const TAG_MEMBER: &str = "tag";
pub(crate) const PAYLOAD_MEMBER: &str = "payload";

/// Escapes a name that C or C++ reserve (keywords, names from the included headers) by
/// appending `_`, so `int` becomes `int_`.
pub(crate) fn escape(name: &str) -> String {
    let mut out = name.to_string();
    while is_reserved(&out) {
        out.push('_');
    }
    out
}

/// The C name of a struct field, parameter or union member.
pub(crate) fn member(name: &str) -> String {
    escape(name)
}

/// Whether `name` is a valid C identifier (ASCII letters, digits, `_`; not starting with a digit).
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// C names of every model item, indexed like the model.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// Per type id: the typedef name.
    pub types: Vec<String>,
    /// Per type id: the generated tag type of a tagged union.
    pub tags: Vec<Option<String>>,
    /// Per type id: enumerator names of an enum, or the tag constants of a tagged union.
    pub enumerators: Vec<Vec<String>>,
    /// Per type id: the union member carrying each variant of a tagged union.
    pub variant_members: Vec<Vec<String>>,
    pub functions: Vec<String>,
    pub statics: Vec<String>,
    pub constants: Vec<String>,
    /// The `#define` carrying the API fingerprint, when the model has one.
    pub fingerprint: Option<String>,
    /// How Rust's `bool` is spelled: `bool`, or the C89 typedef (empty means `bool`).
    pub bool_type: String,
    /// The deprecation attribute macros (for declarations, for enumerators), when the model
    /// has anything deprecated.
    pub deprecated: Option<(String, String)>,
    /// The function-like macro comparing it with the library's: `<LIB>_API_CHECK()`.
    pub fingerprint_check: Option<String>,
}

impl Names {
    /// The C spelling of Rust's `bool`.
    pub(crate) fn bool_name(&self) -> &str {
        if self.bool_type.is_empty() {
            "bool"
        } else {
            &self.bool_type
        }
    }
}

/// Who claims a C name, for collision messages.
#[derive(Clone, Debug)]
struct Owner {
    rust_path: String,
    what: &'static str,
    /// Owners under guards that exclude each other never meet in one compilation.
    guard: Guard,
}

/// All names claimed in one C scope.
#[derive(Default)]
struct Scope {
    claims: BTreeMap<String, Vec<Owner>>,
}

impl Scope {
    fn claim(&mut self, c_name: &str, rust_path: &str, what: &'static str) {
        self.claim_guarded(c_name, rust_path, what, &Guard::default());
    }

    fn claim_guarded(&mut self, c_name: &str, rust_path: &str, what: &'static str, guard: &Guard) {
        self.claims
            .entry(c_name.to_string())
            .or_default()
            .push(Owner {
                rust_path: rust_path.to_string(),
                what,
                guard: guard.clone(),
            });
    }

    fn collisions(&self, scope: &str, errors: &mut Vec<EmitError>) {
        for (name, owners) in &self.claims {
            let meet = owners
                .iter()
                .enumerate()
                .any(|(i, a)| owners[i + 1..].iter().any(|b| !a.guard.excludes(&b.guard)));
            if !meet {
                continue;
            }
            let list: Vec<String> = owners
                .iter()
                .map(|o| format!("`{}` ({})", o.rust_path, o.what))
                .collect();
            errors.push(emit_error(
                &owners[0].rust_path,
                format!(
                    "{scope}C name `{name}` would be used by {}",
                    list.join(" and ")
                ),
                Some("rename one of them on the Rust side, or set `Config::prefix`"),
            ));
        }
    }
}

impl Names {
    /// Names every item; returns the names (usable even when there are errors, e.g. for the
    /// layout harness) and every problem found.
    pub(crate) fn build(model: &Model, config: &Config) -> (Names, Vec<EmitError>) {
        let mut errors = Vec::new();
        let mut names = Names::default();
        let mut global = Scope::default();
        // Macros replace every later token with their name, so they must not equal any member.
        let mut macros: BTreeMap<String, String> = BTreeMap::new();
        let mut members: Vec<(String, String)> = Vec::new();
        let prefix = &config.prefix;

        let guard = config.include_guard_name(model);
        global.claim(&guard, "the include guard", "macro");
        macros.insert(guard, "the include guard".into());
        if let Some(typedef) = config.bool_typedef_name(model) {
            global.claim(&typedef, "the `bool` typedef of C89 mode", "type");
            names.bool_type = typedef;
        }
        if model.has_deprecations() {
            let name = config.deprecated_macro_name(model);
            let enumerator = format!("{name}_ENUMERATOR");
            for m in [&name, &enumerator] {
                global.claim(m, "the deprecation macro", "macro");
                macros.insert(m.clone(), "the deprecation macro".into());
            }
            names.deprecated = Some((name, enumerator));
        }

        let type_names: Vec<String> = model
            .types
            .iter()
            .map(|d| escape(&format!("{prefix}{}", config.type_case.apply(&d.name))))
            .collect();
        // A guard macro replaces every later token of its name where it is defined (`-DNAME`
        // defines it as `1`), like the header's own macros.
        for g in &model.guard_macros {
            global.claim(&g.name, "a cfg guard", "guard macro");
            macros.insert(g.name.clone(), format!("the cfg guard `{}`", g.predicate));
        }
        for def in &model.types {
            let ty = escape(&format!("{prefix}{}", config.type_case.apply(&def.name)));
            let first_member = members.len();
            global.claim_guarded(&ty, &def.rust_path, "type", &def.guard);
            names.types.push(ty);
            let shouty = def.name.to_shouty_snake_case();
            let enumerator = |v: &str| match config.enumerator_style {
                EnumeratorStyle::Prefixed => {
                    escape(&format!("{prefix}{shouty}_{}", v.to_shouty_snake_case()))
                }
                EnumeratorStyle::Variant => {
                    escape(&format!("{prefix}{}", v.to_shouty_snake_case()))
                }
                EnumeratorStyle::AsWritten => escape(&format!("{prefix}{v}")),
            };
            let mut tag = None;
            let mut enumerators = Vec::new();
            let mut variant_members = Vec::new();
            match &def.kind {
                TypeKind::Enum {
                    int,
                    repr_c,
                    variants,
                } => {
                    let values: Vec<i128> = variants.iter().map(|v| v.value).collect();
                    let is_macro = enums::repr(*int, *repr_c, &values) == EnumRepr::Defines;
                    for v in variants {
                        let name = enumerator(&v.name);
                        let path = format!("{}::{}", def.rust_path, v.name);
                        global.claim_guarded(&name, &path, "enumerator", &def.guard);
                        if is_macro {
                            macros.insert(name.clone(), path);
                        }
                        enumerators.push(name);
                    }
                }
                TypeKind::TaggedUnion {
                    tag: int,
                    variants,
                    style,
                } => {
                    let inline = *style == TagStyle::Inline;
                    let tag_name = escape(&format!(
                        "{prefix}{}",
                        config.type_case.apply(&format!("{}_Tag", def.name))
                    ));
                    global.claim_guarded(&tag_name, &def.rust_path, "tag type", &def.guard);
                    tag = Some(tag_name);
                    let values: Vec<i128> = variants.iter().map(|v| v.value).collect();
                    let is_macro = enums::repr(
                        *int,
                        *int == interoptopus_core::model::IntKind::I32,
                        &values,
                    ) == EnumRepr::Defines;
                    let mut inner = Scope::default();
                    if inline {
                        inner.claim(TAG_MEMBER, &def.rust_path, "tag member");
                    }
                    for v in variants {
                        let path = format!("{}::{}", def.rust_path, v.name);
                        let name = enumerator(&v.name);
                        global.claim_guarded(&name, &path, "tag enumerator", &def.guard);
                        if is_macro {
                            macros.insert(name.clone(), path.clone());
                        }
                        enumerators.push(name);
                        let m = member(&v.name.to_snake_case());
                        if !v.fields.is_empty() {
                            inner.claim(&m, &path, "variant member");
                            members.push((m.clone(), path.clone()));
                        }
                        variant_members.push(m);
                        let mut fields = Scope::default();
                        if inline {
                            fields.claim(TAG_MEMBER, &def.rust_path, "tag member");
                        }
                        for f in &v.fields {
                            let fm = member(&f.name);
                            let field_path = format!("{path}::{}", f.rust_name);
                            fields.claim(&fm, &field_path, "field");
                            members.push((fm, field_path));
                        }
                        fields.collisions(&format!("in variant `{path}`: "), &mut errors);
                    }
                    inner.collisions(&format!("in `{}`: ", def.rust_path), &mut errors);
                    members.push((TAG_MEMBER.into(), def.rust_path.clone()));
                    members.push((PAYLOAD_MEMBER.into(), def.rust_path.clone()));
                }
                TypeKind::Struct { fields, .. } | TypeKind::Union { fields, .. } => {
                    let mut scope = Scope::default();
                    for f in fields {
                        let m = member(&f.name);
                        let path = format!("{}::{}", def.rust_path, f.rust_name);
                        scope.claim(&m, &path, "field");
                        members.push((m, path));
                    }
                    scope.collisions(&format!("in `{}`: ", def.rust_path), &mut errors);
                }
                TypeKind::FnPtr { sig } => {
                    params(&def.rust_path, sig, &mut members, &mut errors);
                }
                TypeKind::Transparent { .. } | TypeKind::Opaque => {}
            }
            // C++ rejects a member that has the name of a type used in the same class
            // ("changes meaning"); checked over the whole definition, nested structs included.
            let mut used: BTreeSet<&str> = BTreeSet::new();
            for ty in def.kind.type_refs() {
                ty.visit_named(&mut |id| {
                    if let Some(n) = type_names.get(id.0 as usize) {
                        used.insert(n.as_str());
                    }
                });
            }
            if let Some(t) = &tag {
                used.insert(t.as_str());
            }
            if !matches!(def.kind, TypeKind::FnPtr { .. }) {
                for (m, path) in &members[first_member..] {
                    if used.contains(m.as_str()) {
                        errors.push(emit_error(
                            path,
                            format!(
                                "member `{m}` has the name of a type it uses, which C++ rejects"
                            ),
                            Some("rename the field or the type"),
                        ));
                    }
                }
            }
            names.tags.push(tag);
            names.enumerators.push(enumerators);
            names.variant_members.push(variant_members);
        }

        for f in &model.functions {
            symbol(
                &f.name,
                &f.rust_path,
                "function",
                &f.guard,
                &mut global,
                &mut errors,
            );
            names.functions.push(f.name.clone());
            params(&f.rust_path, &f.sig, &mut members, &mut errors);
        }
        for s in &model.statics {
            symbol(
                &s.name,
                &s.rust_path,
                "static",
                &s.guard,
                &mut global,
                &mut errors,
            );
            names.statics.push(s.name.clone());
        }
        for c in &model.constants {
            let name = escape(&format!("{prefix}{}", c.name));
            global.claim_guarded(&name, &c.rust_path, "constant", &c.guard);
            macros.insert(name.clone(), c.rust_path.clone());
            names.constants.push(name);
        }

        if let Some(fp) = &model.fingerprint {
            symbol(
                &fp.function,
                "the API fingerprint function",
                "function",
                &Guard::default(),
                &mut global,
                &mut errors,
            );
            let name = escape(&format!(
                "{prefix}{}_API_FINGERPRINT",
                model.lib_name.to_shouty_snake_case()
            ));
            global.claim(&name, "the API fingerprint", "macro");
            macros.insert(name.clone(), "the API fingerprint".into());
            names.fingerprint = Some(name);
            let check = escape(&format!(
                "{prefix}{}_API_CHECK",
                model.lib_name.to_shouty_snake_case()
            ));
            global.claim(&check, "the API fingerprint check", "macro");
            macros.insert(check.clone(), "the API fingerprint check".into());
            names.fingerprint_check = Some(check);
        }

        global.collisions("", &mut errors);
        for (name, owners) in &global.claims {
            if !is_identifier(name) {
                let path = owners.first().map_or("", |o| o.rust_path.as_str());
                errors.push(emit_error(
                    path,
                    format!("`{name}` is not a valid C identifier"),
                    Some("check `Config::prefix` and the item's export name"),
                ));
            }
        }
        for (name, path) in &members {
            if let Some(macro_path) = macros.get(name) {
                errors.push(emit_error(
                    path,
                    format!(
                        "member or parameter `{name}` would be replaced by the macro `{name}` from `{macro_path}`"
                    ),
                    Some("rename one of them, or set `Config::prefix`"),
                ));
            }
        }
        (names, errors)
    }
}

/// Functions and statics keep their linker symbol: it cannot be escaped or prefixed without
/// breaking the link, so a reserved one is an error.
fn symbol(
    name: &str,
    rust_path: &str,
    what: &'static str,
    guard: &Guard,
    global: &mut Scope,
    errors: &mut Vec<EmitError>,
) {
    global.claim_guarded(name, rust_path, what, guard);
    if is_reserved(name) {
        errors.push(emit_error(
            rust_path,
            format!("the {what} symbol `{name}` is reserved in C or C++ and cannot be declared"),
            Some("export it under another name with `#[export_name = \"...\"]`"),
        ));
    }
}

fn params(
    owner: &str,
    sig: &interoptopus_core::model::FnSig,
    members: &mut Vec<(String, String)>,
    errors: &mut Vec<EmitError>,
) {
    let mut scope = Scope::default();
    for p in &sig.params {
        let m = member(&p.name);
        scope.claim(&m, &format!("{owner}({})", p.name), "parameter");
        members.push((m, owner.to_string()));
    }
    scope.collisions(&format!("in the parameters of `{owner}`: "), errors);
}

#[cfg(test)]
mod tests;
