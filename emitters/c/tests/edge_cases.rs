//! A second model full of awkward constructs the kitchen sink does not reach: self and forward
//! references, pointers to arrays, enums only seen behind pointers (which must move up),
//! enumerators that do not fit `int`, `packed(2)`, packed and aligned unions, aliases of
//! pointers, arrays and function pointers, all-unit tagged unions, keyword names, and extreme
//! constants. The header must compile everywhere and the harness must pass on both targets.

mod common;

use interoptopus_c::{layout_harness, CStandard, Config};
use interoptopus_core::model::*;
use interoptopus_core::{EmitInput, TargetInfo};

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::edge::{name}"),
        docs: Docs::from_lines([format!(
            "Docs of `{name}` with */ and ??/ and a trailing \\"
        )]),
        span: Span::default(),
        kind,
        deprecated: None,
    }
}

fn field(name: &str, ty: TypeRef) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::from_lines(["field doc"]),
        ty,
    }
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

fn named(id: u32) -> TypeRef {
    TypeRef::named(TypeId(id))
}

fn ptr(to: TypeRef, mutable: bool) -> TypeRef {
    TypeRef::pointer(to, mutable, true, PointerKind::Raw)
}

fn arr(element: TypeRef, len: u64) -> TypeRef {
    TypeRef::Array {
        element: Box::new(element),
        len,
    }
}

fn record(fields: Vec<Field>, packed: Option<u32>, align: Option<u32>) -> TypeKind {
    TypeKind::Struct {
        fields,
        repr: StructRepr { packed, align },
        tuple: false,
    }
}

fn enumeration(int: IntKind, repr_c: bool, values: &[(&str, i128)]) -> TypeKind {
    TypeKind::Enum {
        int,
        repr_c,
        variants: values
            .iter()
            .map(|(n, v)| EnumVariant {
                name: (*n).into(),
                value: *v,
                docs: Docs::from_lines(["variant doc"]),
                deprecated: None,
            })
            .collect(),
    }
}

fn variant(name: &str, value: i128, fields: Vec<Field>) -> DataVariant {
    DataVariant {
        name: name.into(),
        value,
        docs: Docs::from_lines(["variant doc"]),
        fields,
        tuple: false,
    }
}

fn constant(name: &str, ty: Primitive, value: ConstValue) -> Constant {
    Constant {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::edge::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        ty,
        value,
        deprecated: None,
    }
}

