//! `paste!` inside a crate's own macro: the gitoid shape, where one `macro_rules!` writes
//! a type and its functions per (hash, object) pair with pasted names.

use super::Crate;

const GITOID_STYLE: &str = r#"
use paste::paste;
pub struct Sha1; pub struct Sha256; pub struct Blob;
pub struct GitOid<H, O>(H, O);

macro_rules! generate_ffi {
    ($hash_ty:ty, $hash_name:ident, $object_ty:ty, $object_name:ident) => {
        paste! {
            /// An opaque id.
            pub struct [<GitOid $hash_ty $object_ty>](GitOid<$hash_ty, $object_ty>);

            #[no_mangle]
            pub unsafe extern "C" fn [<gitoid_ $hash_name _ $object_name _new_from_bytes>](
                content: *mut u8, content_len: usize,
            ) -> *const [<GitOid $hash_ty $object_ty>] { std::ptr::null() }

            #[no_mangle]
            pub extern "C" fn [<gitoid_ $hash_name _ $object_name _hash_len>]() -> i32 { 20 }

            #[no_mangle]
            pub extern "C" fn [<$hash_name:upper _ $object_name:camel _free>](p: *const [<GitOid $hash_ty $object_ty>]) {}
        }
    };
}

generate_ffi!(Sha1, sha1, Blob, blob);
generate_ffi!(Sha256, sha256, Blob, blob);
"#;

#[test]
fn pasted_names_reach_the_model() {
    let krate = Crate::lib(GITOID_STYLE);
    let scanned = krate.ok();
    let names: Vec<String> = scanned.modules[0]
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    for expected in [
        "GitOidSha1Blob",
        "gitoid_sha1_blob_new_from_bytes",
        "gitoid_sha1_blob_hash_len",
        "SHA1_Blob_free",
        "GitOidSha256Blob",
        "gitoid_sha256_blob_hash_len",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn a_paste_that_makes_no_identifier_is_an_error_at_the_invocation() {
    let krate = Crate::lib(
        "macro_rules! bad { ($n:literal) => { paste::paste! { pub fn [<$n x>]() {} } }; }\nbad!(\"1\");\n",
    );
    let e = match krate.expand() {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    assert!(
        e[0].message.contains("not an identifier"),
        "{}",
        e[0].message
    );
    assert!(e[0].location.is_some());
}
