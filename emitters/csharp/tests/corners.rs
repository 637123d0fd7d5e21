//! Constructs the kitchen sink does not reach (arrays of bools, enums, pointers, handles,
//! function pointers, unions and tagged unions; `ref bool`; nullable `&mut`; function-pointer
//! returns; transparent wrappers; statics and constants of every kind). The output must compile
//! warning-free, and its layout table must agree with Mono's `Marshal.SizeOf`/`OffsetOf` —
//! which needs no native library, so it runs here without a fixture.

mod common;

use std::process::Command;

use interoptopus_core::model::*;
use interoptopus_core::TargetInfo;
use interoptopus_csharp::Config;

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

fn field(name: &str, ty: TypeRef) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::default(),
        ty,
    }
}

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::from_lines([format!(" The `{name}` type & <friends>.")]),
        span: Span::default(),
        kind,
        deprecated: None,
    }
}

fn strukt(fields: Vec<Field>) -> TypeKind {
    TypeKind::Struct {
        fields,
        repr: StructRepr::default(),
        tuple: false,
    }
}

fn array(element: TypeRef, len: u64) -> TypeRef {
    TypeRef::Array {
        element: Box::new(element),
        len,
    }
}

fn ptr(pointee: TypeRef, mutable: bool, nullable: bool, kind: PointerKind) -> TypeRef {
    TypeRef::pointer(pointee, mutable, nullable, kind)
}

fn function(name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef) -> Function {
    Function {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        sig: FnSig {
            params: params
                .into_iter()
                .map(|(n, ty)| Param { name: n.into(), ty })
                .collect(),
            ret,
        },
        deprecated: None,
    }
}

