//! `export_name = macro!(…)`: the symbol a crate picks through its own prefix macro.

use super::Crate;

fn export_names(src: &str) -> Vec<String> {
    let krate = Crate::lib(src);
    let scanned = krate.ok();
    scanned.modules[0]
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Fn(f) => f.attrs.iter().find_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("export_name") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => Some("<not a literal>".into()),
                },
                _ => None,
            }),
            _ => None,
        })
        .collect()
}

#[test]
fn prefix_macros_chosen_by_cfg_become_literals() {
    let src = r#"
        #[cfg(not(feature = "custom-prefix"))]
        macro_rules! prefix { ($name:ident) => { stringify!($name) }; }
        #[cfg(feature = "custom-prefix")]
        macro_rules! prefix { ($name:ident) => { concat!("MY_", stringify!($name)) }; }
        macro_rules! versioned { ($name:ident) => { concat!("LIB_v", 1, "_", prefix!($name)) }; }

        #[cfg_attr(not(test), export_name = prefix!(BZ2_bzCompressInit))]
        pub unsafe extern "C" fn compress_init() -> i32 { 0 }
        #[export_name = versioned!(deflate)]
        pub extern "C" fn deflate() {}
        #[export_name = "plain"]
        pub extern "C" fn plain() {}
    "#;
    assert_eq!(
        export_names(src),
        vec!["BZ2_bzCompressInit", "LIB_v1_deflate", "plain"]
    );
}

#[test]
fn an_attribute_value_that_cannot_be_evaluated_is_an_error() {
    let krate = Crate::lib("#[export_name = env!(\"PREFIX\")]\npub extern \"C\" fn f() {}\n");
    let e = match krate.expand() {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    assert!(
        e[0].message.contains("cannot evaluate `env!`"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(1));
}