/// Ids: see the `push` order below.
fn edge_model(pointer_bits: u32) -> Model {
    let mut m = Model::new("edge", "edge");
    let t = &mut m.types;
    // 0: refers to itself, to a later struct and to a later enum, through pointers.
    t.push(def(
        "Node",
        record(
            vec![
                field("next", ptr(named(0), false)),
                field("rows", ptr(arr(prim(Primitive::U8), 4), false)),
                field("names", arr(ptr(prim(Primitive::CChar), true), 3)),
                field("later", ptr(named(1), true)),
                field("mode", ptr(named(2), false)),
                field("pp", ptr(ptr(prim(Primitive::U8), true), false)),
            ],
            None,
            None,
        ),
    ));
    t.push(def(
        "Later",
        record(vec![field("x", prim(Primitive::U16))], None, None),
    )); // 1
    t.push(def(
        "Mode",
        enumeration(IntKind::U32, false, &[("Off", 0), ("Max", 4294967295)]),
    )); // 2
    t.push(def(
        "Small",
        enumeration(IntKind::I8, false, &[("Min", -128), ("Max", 127)]),
    )); // 3
    t.push(def(
        "CMode",
        enumeration(
            IntKind::I32,
            true,
            &[
                ("Low", i128::from(i32::MIN)),
                ("High", i128::from(i32::MAX)),
            ],
        ),
    )); // 4
    t.push(def(
        "Wide",
        enumeration(
            IntKind::U64,
            false,
            &[("Top", i128::from(u64::MAX)), ("Zero", 0)],
        ),
    )); // 5
    t.push(def("Nothing", enumeration(IntKind::U8, false, &[]))); // 6
    t.push(def(
        "Packed2",
        record(
            vec![
                field("a", prim(Primitive::U8)),
                field("b", prim(Primitive::U64)),
                field("c", prim(Primitive::U16)),
            ],
            Some(2),
            None,
        ),
    )); // 7
    t.push(def(
        "PackedUnion",
        TypeKind::Union {
            fields: vec![
                field("a", prim(Primitive::U8)),
                field("b", prim(Primitive::U32)),
            ],
            repr: StructRepr {
                packed: Some(1),
                align: None,
            },
        },
    )); // 8
    t.push(def(
        "AlignedUnion",
        TypeKind::Union {
            fields: vec![field("a", prim(Primitive::U8))],
            repr: StructRepr {
                packed: None,
                align: Some(8),
            },
        },
    )); // 9
    t.push(def(
        "Handle",
        TypeKind::Transparent {
            field: field("_0", ptr(named(0), false)),
        },
    )); // 10
    t.push(def(
        "Row",
        TypeKind::Transparent {
            field: field("_0", arr(prim(Primitive::U8), 4)),
        },
    )); // 11
    t.push(def(
        "Callback2",
        TypeKind::FnPtr {
            sig: FnSig {
                params: vec![
                    Param {
                        name: "int".into(),
                        ty: prim(Primitive::U64),
                    },
                    Param {
                        name: "getter".into(),
                        ty: named(13),
                    },
                    Param {
                        name: "node".into(),
                        ty: named(0),
                    },
                ],
                ret: TypeRef::Void,
            },
        },
    )); // 12: mentions the function pointer 13 before it is defined
    t.push(def(
        "Getter",
        TypeKind::FnPtr {
            sig: FnSig {
                params: vec![],
                ret: ptr(prim(Primitive::CChar), false),
            },
        },
    )); // 13
    t.push(def(
        "CbAlias",
        TypeKind::Transparent {
            field: field(
                "_0",
                TypeRef::Named {
                    id: TypeId(12),
                    nullable: true,
                },
            ),
        },
    )); // 14
    t.push(def(
        "Units",
        TypeKind::TaggedUnion {
            tag: IntKind::U8,
            style: TagStyle::Separate,
            variants: vec![variant("A", 0, vec![]), variant("B", 7, vec![])],
        },
    )); // 15
    t.push(def(
        "register",
        record(
            vec![
                field("int", prim(Primitive::I32)),
                field("class", prim(Primitive::Bool)),
                field("default", named(9)),
            ],
            None,
            None,
        ),
    )); // 16
    t.push(def(
        "Mixed",
        TypeKind::TaggedUnion {
            tag: IntKind::I32,
            style: TagStyle::Inline,
            variants: vec![
                variant(
                    "Data",
                    0,
                    vec![
                        field("int", prim(Primitive::U8)),
                        field("ptr", ptr(named(0), true)),
                    ],
                ),
                variant("None", 1, vec![]),
                variant("Float", 2, vec![field("f", prim(Primitive::F64))]),
            ],
        },
    )); // 17
    t.push(def(
        "Big",
        TypeKind::TaggedUnion {
            tag: IntKind::U16,
            style: TagStyle::Separate,
            variants: vec![
                variant(
                    "P",
                    0,
                    vec![
                        field("p", named(7)),
                        field("grid", arr(arr(prim(Primitive::I16), 2), 3)),
                    ],
                ),
                variant("U", 1, vec![field("u", named(8)), field("row", named(11))]),
                variant("Nothing", 2, vec![]),
            ],
        },
    )); // 18
    t.push(def("Opaque", TypeKind::Opaque)); // 19

    let f = |name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef| Function {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::edge::{name}"),
        docs: Docs::from_lines([" Multi-line", "", "   docs with indentation."]),
        span: Span::default(),
        sig: FnSig {
            params: params
                .into_iter()
                .map(|(n, ty)| Param { name: n.into(), ty })
                .collect(),
            ret,
        },
        deprecated: None,
    };
    m.functions.push(f(
        "get_row",
        vec![("out", ptr(named(11), true))],
        TypeRef::Void,
    ));
    m.functions.push(f(
        "register_cb",
        vec![("cb", named(14)), ("getter", named(13)), ("h", named(10))],
        named(13),
    ));
    m.functions.push(f(
        "process",
        vec![
            ("node", ptr(named(0), true)),
            ("units", named(15)),
            ("m", named(17)),
            ("big", named(18)),
        ],
        named(2),
    ));
    m.functions.push(f(
        "kw",
        vec![
            ("int", prim(Primitive::I32)),
            ("class", named(16)),
            ("o", ptr(named(19), true)),
        ],
        ptr(ptr(prim(Primitive::CChar), false), false),
    ));

    let (usize_max, isize_min) = if pointer_bits == 64 {
        (i128::from(u64::MAX), i128::from(i64::MIN))
    } else {
        (i128::from(u32::MAX), i128::from(i32::MIN))
    };
    m.constants.extend([
        constant("NOT_A_NUMBER", Primitive::F64, ConstValue::Float(f64::NAN)),
        constant(
            "MINUS_INF",
            Primitive::F32,
            ConstValue::Float(f64::NEG_INFINITY),
        ),
        constant("TINY_F64", Primitive::F64, ConstValue::Float(5e-324)),
        constant(
            "TINY_F32",
            Primitive::F32,
            ConstValue::Float(f64::from(f32::from_bits(1))),
        ),
        constant(
            "MAX_F32",
            Primitive::F32,
            ConstValue::Float(f64::from(f32::MAX)),
        ),
        constant("MAX_F64", Primitive::F64, ConstValue::Float(f64::MAX)),
        constant("NEG_ZERO", Primitive::F64, ConstValue::Float(-0.0)),
        constant(
            "SMALL_F32",
            Primitive::F32,
            ConstValue::Float(f64::from(1e-7f32)),
        ),
        constant("USIZE_MAX", Primitive::Usize, ConstValue::Int(usize_max)),
        constant("ISIZE_MIN", Primitive::Isize, ConstValue::Int(isize_min)),
        constant("LETTER", Primitive::Char32, ConstValue::Int(65)),
        constant("SIGNED_CHAR", Primitive::CChar, ConstValue::Int(-5)),
        constant("I16_MIN", Primitive::I16, ConstValue::Int(-32768)),
        constant("I8_MIN", Primitive::I8, ConstValue::Int(-128)),
        constant(
            "I32_MIN",
            Primitive::I32,
            ConstValue::Int(i128::from(i32::MIN)),
        ),
        constant("OFF", Primitive::Bool, ConstValue::Bool(false)),
        constant("BIG_I64", Primitive::I64, ConstValue::Int(9_000_000_000)),
    ]);
    let s = |name: &str, ty: TypeRef, mutable: bool| Static {
        guard: Default::default(),
        name: name.into(),
        rust_path: format!("crate::edge::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        ty,
        mutable,
        deprecated: None,
    };
    m.statics.extend([
        s("TABLE", arr(prim(Primitive::U8), 4), false),
        s("NAME", ptr(prim(Primitive::CChar), false), false),
        s(
            "HOOK",
            TypeRef::Named {
                id: TypeId(13),
                nullable: true,
            },
            true,
        ),
        s("HANDLE", named(10), false),
    ]);
    m
}

const WARN: &[&str] = &["-Wall", "-Wextra", "-Werror", "-pedantic"];

#[test]
fn edge_header_compiles_everywhere() {
    let model = edge_model(64);
    let layouts = common::layouts(&model, &TargetInfo::x86_64_linux());
    let header = common::header_for(&model, &layouts, &Config::default());
    // The enum behind a pointer and the function pointer in a signature moved up.
    let pos = |s: &str| {
        header
            .find(s)
            .unwrap_or_else(|| panic!("missing `{s}` in\n{header}"))
    };
    assert!(pos("typedef uint32_t Mode;") < pos("struct Node {"));
    assert!(pos("struct Node {") < pos("struct Later {"));
    assert!(pos("typedef const char *(*Getter)(void);") < pos("typedef void (*Callback2)("));
    assert!(header.contains("typedef struct Later Later;"));
    assert!(header.contains("typedef uint8_t Row[4];"));
    assert!(header.contains("typedef const Node *Handle;"));
    assert!(header.contains("const uint8_t (*rows)[4];"));
    assert!(header.contains("char *names[3];"));
    assert!(header.contains("typedef struct register_ {"));
    assert!(header.contains("#define MODE_MAX ((Mode)UINT32_C(4294967295))"));
    assert!(header.contains("#define WIDE_TOP ((Wide)UINT64_C(18446744073709551615))"));
    assert!(header.contains("#include <math.h>"));
    assert!(header.contains("extern const uint8_t TABLE[4];"));
    assert!(header.contains("extern const char *const NAME;"));
    assert!(header.contains("extern Getter HOOK;"));
    assert!(header.contains("const char *const *kw(int32_t int_, register_ class_, Opaque *o);"));

    let include = "#include \"edge.h\"\n";
    let dir = common::dir_with(&[("edge.h", &header), ("tu.c", include), ("tu.cpp", include)]);
    for (compiler, std, source, extra) in [
        ("gcc", "-std=c99", "tu.c", None),
        ("clang", "-std=c99", "tu.c", None),
        ("gcc", "-std=c99", "tu.c", Some("-m32")),
        ("g++", "-std=c++17", "tu.cpp", None),
        ("clang++", "-std=c++17", "tu.cpp", None),
    ] {
        let mut args = vec![std];
        args.extend_from_slice(WARN);
        args.extend(extra);
        args.extend_from_slice(&["-c", source, "-o", "tu.o"]);
        common::must_compile(dir.path(), compiler, &args);
    }
}

/// A C11 program checking the type (`_Generic`) and value of every constant; `BOOL_CHECK` is
/// filled in per `bool` spelling.
const CONSTANTS_PROGRAM: &str = r#"#include "edge.h"
#include <float.h>
#include <stdio.h>
#define TYPE_IS(expr, type) _Generic((expr), type: 1, default: 0)
#define CHECK(cond) do { if (!(cond)) { printf("FAILED: %s\n", #cond); failures++; } } while (0)
int main(void) {
    int failures = 0;
    double nan = NOT_A_NUMBER;
    CHECK(TYPE_IS(NOT_A_NUMBER, double) && nan != nan);
    CHECK(TYPE_IS(MINUS_INF, float) && MINUS_INF < -FLT_MAX);
    CHECK(TYPE_IS(TINY_F64, double) && TINY_F64 > 0.0 && TINY_F64 / 2.0 == 0.0);
    CHECK(TYPE_IS(TINY_F32, float) && TINY_F32 > 0.0f && TINY_F32 / 2.0f == 0.0f);
    CHECK(TYPE_IS(MAX_F32, float) && MAX_F32 == FLT_MAX);
    CHECK(TYPE_IS(MAX_F64, double) && MAX_F64 == DBL_MAX);
    CHECK(TYPE_IS(NEG_ZERO, double) && NEG_ZERO == 0.0 && 1.0 / NEG_ZERO < 0.0);
    CHECK(TYPE_IS(SMALL_F32, float) && SMALL_F32 == 1e-7f);
    CHECK(TYPE_IS(USIZE_MAX, size_t) && USIZE_MAX == SIZE_MAX);
    CHECK(TYPE_IS(ISIZE_MIN, ptrdiff_t) && ISIZE_MIN == PTRDIFF_MIN);
    CHECK(TYPE_IS(LETTER, uint32_t) && LETTER == 'A');
    CHECK(TYPE_IS(SIGNED_CHAR, char) && SIGNED_CHAR == (char)-5);
    CHECK(TYPE_IS(I16_MIN, int16_t) && I16_MIN == INT16_MIN);
    CHECK(TYPE_IS(I8_MIN, int8_t) && I8_MIN == INT8_MIN);
    CHECK(TYPE_IS(I32_MIN, int32_t) && I32_MIN == INT32_MIN);
    CHECK(BOOL_CHECK);
    CHECK(TYPE_IS(BIG_I64, int64_t) && BIG_I64 == 9000000000);
    CHECK(MODE_MAX == UINT32_MAX && TYPE_IS(MODE_MAX, Mode) && sizeof(Mode) == 4);
    CHECK(WIDE_TOP == UINT64_MAX && WIDE_ZERO == 0);
    CHECK(SMALL_MIN == -128 && SMALL_MAX == 127 && sizeof(Small) == 1);
    CHECK(C_MODE_LOW == INT32_MIN && C_MODE_HIGH == INT32_MAX && sizeof(CMode) == 4);
    CHECK(UNITS_A == 0 && UNITS_B == 7 && sizeof(Units) == 1);
    CHECK(MIXED_DATA == 0 && MIXED_FLOAT == 2 && sizeof(Mixed_Tag) == 4);
    CHECK(sizeof(Nothing) == 1);
    if (failures == 0) printf("all checks passed\n");
    return failures == 0 ? 0 : 1;
}
"#;

/// Compiles and runs [`CONSTANTS_PROGRAM`] against the header of `config` for a target.
fn check_constants(config: &Config, bits: u32, target: &TargetInfo, m32: bool) {
    let model = edge_model(bits);
    let layouts = common::layouts(&model, target);
    let header = common::header_for(&model, &layouts, config);
    let bool_check = match config.bool_typedef_name(&model) {
        Some(t) => format!("TYPE_IS(OFF, {t}) && OFF == 0 && sizeof({t}) == 1"),
        None => "TYPE_IS(OFF, bool) && OFF == false".to_string(),
    };
    let program = CONSTANTS_PROGRAM.replace("BOOL_CHECK", &bool_check);
    let dir = common::dir_with(&[("edge.h", &header), ("main.c", &program)]);
    for compiler in ["gcc", "clang"] {
        let mut args = vec!["-std=c11"];
        args.extend_from_slice(WARN);
        if m32 {
            // SSE arithmetic, so `TINY_F64 / 2.0 == 0.0` is not computed in x87 long double.
            args.extend_from_slice(&["-m32", "-msse2", "-mfpmath=sse"]);
        }
        args.extend_from_slice(&["main.c", "-o", "main"]);
        common::must_compile(dir.path(), compiler, &args);
        let r = common::run(
            dir.path(),
            &common::path(&dir, "main").to_string_lossy(),
            &[],
        );
        assert!(
            r.ok && r.output.contains("all checks passed"),
            "{compiler} m32={m32}:\n{}",
            r.output
        );
    }
}

#[test]
fn edge_constants_have_their_values_and_types() {
    check_constants(&Config::default(), 64, &TargetInfo::x86_64_linux(), false);
}

/// The C89 spellings (64-bit values from halves, `HUGE_VAL`, the `bool` typedef) keep every
/// type and value, on both targets.
#[test]
fn edge_constants_keep_values_and_types_in_c89() {
    let config = Config::default().standard(CStandard::C89);
    check_constants(&config, 64, &TargetInfo::x86_64_linux(), false);
    check_constants(&config, 32, &TargetInfo::i686_linux(), true);
}

/// The C89 header compiles as C89 (every macro expanded) on both targets, and as C++20.
#[test]
fn edge_header_compiles_as_c89() {
    for (bits, target, extra) in [
        (64, TargetInfo::x86_64_linux(), None),
        (32, TargetInfo::i686_linux(), Some("-m32")),
    ] {
        let model = edge_model(bits);
        let layouts = common::layouts(&model, &target);
        let config = Config::default().standard(CStandard::C89);
        let header = common::header_for(&model, &layouts, &config);
        assert!(!header.contains("//") && !header.contains("INT64_C(") && !header.contains("NAN"));
        let tu = common::use_every_macro(&header, "edge.h");
        let dir = common::dir_with(&[("edge.h", &header), ("tu.c", &tu), ("tu.cpp", &tu)]);
        for (compiler, std, source) in [
            ("gcc", "-std=c89", "tu.c"),
            ("clang", "-std=c89", "tu.c"),
            ("g++", "-std=c++20", "tu.cpp"),
            ("clang++", "-std=c++20", "tu.cpp"),
        ] {
            let mut args = vec![std];
            args.extend_from_slice(WARN);
            // C++ on the host only: the 32-bit C++ library is not among the toolchains.
            if !compiler.ends_with("++") {
                args.extend(extra);
            }
            args.extend_from_slice(&["-c", source, "-o", "tu.o"]);
            common::must_compile(dir.path(), compiler, &args);
        }
    }
}

#[test]
fn edge_harness_passes_on_both_targets() {
    for (target, bits, extra) in [
        (TargetInfo::x86_64_linux(), 64, None),
        (TargetInfo::i686_linux(), 32, Some("-m32")),
    ] {
        // The harness keeps C11 for `_Static_assert`; a C89 header must pass it too.
        for config in [
            Config::default(),
            Config::default().standard(CStandard::C89),
        ] {
            let model = edge_model(bits);
            let layouts = common::layouts(&model, &target);
            let header = common::header_for(&model, &layouts, &config);
            let h = layout_harness(
                EmitInput {
                    model: &model,
                    layouts: &layouts,
                },
                &config,
                "edge.h",
            );
            let dir = common::dir_with(&[("edge.h", &header), ("harness.c", &h.source)]);
            for compiler in ["gcc", "clang"] {
                let mut args = vec!["-std=c11", "-Wall", "-Wextra", "-Werror"];
                args.extend(extra);
                args.extend_from_slice(&["-c", "harness.c", "-o", "harness.o"]);
                let r = common::run(dir.path(), compiler, &args);
                assert!(
                    r.ok,
                    "{compiler} {extra:?}:\n{}\n{:#?}",
                    r.output,
                    h.mismatches("harness.c", &r.output)
                );
            }
        }
    }
}