fn corners() -> Model {
    let mut m = Model::new("corners", "corners");
    let vec3 = TypeRef::named(TypeId(0));
    let mode = TypeRef::named(TypeId(1));
    let handle = TypeRef::named(TypeId(2));
    let cb = TypeRef::named(TypeId(3));
    let flagged = TypeRef::named(TypeId(4));
    let bits = TypeRef::named(TypeId(5));
    m.types
        .push(def("Vec3", strukt(vec![field("x", prim(Primitive::F32))])));
    m.types.push(def(
        "Mode",
        TypeKind::Enum {
            int: IntKind::Usize,
            repr_c: false,
            variants: vec![
                EnumVariant {
                    name: "ModeA".into(),
                    value: 0,
                    docs: Docs::default(),
                    deprecated: None,
                },
                EnumVariant {
                    name: "MODE_B".into(),
                    value: 7,
                    docs: Docs::default(),
                    deprecated: None,
                },
            ],
        },
    ));
    m.types.push(def("Handle", TypeKind::Opaque));
    m.types.push(def(
        "Cb",
        TypeKind::FnPtr {
            sig: FnSig {
                params: vec![
                    Param {
                        name: "p".into(),
                        ty: ptr(vec3.clone(), false, false, PointerKind::Reference),
                    },
                    Param {
                        name: "flag".into(),
                        ty: prim(Primitive::Bool),
                    },
                    Param {
                        name: "h".into(),
                        ty: ptr(handle.clone(), true, true, PointerKind::Raw),
                    },
                    Param {
                        name: "m".into(),
                        ty: ptr(prim(Primitive::U32), true, true, PointerKind::Reference),
                    },
                ],
                ret: ptr(handle.clone(), true, true, PointerKind::Raw),
            },
        },
    ));
    let variant = |name: &str, value: i128, fields: Vec<Field>| DataVariant {
        name: name.into(),
        value,
        docs: Docs::default(),
        fields,
        tuple: false,
    };
    m.types.push(def(
        "Flagged",
        TypeKind::TaggedUnion {
            tag: IntKind::U8,
            style: TagStyle::Inline,
            variants: vec![
                variant(
                    "On",
                    0,
                    vec![
                        field("flag", prim(Primitive::Bool)),
                        field("level", prim(Primitive::U16)),
                        field("pts", array(prim(Primitive::U8), 3)),
                    ],
                ),
                variant("Off", 1, vec![]),
            ],
        },
    ));
    m.types.push(def(
        "Bits",
        TypeKind::Union {
            fields: vec![
                field("flag", prim(Primitive::Bool)),
                field("raw", prim(Primitive::U16)),
            ],
            repr: StructRepr::default(),
        },
    ));
    m.types.push(def(
        "Arrays",
        strukt(vec![
            field("bools", array(prim(Primitive::Bool), 3)),
            field("modes", array(mode.clone(), 2)),
            field("sizes", array(prim(Primitive::Usize), 2)),
            field("isz", array(prim(Primitive::Isize), 1)),
            field("chars", array(prim(Primitive::Char32), 2)),
            field("c_chars", array(prim(Primitive::CChar), 5)),
            field(
                "ptrs",
                array(ptr(prim(Primitive::U8), false, true, PointerKind::Raw), 2),
            ),
            field(
                "handles",
                array(ptr(handle.clone(), true, true, PointerKind::Raw), 2),
            ),
            field("cbs", array(cb.clone(), 1)),
            field("unions", array(bits.clone(), 2)),
            field("tagged", array(flagged.clone(), 2)),
            field("grid", array(array(array(vec3.clone(), 2), 2), 2)),
            field("flag", prim(Primitive::Bool)),
        ]),
    ));
    m.types.push(def(
        "Wrapper",
        TypeKind::Transparent {
            field: field("_0", vec3.clone()),
        },
    ));
    m.types.push(def(
        "Id",
        TypeKind::Transparent {
            field: field("_0", prim(Primitive::U32)),
        },
    ));
    let wrapper = TypeRef::named(TypeId(7));
    let id = TypeRef::named(TypeId(8));
    m.types.push(def(
        "Holder",
        strukt(vec![
            field("w", wrapper.clone()),
            field("id", id.clone()),
            field("ids", array(id.clone(), 3)),
        ]),
    ));

    m.functions.push(function(
        "takes_refs",
        vec![
            (
                "a",
                ptr(prim(Primitive::Bool), true, false, PointerKind::Reference),
            ),
            (
                "b",
                ptr(prim(Primitive::Bool), true, true, PointerKind::Reference),
            ),
            ("c", ptr(vec3.clone(), false, true, PointerKind::Reference)),
            (
                "d",
                ptr(
                    array(prim(Primitive::U8), 4),
                    false,
                    false,
                    PointerKind::Reference,
                ),
            ),
            ("e", id.clone()),
            ("w", wrapper),
            (
                "h",
                ptr(handle.clone(), false, false, PointerKind::Reference),
            ),
            (
                "n",
                ptr(prim(Primitive::U8), false, false, PointerKind::NonNull),
            ),
        ],
        prim(Primitive::Bool),
    ));
    m.functions.push(function(
        "returns_cb",
        vec![],
        TypeRef::Named {
            id: TypeId(3),
            nullable: true,
        },
    ));
    m.functions
        .push(function("takes_cb", vec![("cb", cb.clone())], id.clone()));
    m.functions.push(function(
        "returns_handle",
        vec![(
            "h",
            ptr(handle.clone(), false, false, PointerKind::Reference),
        )],
        ptr(handle.clone(), false, true, PointerKind::Raw),
    ));
    m.functions.push(function(
        "returns_tagged",
        vec![("m", mode.clone())],
        flagged,
    ));

    let stat = |name: &str, ty: TypeRef, mutable: bool| Static {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        ty,
        mutable,
        deprecated: None,
    };
    m.statics.extend([
        stat("FLAG", prim(Primitive::Bool), true),
        stat("MODE", mode, true),
        stat(
            "CB",
            TypeRef::Named {
                id: TypeId(3),
                nullable: true,
            },
            true,
        ),
        stat("H", ptr(handle, true, true, PointerKind::Raw), true),
        stat("ARR", array(prim(Primitive::U16), 3), false),
        stat("SIZE", prim(Primitive::Usize), true),
        stat(
            "PTR",
            ptr(TypeRef::Void, false, true, PointerKind::Raw),
            false,
        ),
        stat("F", prim(Primitive::F32), true),
    ]);
    let konst = |name: &str, ty: Primitive, value: ConstValue| Constant {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        ty,
        value,
        deprecated: None,
    };
    m.constants.extend([
        konst("USZ", Primitive::Usize, ConstValue::Int(u32::MAX as i128)),
        konst("ISZ", Primitive::Isize, ConstValue::Int(-5)),
        konst("NAN", Primitive::F32, ConstValue::Float(f64::NAN)),
        konst("INF", Primitive::F64, ConstValue::Float(f64::INFINITY)),
        konst("TINY", Primitive::F64, ConstValue::Float(1e-300)),
        konst("CH", Primitive::Char32, ConstValue::Int(0x1F600)),
        konst("CC", Primitive::CChar, ConstValue::Int(-3)),
        konst("I8", Primitive::I8, ConstValue::Int(-128)),
        konst("I32MIN", Primitive::I32, ConstValue::Int(i32::MIN as i128)),
    ]);
    m
}

const CHECK_PROGRAM: &str = r#"
using System;
using Corners;

