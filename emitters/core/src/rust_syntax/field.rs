//! `#[ffi(...)]` on a field of an `#[ffi_type]` struct: per-field options.
//!
//! Today the only option is `skip`: the field is left out of the model, so no language sees
//! it. The `#[ffi_type]` macro validates and removes these attributes before rustc sees them
//! (rustc knows no `ffi` attribute); the scanner reads them from the source with the same
//! function, so both agree on which fields exist in C.

use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Meta, Token};

/// The name of the field attribute: `#[ffi(skip)]`.
pub const FIELD_ATTR: &str = "ffi";

/// What the `#[ffi(...)]` attributes of one field say.
#[derive(Clone, Copy, Debug, Default)]
pub struct FieldOptions {
    /// `skip`, with the span of the word.
    pub skip: Option<proc_macro2::Span>,
}

/// Whether an attribute is a field attribute of ours (`#[ffi(...)]`).
pub fn is_field_attr(attr: &Attribute) -> bool {
    attr.path().is_ident(FIELD_ATTR)
}

/// Reads every `#[ffi(...)]` of a field. Errors carry the span of what could not be read.
pub fn field_options(attrs: &[Attribute]) -> Result<FieldOptions, Vec<syn::Error>> {
    let mut out = FieldOptions::default();
    let mut errors = Vec::new();
    for attr in attrs.iter().filter(|a| is_field_attr(a)) {
        let metas = match &attr.meta {
            Meta::List(list) => {
                match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                    Ok(m) => m,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
            other => {
                errors.push(syn::Error::new_spanned(
                    other,
                    "write the field option in parentheses: `#[ffi(skip)]`",
                ));
                continue;
            }
        };
        for meta in metas {
            match &meta {
                Meta::Path(p) if p.is_ident("skip") => out.skip = Some(p.span()),
                other if other.path().is_ident("skip") => errors.push(syn::Error::new_spanned(
                    other,
                    "`skip` takes no value: `#[ffi(skip)]`",
                )),
                _ => errors.push(syn::Error::new_spanned(
                    &meta,
                    "unknown `ffi` field option; expected `skip`",
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Whether a field is marked `#[ffi(skip)]` (unreadable options count as not skipped; they
/// are reported where the field is lowered).
pub fn is_skipped(attrs: &[Attribute]) -> bool {
    field_options(attrs).is_ok_and(|o| o.skip.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(src: &str) -> syn::Field {
        let item: syn::ItemStruct = syn::parse_str(&format!("struct S {{ {src} }}"))
            .unwrap_or_else(|e| panic!("{src}: {e}"));
        item.fields
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no field in {src}"))
    }

    #[test]
    fn skip_is_read() {
        assert!(is_skipped(&field("#[ffi(skip)] m: Marker").attrs));
        assert!(is_skipped(
            &field("#[doc = \"x\"] #[ffi(skip,)] m: Marker").attrs
        ));
        assert!(!is_skipped(&field("m: Marker").attrs));
        assert!(!is_skipped(&field("#[other(skip)] m: Marker").attrs));
    }

    #[test]
    fn unknown_and_malformed_options_are_errors() {
        for src in [
            "#[ffi(skipp)] m: Marker",
            "#[ffi(skip = true)] m: Marker",
            "#[ffi] m: Marker",
            "#[ffi = \"skip\"] m: Marker",
            "#[ffi(skip, rename = \"x\")] m: Marker",
        ] {
            assert!(field_options(&field(src).attrs).is_err(), "{src}");
            assert!(!is_skipped(&field(src).attrs), "{src}");
        }
    }
}
