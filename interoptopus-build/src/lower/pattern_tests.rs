//! Lowering of the `interoptopus` runtime types, error enums, `#[ffi_function]` roots,
//! `#[ffi_service]` impls and the fingerprint.

use interoptopus_core::model::*;

use super::{lower, support_code, LowerOptions, Lowered};
use crate::diagnostic::Diagnostic;
use crate::scan::{scan_crate, CfgContext};

pub(super) fn lower_src(src: &str) -> Result<Lowered, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir_all(dir.path().join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("src/lib.rs"), src).unwrap_or_else(|e| panic!("{e}"));
    let cfg = CfgContext::x86_64_linux(&[]);
    let scanned = scan_crate(&dir.path().join("src/lib.rs"), &cfg)?;
    lower(
        &scanned,
        &LowerOptions::new("t", "t", dir.path().to_path_buf(), cfg.target_info()),
    )
}

pub(super) fn ok(src: &str) -> Lowered {
    lower_src(src).unwrap_or_else(|e| panic!("lowering failed: {e:#?}"))
}

pub(super) fn err(src: &str) -> Diagnostic {
    match lower_src(src) {
        Ok(l) => panic!("expected an error, got {:#?}", l.model.functions),
        Err(mut e) => e.remove(0),
    }
}

pub(super) fn ty<'m>(m: &'m Model, name: &str) -> (TypeId, &'m TypeDef) {
    m.types_with_ids()
        .find(|(_, t)| t.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no type {name} in {:?}",
                m.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        })
}

fn func<'m>(m: &'m Model, name: &str) -> &'m Function {
    m.functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no fn {name} in {:?}",
                m.functions.iter().map(|f| &f.name).collect::<Vec<_>>()
            )
        })
}

pub(super) fn field_names(def: &TypeDef) -> Vec<&str> {
    match &def.kind {
        TypeKind::Struct { fields, .. } => fields.iter().map(|f| f.name.as_str()).collect(),
        TypeKind::Transparent { field } => vec![field.name.as_str()],
        _ => vec![],
    }
}

const ERROR_ENUM: &str = r#"
#[ffi_type(error)]
#[repr(C)]
pub enum E { Ok = 0, Bad = 1, Panic = 2 }
"#;

