//! One expansion at a time: fragment kinds, repetitions, separators, rule order, transcription.

use syn::Item;

use super::{expand_err, expand_items, expand_text, norm};

#[test]
fn fragment_ident() {
    let out = expand_text(
        "macro_rules! m { ($i:ident) => { pub fn $i() {} }; }
         m!(r#type);",
    );
    assert_eq!(out, norm("pub fn r#type() {}"));
    // `_` is not an identifier: the rule does not match.
    let e = expand_err("macro_rules! m { ($i:ident) => {}; } m!(_);");
    assert!(e.message.contains("no rule of macro `m!`"), "{e}");
}

#[test]
fn fragment_ty() {
    let out = expand_text(
        "macro_rules! m { ($($t:ty),*) => { $(pub type A = $t;)* }; }
         m!(*const Vec<Vec<u8>>, Option<&'static str>, fn(u32) -> u32, [u8; 4]);",
    );
    assert_eq!(
        out,
        norm(
            "pub type A = *const Vec<Vec<u8>>; pub type A = Option<&'static str>;
             pub type A = fn(u32) -> u32; pub type A = [u8; 4];"
        )
    );
}

#[test]
fn fragment_expr_keeps_its_grouping() {
    // `$e * 2` with `$e = 1 + 2` is `(1 + 2) * 2`, as rustc substitutes a parsed fragment.
    let items = expand_items(
        "macro_rules! m { ($e:expr, $f:expr) => { pub const C: u32 = $e * 2; pub const D: u32 = $f; }; }
         m!(1 + 2, 7);",
    );
    let Item::Const(c) = &items[0] else {
        panic!("not a const")
    };
    let syn::Expr::Binary(b) = &*c.expr else {
        panic!("not a binary expression")
    };
    assert!(matches!(&*b.left, syn::Expr::Group(_)), "left is grouped");
    let Item::Const(d) = &items[1] else {
        panic!("not a const")
    };
    // A single token tree is substituted as it is.
    assert!(matches!(&*d.expr, syn::Expr::Lit(_)));
}

#[test]
fn fragment_block_and_stmt() {
    let out = expand_text(
        "macro_rules! m { ($b:block; $s:stmt; $t:stmt) => { fn f() $b fn g() { $s; $t; } }; }
         m!({ let x = 1; x }; let y: u8 = 2; y + 1);",
    );
    assert_eq!(
        out,
        norm("fn f() { let x = 1; x } fn g() { let y: u8 = 2; y + 1; }")
    );
}

#[test]
fn fragment_tt_takes_whole_operators_and_groups() {
    let out = expand_text(
        "macro_rules! m { ($a:tt $b:tt $c:tt $d:tt) => { const X: [&str; 4] = [stringify!($a), stringify!($b), stringify!($c), stringify!($d)]; }; }
         m!(=> (x, y) 'a ::);",
    );
    assert_eq!(
        out,
        norm("const X: [&str; 4] = [stringify!(=>), stringify!((x, y)), stringify!('a), stringify!(::)];")
    );
}

#[test]
fn fragment_meta_passes_attributes_through() {
    let items = expand_items(
        r#"macro_rules! m { ($(#[$a:meta])* fn $n:ident) => { $(#[$a])* pub extern "C" fn $n() {} }; }
           m! {
               /// Docs line one.
               /// Docs line two.
               #[unsafe(no_mangle)]
               #[cfg_attr(feature = "x", inline)]
               #[doc = "more"]
               fn exported
           }"#,
    );
    let Item::Fn(f) = &items[0] else {
        panic!("not a fn")
    };
    assert_eq!(
        super::doc_lines(&f.attrs),
        vec!["Docs line one.", "Docs line two.", "more"]
    );
    assert_eq!(f.attrs.len(), 5);
    assert!(f.attrs.iter().any(|a| a.path().is_ident("unsafe")));
    assert!(f.attrs.iter().any(|a| a.path().is_ident("cfg_attr")));
}

#[test]
fn fragment_path() {
    let out = expand_text(
        "macro_rules! m { ($p:path) => { pub type T = $p; }; }
         m!(crate::a::B<u8>);",
    );
    assert_eq!(out, norm("pub type T = crate::a::B<u8>;"));
}

#[test]
fn fragment_literal() {
    let out = expand_text(
        r#"macro_rules! m { ($($l:literal)*) => { const X: () = ($($l,)*); }; }
           m!(-5 "s" true 1.5 b'x');"#,
    );
    assert_eq!(out, norm(r#"const X: () = (-5, "s", true, 1.5, b'x',);"#));
    // An identifier is not a literal: no rule matches.
    let e = expand_err("macro_rules! m { ($l:literal) => {}; } m!(nope);");
    assert!(e.message.contains("no rule"), "{e}");
}

#[test]
fn fragment_vis_may_be_empty() {
    let out = expand_text(
        "macro_rules! m { ($($v:vis fn $n:ident;)*) => { $($v fn $n() {})* }; }
         m!(pub(crate) fn a; fn b; pub fn c;);",
    );
    assert_eq!(out, norm("pub(crate) fn a() {} fn b() {} pub fn c() {}"));
}

#[test]
fn fragment_pat_and_pat_param() {
    let out = expand_text(
        "macro_rules! m { ($p:pat, $q:pat_param) => { fn f(x: u8) -> u8 { match x { $p => 1, $q => 2, _ => 3 } } }; }
         m!(1 | 2, 3..=4);",
    );
    assert_eq!(
        out,
        norm("fn f(x: u8) -> u8 { match x { 1 | 2 => 1, 3..=4 => 2, _ => 3 } }")
    );
}

#[test]
fn fragment_lifetime() {
    let out = expand_text(
        "macro_rules! m { ($l:lifetime) => { pub struct S<$l>(&$l u8); }; }
         m!('a);",
    );
    assert_eq!(out, norm("pub struct S<'a>(&'a u8);"));
}

#[test]
fn fragment_item() {
    let out = expand_text(
        "macro_rules! m { ($($i:item)*) => { $(#[no_mangle] $i)* }; }
         m!(pub extern \"C\" fn a() {} pub extern \"C\" fn b() {});",
    );
    assert_eq!(
        out,
        norm("#[no_mangle] pub extern \"C\" fn a() {} #[no_mangle] pub extern \"C\" fn b() {}")
    );
}

#[test]
fn repetition_operators() {
    let src = "macro_rules! m {
        (plus $($a:ident)+) => { $(fn $a() {})+ };
        (plus) => { fn none() {} };
        (opt $n:ident $(-> $r:ty)?) => { fn $n() $(-> $r)? { todo!() } };
        (star $($a:ident)*) => { const N: usize = 0 $(+ { let _ = stringify!($a); 1 })*; };
    }";
    assert_eq!(
        expand_text(&format!("{src} m!(plus a b);")),
        norm("fn a() {} fn b() {}")
    );
    // `+` needs one iteration: the empty form falls through to the next rule.
    assert_eq!(
        expand_text(&format!("{src} m!(plus);")),
        norm("fn none() {}")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(opt f -> u8);")),
        norm("fn f() -> u8 { todo!() }")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(opt f);")),
        norm("fn f() { todo!() }")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(star);")),
        norm("const N: usize = 0;")
    );
}

#[test]
fn separators_and_trailing_separator_rules() {
    // regex-capi's shape: a rule for a trailing comma that forwards to the one without.
    let src = "macro_rules! m {
        (fn $n:ident($($a:ident: $t:ty),*,)) => { m!(fn $n($($a: $t),*)); };
        (fn $n:ident($($a:ident: $t:ty),*)) => { fn $n($($a: $t),*) {} };
        (semi $($x:ident);*) => { $(fn $x() {})* };
        (arrow $($k:ident)=>+) => { const K: &[&str] = &[$(stringify!($k)),+]; };
    }";
    assert_eq!(
        expand_text(&format!("{src} m!(fn f(a: u8, b: *const u8,));")),
        norm("m!(fn f(a: u8, b: *const u8));")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(fn f(a: u8, b: *const u8));")),
        norm("fn f(a: u8, b: *const u8) {}")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(fn f());")),
        norm("fn f() {}")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(semi a; b; c);")),
        norm("fn a() {} fn b() {} fn c() {}")
    );
    assert_eq!(
        expand_text(&format!("{src} m!(arrow a => b => c);")),
        norm(r#"const K: &[&str] = &[stringify!(a), stringify!(b), stringify!(c)];"#)
    );
}

#[test]
fn nested_repetitions() {
    let out = expand_text(
        "macro_rules! m {
            ($( $prefix:ident : [ $( $name:ident ( $( $arg:ident ),* ) ),* ] );* $(;)?) => {
                $( $( pub extern \"C\" fn $name( $( $arg: $prefix ),* ) {} )* )*
            };
        }
        m!(u8: [a(x, y), b()]; u16: []; u32: [c(z)];);",
    );
    assert_eq!(
        out,
        norm(
            "pub extern \"C\" fn a(x: u8, y: u8) {} pub extern \"C\" fn b() {}
             pub extern \"C\" fn c(z: u32) {}"
        )
    );
}

#[test]
fn rules_are_tried_in_order() {
    let src = "macro_rules! m {
        ($n:ident) => { fn first() {} };
        ($n:ident) => { fn second() {} };
        ($n:ident, $m:ident) => { fn both() {} };
    }";
    // Both of the first two rules match; the first wins.
    assert_eq!(expand_text(&format!("{src} m!(x);")), norm("fn first() {}"));
    assert_eq!(
        expand_text(&format!("{src} m!(x, y);")),
        norm("fn both() {}")
    );
}

#[test]
fn dollar_crate_becomes_crate() {
    let out = expand_text(
        "macro_rules! m { ($t:ident) => { pub type A = $crate::types::$t; $crate::other!(); }; }
         m!(B);",
    );
    assert_eq!(out, norm("pub type A = crate::types::B; crate::other!();"));
}

#[test]
fn macro_defining_macro_keeps_unbound_dollars() {
    let out = expand_text(
        "macro_rules! outer { ($name:ident) => { macro_rules! $name { ($x:ident) => { fn $x() {} }; } }; }
         outer!(inner);",
    );
    assert_eq!(
        out,
        norm("macro_rules! inner { ($x:ident) => { fn $x() {} }; }")
    );
}

#[test]
fn repetition_length_mismatch_is_an_error() {
    let e = expand_err(
        "macro_rules! m { ($($a:ident)* ; $($b:ident)*) => { $(fn $a() -> $b {})* }; }
         m!(x y ; u8);",
    );
    assert!(
        e.message
            .contains("repeats 2 times but `$b` repeats 1 times"),
        "{e}"
    );
}

#[test]
fn literal_tokens_and_groups_must_match_exactly() {
    let src = "macro_rules! m {
        (@internal [$($x:tt)*]) => { const A: u8 = 1; };
        ({ $x:ident }) => { const B: u8 = 2; };
        (( $x:ident )) => { const C: u8 = 3; };
    }";
    assert_eq!(
        expand_text(&format!("{src} m!(@internal [a b c]);")),
        norm("const A: u8 = 1;")
    );
    assert_eq!(
        expand_text(&format!("{src} m!({{ a }});")),
        norm("const B: u8 = 2;")
    );
    assert_eq!(
        expand_text(&format!("{src} m!((a));")),
        norm("const C: u8 = 3;")
    );
}

#[test]
fn long_invocations_and_long_fragments() {
    // Fragments are handed to syn in growing windows; these cross the first window's end.
    let items: String = (0..1000)
        .map(|i| format!("pub extern \"C\" fn f{i}(a: u32) -> u32 {{ a + {i} }}\n"))
        .collect();
    let expanded = expand_items(&format!(
        "macro_rules! m {{ ($($i:item)*) => {{ $(#[no_mangle] $i)* }}; }}\nm! {{ {items} }}"
    ));
    assert_eq!(expanded.len(), 1000);
    let terms = vec!["1"; 300].join(" + ");
    let types = vec!["u8"; 100].join(", ");
    let out = expand_text(&format!(
        "macro_rules! m {{ ($e:expr; $t:ty) => {{ const N: $t = $e; }}; }}\nm!({terms}; ({types}));"
    ));
    assert_eq!(out, norm(&format!("const N: ({types}) = {terms};")));
}
