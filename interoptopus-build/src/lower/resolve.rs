//! Module-aware name resolution: what a path written in some module refers to, following
//! `use` (renames, groups, globs, `self`/`super`/`crate`) the way rustc's 2018+ rules do.
//!
//! A path whose first segment is not declared or imported in the module is an extern crate
//! (2018 edition: the extern prelude), as is every `::name::…` path. When the name is an
//! opted-in dependency of the module's crate, resolution continues in that crate's root
//! module; otherwise the path stays [`Entity::External`] (std, the `interoptopus` runtime, or
//! a dependency that is not read). `crate::` always means the root of the crate the path is
//! written in, so a dependency's own paths resolve inside it.

use syn::ext::IdentExt;

use super::index::{CrateIndex, ItemRef};

/// What a path refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Item(ItemRef),
    Module(usize),
    /// An item followed by one more segment: `MyEnum::Variant`, `Type::CONST`.
    Associated(ItemRef, String),
    /// Outside the crates read (or a primitive / prelude name): the full path as written
    /// after following `use`s, e.g. `["std", "ffi", "c_int"]`, `["u32", "MAX"]`, `["Option"]`.
    External(Vec<String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Namespace {
    Type,
    Value,
    /// A non-final path segment: modules first, then types (for `Type::ASSOC`).
    Module,
}

/// Deep enough for any real chain of re-exports; stops `use` cycles from recursing forever.
const MAX_DEPTH: u32 = 48;

impl CrateIndex {
    /// Resolves `segments` as written in module `from`.
    pub fn resolve(
        &self,
        from: usize,
        segments: &[String],
        leading_colon: bool,
        ns: Namespace,
    ) -> Option<Entity> {
        self.resolve_at(from, segments, leading_colon, ns, 0)
    }

    /// Resolves a `syn::Path` written in module `from`.
    pub fn resolve_path(&self, from: usize, path: &syn::Path, ns: Namespace) -> Option<Entity> {
        let segments: Vec<String> = path
            .segments
            .iter()
            .map(|s| s.ident.unraw().to_string())
            .collect();
        self.resolve(from, &segments, path.leading_colon.is_some(), ns)
    }

    fn resolve_at(
        &self,
        from: usize,
        segments: &[String],
        leading_colon: bool,
        ns: Namespace,
        depth: u32,
    ) -> Option<Entity> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (first, rest) = segments.split_first()?;
        if leading_colon {
            return match self.extern_crate_root(from, first) {
                Some(root) => self.walk(root, rest, ns, depth + 1),
                None => Some(Entity::External(segments.to_vec())),
            };
        }
        let start = match first.as_str() {
            "crate" => self.module_in(from, &[])?,
            "self" => from,
            "super" => self.parent(from)?,
            _ => {
                if rest.is_empty() {
                    return self.lookup(from, first, ns, true, depth + 1);
                }
                match self.lookup(from, first, Namespace::Module, true, depth + 1)? {
                    Entity::Module(m) => m,
                    Entity::External(mut p) => {
                        p.extend(rest.iter().cloned());
                        return Some(Entity::External(p));
                    }
                    Entity::Item(item) if rest.len() == 1 => {
                        return Some(Entity::Associated(item, rest[0].clone()))
                    }
                    _ => return None,
                }
            }
        };
        self.walk(start, rest, ns, depth + 1)
    }

    /// Follows `rest` down from module `module`; `super` may repeat at the front.
    fn walk(
        &self,
        mut module: usize,
        rest: &[String],
        ns: Namespace,
        depth: u32,
    ) -> Option<Entity> {
        let mut i = 0;
        while i < rest.len() && rest[i] == "super" {
            module = self.parent(module)?;
            i += 1;
        }
        let rest = &rest[i..];
        let Some((last, middle)) = rest.split_last() else {
            return Some(Entity::Module(module));
        };
        for (k, seg) in middle.iter().enumerate() {
            match self.lookup(module, seg, Namespace::Module, false, depth + 1)? {
                Entity::Module(m) => module = m,
                Entity::External(mut p) => {
                    p.extend(rest[k + 1..].iter().cloned());
                    return Some(Entity::External(p));
                }
                Entity::Item(item) if k + 2 == rest.len() => {
                    return Some(Entity::Associated(item, last.clone()))
                }
                _ => return None,
            }
        }
        self.lookup(module, last, ns, false, depth + 1)
    }

    fn parent(&self, module: usize) -> Option<usize> {
        let path = &self.scopes.get(module)?.path;
        let (_, parent) = path.split_last()?;
        self.module_in(module, parent)
    }

    /// What `name` means inside `module`: its own items, then its `use`s, then its globs,
    /// then (for unknown names) something outside the crate.
    fn lookup(
        &self,
        module: usize,
        name: &str,
        ns: Namespace,
        allow_external: bool,
        depth: u32,
    ) -> Option<Entity> {
        if depth > MAX_DEPTH {
            return None;
        }
        let scope = self.scopes.get(module)?;
        let declared = match ns {
            Namespace::Type => scope.types.get(name).map(|r| Entity::Item(*r)),
            Namespace::Value => scope.values.get(name).map(|r| Entity::Item(*r)),
            Namespace::Module => scope
                .modules
                .get(name)
                .map(|m| Entity::Module(*m))
                .or_else(|| scope.types.get(name).map(|r| Entity::Item(*r))),
        };
        if declared.is_some() {
            return declared;
        }
        for u in scope.uses.iter().filter(|u| u.name == name) {
            if let Some(found) = self.resolve_at(module, &u.path, u.leading_colon, ns, depth + 1) {
                // A `use` of a name from another namespace (e.g. a function imported beside a
                // type of the same name) does not answer this lookup.
                if namespace_fits(&found, ns) {
                    return Some(found);
                }
            }
        }
        for g in &scope.globs {
            if let Some(Entity::Module(m)) = self.resolve_at(
                module,
                &g.path,
                g.leading_colon,
                Namespace::Module,
                depth + 1,
            ) {
                if m == module {
                    continue;
                }
                if let Some(found) = self.lookup(m, name, ns, false, depth + 1) {
                    return Some(found);
                }
            }
        }
        // Unknown in the crate: a primitive, a prelude item or an extern crate, but only for
        // the first segment of a path (`crate::a::missing` is simply unresolved). An extern
        // crate that is read is a module like any other.
        if !allow_external {
            return None;
        }
        if ns == Namespace::Module {
            if let Some(root) = self.extern_crate_root(module, name) {
                return Some(Entity::Module(root));
            }
        }
        Some(Entity::External(vec![name.to_string()]))
    }
}

fn namespace_fits(found: &Entity, ns: Namespace) -> bool {
    match (found, ns) {
        (Entity::Item(r), Namespace::Type) => r.kind.is_type(),
        (Entity::Item(r), Namespace::Value) => r.kind.is_value(),
        (Entity::Module(_), Namespace::Type | Namespace::Value) => false,
        _ => true,
    }
}
