//! Reading the attributes that decide ABI and naming: `repr`, `no_mangle`, `export_name`,
//! docs, and our own `ffi_*` markers.

use interoptopus_core::model::{Deprecation, Docs, IntKind};
use syn::{Attribute, Meta};

/// What `#[repr(...)]` attributes say, merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repr {
    pub c: bool,
    pub transparent: bool,
    pub int: Option<IntKind>,
    pub packed: Option<u32>,
    pub align: Option<u32>,
}

/// Why a `repr` could not be read.
pub struct ReprError {
    pub span: proc_macro2::Span,
    pub message: String,
}

pub fn repr(attrs: &[Attribute]) -> Result<Repr, ReprError> {
    let mut out = Repr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        let nested = attr
            .parse_args_with(syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated)
            .map_err(|e| ReprError {
                span: e.span(),
                message: format!("cannot read `repr`: {e}"),
            })?;
        for meta in nested {
            let Some(ident) = meta.path().get_ident().map(ToString::to_string) else {
                continue;
            };
            match (ident.as_str(), &meta) {
                ("C", Meta::Path(_)) => out.c = true,
                ("transparent", Meta::Path(_)) => out.transparent = true,
                ("packed", Meta::Path(_)) => out.packed = Some(1),
                ("packed" | "align", Meta::List(list)) => {
                    let n: syn::LitInt = list.parse_args().map_err(|e| ReprError {
                        span: e.span(),
                        message: format!("cannot read `repr({ident}(..))`: {e}"),
                    })?;
                    let n: u32 = n.base10_parse().map_err(|e| ReprError {
                        span: e.span(),
                        message: format!("cannot read `repr({ident}(..))`: {e}"),
                    })?;
                    if ident == "packed" {
                        out.packed = Some(n);
                    } else {
                        out.align = Some(n);
                    }
                }
                (name, Meta::Path(_)) => {
                    if let Some(kind) = IntKind::from_rust_name(name) {
                        out.int = Some(kind);
                    } else if name == "Rust" {
                    } else {
                        return Err(ReprError {
                            span: syn::spanned::Spanned::span(&meta),
                            message: format!("unsupported `repr({name})`"),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

/// The doc lines of an item, with the single leading space of `/// text` removed.
pub fn docs(attrs: &[Attribute]) -> Docs {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                // `split`, not `lines`: an empty `///` line is a paragraph break worth keeping.
                for line in s.value().split('\n') {
                    lines.push(line.strip_prefix(' ').unwrap_or(line).to_string());
                }
            }
        }
    }
    Docs { lines }
}

/// `#[deprecated]`, `#[deprecated = "note"]` or `#[deprecated(since = "…", note = "…")]`.
/// rustc rejects malformed forms itself, so parts that cannot be read are left out rather
/// than reported twice.
pub fn deprecation(attrs: &[Attribute]) -> Option<Deprecation> {
    let attr = attrs.iter().find(|a| a.path().is_ident("deprecated"))?;
    let mut out = Deprecation::default();
    match &attr.meta {
        Meta::Path(_) => {}
        Meta::NameValue(nv) => out.note = string_literal(&nv.value),
        Meta::List(_) => {
            let parts = attr
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::MetaNameValue, syn::Token![,]>::parse_terminated,
                )
                .unwrap_or_default();
            for nv in parts {
                if nv.path.is_ident("since") {
                    out.since = string_literal(&nv.value);
                } else if nv.path.is_ident("note") {
                    out.note = string_literal(&nv.value);
                }
            }
        }
    }
    Some(out)
}

fn string_literal(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// `#[no_mangle]` or `#[unsafe(no_mangle)]`.
pub fn has_no_mangle(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("no_mangle")
            || (a.path().is_ident("unsafe")
                && inner_meta(a).is_some_and(|m| m.path().is_ident("no_mangle")))
    })
}

/// `#[export_name = "x"]` or `#[unsafe(export_name = "x")]`.
pub fn export_name(attrs: &[Attribute]) -> Option<String> {
    for a in attrs {
        let meta = if a.path().is_ident("unsafe") {
            inner_meta(a)?
        } else {
            a.meta.clone()
        };
        if let Meta::NameValue(nv) = &meta {
            if nv.path.is_ident("export_name") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    return Some(s.value());
                }
            }
        }
    }
    None
}

fn inner_meta(attr: &Attribute) -> Option<Meta> {
    attr.parse_args::<Meta>().ok()
}

/// Whether an attribute is one of ours, written bare (`#[ffi_type]`) or through the runtime
/// crate (`#[interoptopus::ffi_type]`).
pub fn is_ffi_attr(attr: &Attribute, name: &str) -> bool {
    let path = attr.path();
    path.segments.last().is_some_and(|s| s.ident == name)
        && (path.segments.len() == 1
            || path
                .segments
                .first()
                .is_some_and(|s| s.ident == "interoptopus" || s.ident == "interoptopus_attrs"))
}

/// Whether any attribute is the `ffi_*` attribute `name`.
pub fn has_ffi_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| is_ffi_attr(a, name))
}

/// `name = "..."` inside `#[ffi_type(...)]` / `#[ffi_function(...)]`.
pub fn ffi_name_override(attrs: &[Attribute], attr_name: &str) -> Option<String> {
    ffi_options(attrs, attr_name)
        .into_iter()
        .find_map(|m| match m {
            Meta::NameValue(nv) if nv.path.is_ident("name") => match nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
}

/// A bare flag inside an `ffi_*` attribute, e.g. `skip` or `opaque`.
pub fn ffi_flag(attrs: &[Attribute], attr_name: &str, flag: &str) -> bool {
    ffi_options(attrs, attr_name)
        .iter()
        .any(|m| matches!(m, Meta::Path(p) if p.is_ident(flag)))
}

fn ffi_options(attrs: &[Attribute], attr_name: &str) -> Vec<Meta> {
    attrs
        .iter()
        .filter(|a| is_ffi_attr(a, attr_name))
        .filter_map(|a| {
            a.parse_args_with(syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

/// Whether an `extern` ABI can be called from C: `extern "C"`, `extern "C-unwind"`, or plain
/// `extern` (which means C). No `extern` at all is the Rust ABI.
pub fn is_c_abi(abi: Option<&syn::Abi>) -> bool {
    abi.is_some_and(|abi| {
        abi.name
            .as_ref()
            .is_none_or(|n| n.value() == "C" || n.value() == "C-unwind")
    })
}