#[test]
fn runtime_types_resolve_through_use_and_renames() {
    let l = ok(r#"
        use interoptopus::Slice;
        use interoptopus as io;
        use interoptopus::{ffi_function, SliceMut};
        #[repr(C)] pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }
        #[ffi_function]
        pub fn a(s: Slice<'_, f32>, m: SliceMut<'_, u8>, t: io::StrView<'_>, c: interoptopus::CStrPtr<'_>) {}
        #[ffi_function]
        pub fn b(o: io::FfiOption<Vec3>, f: interoptopus::Bool) -> Slice<'static, Vec3> { todo!() }
    "#);
    let m = &l.model;
    let (slice_id, slice) = ty(m, "Slice_f32");
    assert_eq!(field_names(slice), ["ptr", "len"]);
    assert_eq!(
        m.pattern(slice_id),
        Some(&Pattern::Slice {
            element: TypeRef::primitive(Primitive::F32),
            mutable: false
        })
    );
    let (id, _) = ty(m, "SliceMut_u8");
    assert!(matches!(
        m.pattern(id),
        Some(Pattern::Slice { mutable: true, .. })
    ));
    let (id, view) = ty(m, "StrView");
    assert_eq!(m.pattern(id), Some(&Pattern::Utf8View));
    assert_eq!(field_names(view), ["ptr", "len"]);
    let (id, cstr) = ty(m, "CStrPtr");
    assert_eq!(m.pattern(id), Some(&Pattern::CStr));
    assert!(matches!(cstr.kind, TypeKind::Transparent { .. }));
    let (vec3, _) = ty(m, "Vec3");
    let (id, opt) = ty(m, "FfiOption_Vec3");
    assert_eq!(field_names(opt), ["value", "is_some"]);
    assert_eq!(
        m.pattern(id),
        Some(&Pattern::Option {
            inner: TypeRef::named(vec3)
        })
    );
    let (id, _) = ty(m, "Bool");
    assert_eq!(m.pattern(id), Some(&Pattern::Bool));
    ty(m, "Slice_Vec3");
    // `#[ffi_function]` exports functions without `#[no_mangle]`/`extern "C"` in the source.
    assert_eq!(func(m, "a").sig.params.len(), 4);
    // Runtime types are checked by rustc like any other type.
    let rust = &l.rust_types[slice_id.0 as usize];
    assert_eq!(
        rust.access_path.as_deref(),
        Some("::interoptopus::Slice<'static, f32>")
    );
}

#[test]
fn owned_types_get_free_functions_and_the_fingerprint() {
    let l = ok(r#"
        interoptopus::layout_checks!();
        use interoptopus::{ffi_function, OwnedString, OwnedVec};
        pub mod geo { #[repr(C)] pub struct P { pub x: f32 } }
        #[ffi_function] pub fn s() -> OwnedString { todo!() }
        #[ffi_function] pub fn v() -> OwnedVec<geo::P> { todo!() }
    "#);
    let m = &l.model;
    let (sid, _) = ty(m, "OwnedString");
    assert_eq!(
        m.pattern(sid),
        Some(&Pattern::OwnedString {
            free: "t_free_OwnedString".into()
        })
    );
    let (vid, vdef) = ty(m, "OwnedVec_P");
    assert_eq!(field_names(vdef), ["ptr", "len", "capacity"]);
    assert!(
        matches!(m.pattern(vid), Some(Pattern::OwnedVec { free, .. }) if free == "t_free_OwnedVec_P")
    );
    let free = func(m, "t_free_OwnedVec_P");
    assert_eq!(free.sig.params[0].ty, TypeRef::named(vid));
    assert!(free.sig.ret.is_void());
    let fp = m
        .fingerprint
        .clone()
        .unwrap_or_else(|| panic!("no fingerprint"));
    assert_eq!(fp.function, "t_api_fingerprint");
    // Described by `Model::fingerprint`, not listed with the crate's functions.
    assert!(!m.functions.iter().any(|f| f.name == fp.function));
    let code = support_code(m, &l.rust_types);
    assert!(
        code.contains("pub extern \"C\" fn t_api_fingerprint() -> u64"),
        "{code}"
    );
    assert!(
        code.contains(
            "pub extern \"C\" fn t_free_OwnedVec_P(value: ::interoptopus::OwnedVec<crate::geo::P>)"
        ),
        "{code}"
    );
    assert!(code.contains(&format!("{:#018x}", fp.value)), "{code}");
}

#[test]
fn without_the_support_macro_there_is_no_fingerprint_and_owned_types_are_an_error() {
    let l = ok("#[interoptopus::ffi_function] pub fn f(x: u32) -> u32 { x }\n");
    assert!(l.model.fingerprint.is_none());
    let d =
        err("#[interoptopus::ffi_function]\npub fn f() -> interoptopus::OwnedString { todo!() }\n");
    assert!(d.message.contains("needs a free function"), "{d}");
    assert_eq!(d.location.map(|l| l.line), Some(2));
    assert!(d.hint.unwrap_or_default().contains("layout_checks!"));
}

#[test]
fn a_function_cannot_take_the_fingerprint_name() {
    let d = err("interoptopus::layout_checks!();\n#[interoptopus::ffi_function]\npub fn t_api_fingerprint() -> u64 { 1 }\n");
    assert!(
        d.message.contains("generated API fingerprint function"),
        "{d}"
    );
    assert_eq!(d.location.map(|l| l.line), Some(3));
}

#[test]
fn fingerprint_follows_the_api_not_the_docs() {
    let base = "interoptopus::layout_checks!();\n#[interoptopus::ffi_function] pub fn f(x: u32) -> u32 { x }\n";
    let a = ok(base).model.fingerprint;
    let documented = ok(&format!("\n\n/// Docs.\n{base}")).model.fingerprint;
    let changed = ok(&base.replace("x: u32", "x: u64")).model.fingerprint;
    assert!(a.is_some());
    assert_eq!(a, documented);
    assert_ne!(a.map(|f| f.value), changed.map(|f| f.value));
}

#[test]
fn error_enums_results_and_callbacks() {
    let l = ok(&format!(
        r#"{ERROR_ENUM}
        use interoptopus::{{ffi_function, FfiResult, Callback}};
        pub type OnValue = extern "C" fn(value: u32, data: *mut core::ffi::c_void) -> u32;
        #[ffi_function] pub fn r() -> FfiResult<i32, E> {{ todo!() }}
        #[ffi_function] pub fn e() -> E {{ E::Ok }}
        #[ffi_function] pub fn c(cb: Callback<OnValue>) {{}}
    "#
    ));
    let m = &l.model;
    let (eid, _) = ty(m, "E");
    assert_eq!(m.pattern(eid), Some(&Pattern::ErrorEnum));
    let (rid, rdef) = ty(m, "FfiResult_i32_E");
    assert_eq!(field_names(rdef), ["value", "error"]);
    assert_eq!(
        m.pattern(rid),
        Some(&Pattern::Result {
            value: TypeRef::primitive(Primitive::I32),
            error: eid
        })
    );
    let (fid, _) = ty(m, "OnValue");
    let (cid, cdef) = ty(m, "Callback_OnValue");
    assert_eq!(field_names(cdef), ["call", "data", "drop"]);
    assert_eq!(m.pattern(cid), Some(&Pattern::Callback { function: fid }));
    ty(m, "DropFn");
}

#[test]
fn pattern_misuse_is_located() {
    let d = err(r#"
#[interoptopus::ffi_type(error)]
#[repr(C)]
pub enum E { Bad = 1 }
#[interoptopus::ffi_function] pub fn f() -> E { E::Bad }
"#);
    assert!(d.message.contains("has no variant with value 0"), "{d}");
    assert_eq!(d.location.map(|l| l.line), Some(4));

    let d = err(r#"
#[repr(C)] pub enum NotError { A = 0 }
#[interoptopus::ffi_function] pub fn f() -> interoptopus::FfiResult<u8, NotError> { todo!() }
"#);
    assert!(
        d.message.contains("is not an `#[ffi_type(error)]` enum"),
        "{d}"
    );

    let d = err(r#"
pub type NoData = extern "C" fn(value: u32);
#[interoptopus::ffi_function] pub fn f(cb: interoptopus::Callback<NoData>) {}
"#);
    assert!(d.message.contains("last parameter is the user data"), "{d}");
    assert_eq!(d.location.map(|l| l.line), Some(3));

    let d = err("#[interoptopus::ffi_function] pub fn f(s: interoptopus::Slice<'_>) {}\n");
    assert!(
        d.message.contains("takes 1 type argument(s), 0 given"),
        "{d}"
    );
}

#[test]
fn services_lower_to_the_functions_the_macro_generates() {
    let l = ok(&format!(
        r#"{ERROR_ENUM}
        use interoptopus::{{ffi_service, Slice, OwnedString}};
        /// The engine.
        pub struct Engine {{ v: Vec<f32> }}
        #[ffi_service]
        impl Engine {{
            /// Makes one.
            pub fn new(capacity: u32) -> Result<Self, E> {{ todo!() }}
            pub fn push(&mut self, values: Slice<'_, f32>) -> Result<(), E> {{ todo!() }}
            pub fn sum(&self) -> f32 {{ 0.0 }}
            pub fn first(&self) -> Result<f32, E> {{ todo!() }}
            pub fn name(&self) -> OwnedString {{ todo!() }}
            fn helper(&self) {{}}
        }}
        interoptopus::layout_checks!();
    "#
    ));
    let m = &l.model;
    let (handle, _) = ty(m, "Engine");
    let (eid, _) = ty(m, "E");
    let s = &m.services[0];
    assert_eq!(s.name, "Engine");
    assert_eq!(s.handle, handle);
    assert_eq!(s.docs.lines, ["The engine."]);
    assert_eq!(s.constructors, ["engine_new"]);
    assert_eq!(
        s.methods,
        ["engine_push", "engine_sum", "engine_first", "engine_name"]
    );
    assert_eq!(s.destructor, "engine_destroy");
    let new = func(m, "engine_new");
    assert_eq!(new.docs.lines, ["Makes one."]);
    assert_eq!(new.sig.params[0].name, "out");
    assert_eq!(
        new.sig.params[0].ty,
        TypeRef::pointer(
            TypeRef::pointer(TypeRef::named(handle), true, true, PointerKind::Raw),
            true,
            true,
            PointerKind::Raw
        )
    );
    assert_eq!(new.sig.params[1].name, "capacity");
    assert_eq!(new.sig.ret, TypeRef::named(eid));
    let push = func(m, "engine_push");
    assert_eq!(
        push.sig.params[0].ty,
        TypeRef::pointer(TypeRef::named(handle), true, true, PointerKind::Raw)
    );
    assert_eq!(push.sig.ret, TypeRef::named(eid));
    let sum = func(m, "engine_sum");
    assert_eq!(
        sum.sig.params[0].ty,
        TypeRef::pointer(TypeRef::named(handle), false, true, PointerKind::Raw)
    );
    let (rid, _) = ty(m, "FfiResult_f32_E");
    assert_eq!(func(m, "engine_first").sig.ret, TypeRef::named(rid));
    let destroy = func(m, "engine_destroy");
    assert_eq!(destroy.sig.params[0].name, "this");
    assert!(destroy.sig.ret.is_void());
    assert!(!m.functions.iter().any(|f| f.name.contains("helper")));
}

#[test]
fn service_prefix_and_misuse() {
    let l = ok(&format!(
        "{ERROR_ENUM}\npub struct Http;\n#[interoptopus::ffi_service(prefix = \"h_\")]\nimpl Http {{ pub fn open() -> Result<Http, E> {{ todo!() }} }}\n"
    ));
    assert_eq!(l.model.services[0].constructors, ["h_open"]);
    assert_eq!(l.model.services[0].destructor, "h_destroy");

    let d = err(&format!(
        "{ERROR_ENUM}\n#[repr(C)] pub struct Open {{ pub x: u32 }}\n#[interoptopus::ffi_service]\nimpl Open {{ pub fn get(&self) -> u32 {{ self.x }} }}\n"
    ));
    assert!(d.message.contains("needs an opaque type"), "{d}");
    assert_eq!(d.location.map(|l| l.line), Some(8));

    let d = err(&format!(
        "{ERROR_ENUM}\npub struct S;\n#[interoptopus::ffi_service]\nimpl S {{\n    pub fn make() -> S {{ S }}\n}}\n"
    ));
    assert!(
        d.message
            .contains("constructor returning `Result<Self, E>`"),
        "{d}"
    );
    assert_eq!(d.location.map(|l| l.line), Some(9));

    let d = err(&format!(
        "{ERROR_ENUM}\npub struct S;\n#[interoptopus::ffi_service]\nimpl S {{\n    pub fn eat(self) {{}}\n}}\n"
    ));
    assert!(d.message.contains("take `&self` or `&mut self`"), "{d}");

    let d = err("#[repr(C)] pub enum NotError { A = 0 }\npub struct S;\n#[interoptopus::ffi_service]\nimpl S {\n    pub fn new() -> Result<Self, NotError> { todo!() }\n}\n");
    assert!(
        d.message
            .contains("the error type is not an `#[ffi_type(error)]` enum"),
        "{d}"
    );
    assert_eq!(d.location.map(|l| l.line), Some(5));
}
