//! `#[ffi(skip)]` fields: left out of the model, refused when known not to be zero-sized,
//! misplaced or misspelled uses reported at the attribute.

use interoptopus_core::model::*;

use super::pattern_tests::{err, field_names, lower_src, ok, ty};

/// A function taking `$ty` by value, so the type is lowered.
fn taking(decls: &str, ty_name: &str) -> String {
    format!(
        "use core::marker::PhantomData;\nuse interoptopus::ffi_type;\n{decls}\n#[no_mangle] pub extern \"C\" fn f(x: {ty_name}) {{}}\n"
    )
}

#[test]
fn skipped_fields_leave_the_model() {
    let l = ok(&taking(
        r#"
        pub struct Marker;
        #[ffi_type]
        #[repr(C)]
        pub struct S<'a> {
            pub a: u32,
            #[ffi(skip)]
            pub marker: Marker,
            #[ffi(skip)]
            pub origin: PhantomData<&'a u8>,
            #[ffi(skip)]
            pub empty: [u64; 0],
            #[ffi(skip)]
            pub markers: [Marker; 3],
            #[ffi(skip)]
            pub unit: (),
            #[ffi(skip)]
            pub token: other_crate::Token,
            pub b: f32,
        }
        #[ffi_type]
        #[repr(C)]
        pub struct T(pub u32, #[ffi(skip)] pub Marker, pub f32);
        #[ffi_type]
        #[repr(C)]
        pub struct Both<'a> { pub s: S<'a>, pub t: T }
        "#,
        "Both<'static>",
    ));
    assert_eq!(field_names(ty(&l.model, "S").1), ["a", "b"]);
    // Tuple fields keep their Rust position: the C field after the gap is `_2`.
    assert_eq!(field_names(ty(&l.model, "T").1), ["_0", "_2"]);
    assert!(
        !l.model.types.iter().any(|t| t.name == "Marker"),
        "a skipped field's type does not enter the model"
    );
    // A type from another crate has an unknown size, and no `layout_checks!()` proves it
    // zero-sized: a warning. (The unit struct, arrays of it, `()` and `PhantomData` are known.)
    let warned: Vec<u32> = l
        .warnings
        .iter()
        .filter(|w| {
            w.message
                .contains("nothing checks that this `#[ffi(skip)]` field is zero-sized")
        })
        .filter_map(|w| w.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(warned, [20], "{:#?}", l.warnings);
}

#[test]
fn one_warning_per_field_of_a_generic_struct() {
    let l = ok(&taking(
        "#[ffi_type]\n#[repr(C)]\npub struct G<T> { pub v: T, #[ffi(skip)] pub m: other_crate::Token }\n#[repr(C)] pub struct Two { pub a: G<u8>, pub b: G<f32> }",
        "Two",
    ));
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    assert_eq!(field_names(ty(&l.model, "G_f32").1), ["v"]);
}

#[test]
fn layout_checks_make_unknown_sizes_quiet() {
    let src = taking(
        "interoptopus::layout_checks!();\n#[ffi_type]\n#[repr(C)]\npub struct S { pub a: u32, #[ffi(skip)] pub m: other_crate::Token }",
        "S",
    );
    let l = ok(&src);
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    assert_eq!(field_names(ty(&l.model, "S").1), ["a"]);
}

#[test]
fn a_private_marker_does_not_hide_the_offsets() {
    let l = ok(&taking(
        "pub mod m {\n    #[interoptopus::ffi_type]\n    #[repr(C)]\n    pub struct S { pub a: u32, #[ffi(skip)] marker: Marker }\n    pub struct Marker;\n}",
        "m::S",
    ));
    let (id, _) = ty(&l.model, "S");
    assert!(l.rust_types[id.0 as usize].fields_visible);
}

#[test]
fn skipping_what_is_known_to_take_space_is_refused() {
    let cases = [
        ("u32", "`u32` is a primitive"),
        ("core::ffi::c_int", "`i32` is a primitive"),
        ("*const u8", "it is a pointer"),
        ("&'static u8", "it is a reference"),
        ("extern \"C\" fn()", "it is a function pointer"),
        ("Option<&'static u8>", "`Option` always takes space"),
        ("[u8; 2 * 2]", "it is an array of 4 non-zero-sized elements"),
        (
            "interoptopus::Slice<'static, u8>",
            "`interoptopus::Slice` holds pointers or values",
        ),
        ("Inner", "`Inner` has a non-zero-sized field"),
        ("Wrapped", "`Inner` has a non-zero-sized field"),
        ("Small", "enum `Small` stores a discriminant"),
        ("(Marker, u8)", "a tuple element is not zero-sized"),
        ("T", "`T` is a primitive in this instance"),
    ];
    for (field_ty, why) in cases {
        let src = taking(
            &format!(
                "pub struct Marker;\n#[repr(C)] pub struct Inner {{ pub v: f32, pub m: PhantomData<u8> }}\npub type Wrapped = Inner;\n#[repr(u8)] pub enum Small {{ A }}\n#[ffi_type]\n#[repr(C)]\npub struct S<T> {{\n    pub a: T,\n    #[ffi(skip)]\n    pub b: {field_ty},\n}}"
            ),
            "S<u32>",
        );
        let d = err(&src);
        assert!(
            d.message
                .contains("field `b` is marked `#[ffi(skip)]` but is not zero-sized")
                && d.message.ends_with(why),
            "{field_ty}: {d}"
        );
        let at = d.location.as_ref().map(|l| (l.line, l.column));
        assert_eq!(at, Some((12, 12)), "{field_ty}: at the type: {d}");
        assert!(
            d.hint
                .as_deref()
                .unwrap_or_default()
                .contains("wrong offset"),
            "{field_ty}: {d}"
        );
    }
}

#[test]
fn a_skip_needs_ffi_type_on_a_struct() {
    let cases = [
        (
            "#[repr(C)] pub struct S { pub a: u32, #[ffi(skip)] pub m: PhantomData<u8> }",
            "S",
            "`#[ffi(...)]` on a field of `S`, which has no `#[ffi_type]`",
            "add `#[interoptopus::ffi_type]` to `S`",
        ),
        (
            "#[ffi_type] #[repr(C)] pub union U { pub a: u32, #[ffi(skip)] pub b: f32 }",
            "U",
            "`#[ffi(...)]` on a union field",
            "only struct fields can be skipped",
        ),
        (
            "#[ffi_type] #[repr(u8)] pub enum E { A(u32, #[ffi(skip)] PhantomData<u8>) }",
            "E",
            "`#[ffi(...)]` on a field of an enum variant",
            "only struct fields can be skipped",
        ),
        (
            "#[ffi_type] #[repr(C)] pub struct S { pub a: u32, #[ffi(skipp)] pub m: PhantomData<u8> }",
            "S",
            "unknown `ffi` field option; expected `skip`",
            "the only field option is `skip`",
        ),
    ];
    for (decl, name, message, hint) in cases {
        let src = taking(decl, name);
        let d = err(&src);
        assert!(d.message.contains(message), "{decl}: {d}");
        assert!(
            d.hint.as_deref().unwrap_or_default().contains(hint),
            "{decl}: {d}"
        );
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(3), "{decl}: {d}");
    }
}

#[test]
fn a_struct_of_skipped_fields_only_is_opaque() {
    let l = lower_src(&taking(
        "pub struct Marker;\n#[ffi_type] #[repr(C)] pub struct Handle { #[ffi(skip)] m: Marker }",
        "*const Handle",
    ))
    .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(matches!(ty(&l.model, "Handle").1.kind, TypeKind::Opaque));
}