internal static class Program
{
    private static int Main()
    {
        string[] problems = InteropLayout.Check();
        foreach (string p in problems) Console.WriteLine("layout: " + p);
        int failed = problems.Length;
        var a = new Arrays();
        var bools = BoolArray3.From(true, false, true);
        a.Bools = bools;
        if (!(a.Bools[0] && !a.Bools[1] && a.Bools[2])) { Console.WriteLine("FAIL bool array"); failed++; }
        var f = Flagged.On(true, 513, U8Array3.From(1, 2, 3));
        Flagged.OnData d = f.AsOn();
        if (!(d.Flag && d.Level == 513 && d.Pts[2] == 3)) { Console.WriteLine("FAIL tagged"); failed++; }
        a.Tagged = FlaggedArray2.From(f, Flagged.Off());
        if (!(a.Tagged[0].AsOn().Level == 513 && a.Tagged[1].IsOff)) { Console.WriteLine("FAIL tagged array"); failed++; }
        a.Sizes = UsizeArray2.From(new UIntPtr(1), new UIntPtr(ulong.MaxValue));
        if (a.Sizes[1] != new UIntPtr(ulong.MaxValue)) { Console.WriteLine("FAIL usize array"); failed++; }
        a.Modes = ModeArray2.From(Mode.ModeB, Mode.ModeA);
        if (a.Modes[0] != Mode.ModeB) { Console.WriteLine("FAIL enum array"); failed++; }
        var b = new Bits { Raw = 0x0101 };
        if (!b.Flag) { Console.WriteLine("FAIL union bool view"); failed++; }
        if (!float.IsNaN(Interop.Nan) || !double.IsPositiveInfinity(Interop.Inf) || Interop.Usz != new UIntPtr(uint.MaxValue) || Interop.Ch != 0x1F600u) { Console.WriteLine("FAIL constants"); failed++; }
        Console.WriteLine(failed == 0 ? "ok" : failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
"#;

#[test]
fn corners_compile_and_lay_out_like_the_model() {
    let cs = common::emit(&corners(), TargetInfo::x86_64_linux(), Config::default());
    // Spot checks of the decisions these constructs exercise.
    for needle in [
        "public static extern bool TakesRefs([MarshalAs(UnmanagedType.U1)] ref bool a, [MarshalAs(UnmanagedType.U1)] ref bool b, ref Vec3 c, ref U8Array4 d, uint e, Vec3 w, Handle h, IntPtr n);",
        "public static extern bool TakesRefs([MarshalAs(UnmanagedType.U1)] ref bool a, IntPtr b, IntPtr c, ref U8Array4 d, uint e, Vec3 w, Handle h, IntPtr n);",
        "public static Cb ReturnsCb() => new Cb(__ReturnsCb());",
        "public static Handle ReturnsHandle(Handle h) => new Handle(__ReturnsHandle(h));",
        "public delegate IntPtr CbDelegate(ref Vec3 p, [MarshalAs(UnmanagedType.U1)] bool flag, Handle h, IntPtr m);",
        "public Handle Invoke(ref Vec3 p, bool flag, Handle h, IntPtr m)",
        "public enum Mode : ulong",
        "ModeB = 7,",
        "public const float Nan = float.NaN;",
        "public static readonly IntPtr Isz = new IntPtr(-5L);",
        "private fixed byte _items[3];",
        "return new Mode(items[index]);",
    ] {
        if needle == "return new Mode(items[index]);" {
            assert!(!cs.contains(needle), "enum arrays cast, not construct");
            continue;
        }
        assert!(cs.contains(needle), "missing `{needle}` in:\n{cs}");
    }

    common::require_tool("mono");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path();
    std::fs::write(path.join("Corners.cs"), &cs).unwrap_or_else(|e| panic!("write: {e}"));
    std::fs::write(path.join("Check.cs"), CHECK_PROGRAM).unwrap_or_else(|e| panic!("write: {e}"));
    common::mcs(
        path,
        &[
            "-doc:Corners.xml",
            "-out:check.exe",
            "Corners.cs",
            "Check.cs",
        ],
    );
    let out = Command::new("mono")
        .current_dir(path)
        .arg("check.exe")
        .output()
        .unwrap_or_else(|e| panic!("running mono: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.trim_end().ends_with("ok"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn corners_compile_for_i686() {
    let cs = common::emit(
        &corners(),
        TargetInfo::i686_linux(),
        Config::default().rust_names(true),
    );
    assert!(cs.contains("public enum Mode : uint"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::write(dir.path().join("Corners.cs"), &cs).unwrap_or_else(|e| panic!("write: {e}"));
    common::mcs(
        dir.path(),
        &["-target:library", "-doc:Corners.xml", "Corners.cs"],
    );
}
