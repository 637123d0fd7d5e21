//! A hand-built model that uses every construct, for emitter tests that must not wait for the
//! Rust front end. Enabled by the `fixtures` feature; never part of a user's build.

use crate::model::*;

fn field(name: &str, ty: TypeRef) -> Field {
    Field {
        name: name.into(),
        rust_name: name.into(),
        docs: Docs::default(),
        ty,
    }
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

fn def(name: &str, docs: &[&str], kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::from_lines(docs.iter().copied()),
        span: Span::default(),
        kind,
    }
}

fn function(name: &str, params: Vec<(&str, TypeRef)>, ret: TypeRef) -> Function {
    Function {
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::from_lines([format!(" Calls `{name}`.")]),
        span: Span::default(),
        sig: FnSig {
            params: params
                .into_iter()
                .map(|(n, ty)| Param { name: n.into(), ty })
                .collect(),
            ret,
        },
    }
}

/// Every construct of the model, with ids in dependency order:
///
/// | id | name | kind |
/// |----|------|------|
/// | 0 | `Vec3` | struct of three `f32` |
/// | 1 | `Color` | `repr(C)` enum with explicit and negative values |
/// | 2 | `Flags` | `repr(u8)` enum |
/// | 3 | `Meters` | transparent over `f64` |
/// | 4 | `Packed` | `repr(C, packed)` struct (`u8`, `u32`) |
/// | 5 | `Aligned` | `repr(C, align(16))` struct |
/// | 6 | `Pair_f32` | generic struct monomorphised |
/// | 7 | `Grid` | tuple struct with a nested array `[[u8; 3]; 2]` and an array of `Vec3` |
/// | 8 | `Number` | `repr(C)` union of `i64`/`f64` |
/// | 9 | `Shape` | `repr(C)` tagged union (`Circle(f32)`, `Rect { w, h }`, `Empty`) |
/// | 10 | `Event` | `repr(u8)` tagged union (`Key(u32)`, `Quit`) |
/// | 11 | `Engine` | opaque |
/// | 12 | `Callback` | `extern "C" fn(u32, *const Vec3) -> bool` |
/// | 13 | `Everything` | struct with every primitive, pointers, fn pointers and nested types |
pub fn kitchen_sink() -> Model {
    let mut m = Model::new("kitchen-sink", "kitchen_sink");
    let vec3 = TypeRef::named(TypeId(0));
    m.types.push(def(
        "Vec3",
        &[" A point in space."],
        TypeKind::Struct {
            fields: vec![
                field("x", prim(Primitive::F32)),
                field("y", prim(Primitive::F32)),
                field("z", prim(Primitive::F32)),
            ],
            repr: StructRepr::default(),
            tuple: false,
        },
    ));
    let variant = |name: &str, value: i128| EnumVariant {
        name: name.into(),
        value,
        docs: Docs::default(),
    };
    m.types.push(def(
        "Color",
        &[" Colours <with> & markup."],
        TypeKind::Enum {
            int: IntKind::I32,
            repr_c: true,
            variants: vec![variant("Red", 0), variant("Green", 5), variant("Blue", -3)],
        },
    ));
    m.types.push(def(
        "Flags",
        &[],
        TypeKind::Enum {
            int: IntKind::U8,
            repr_c: false,
            variants: vec![variant("None", 0), variant("Some", 1), variant("All", 255)],
        },
    ));
    m.types.push(def(
        "Meters",
        &[],
        TypeKind::Transparent {
            field: field("_0", prim(Primitive::F64)),
        },
    ));
    m.types.push(def(
        "Packed",
        &[],
        TypeKind::Struct {
            fields: vec![
                field("a", prim(Primitive::U8)),
                field("b", prim(Primitive::U32)),
            ],
            repr: StructRepr {
                packed: Some(1),
                align: None,
            },
            tuple: false,
        },
    ));
    m.types.push(def(
        "Aligned",
        &[],
        TypeKind::Struct {
            fields: vec![field("v", prim(Primitive::U32))],
            repr: StructRepr {
                packed: None,
                align: Some(16),
            },
            tuple: false,
        },
    ));
    let mut pair = def(
        "Pair_f32",
        &[],
        TypeKind::Struct {
            fields: vec![
                field("a", prim(Primitive::F32)),
                field("b", prim(Primitive::F32)),
            ],
            repr: StructRepr::default(),
            tuple: false,
        },
    );
    pair.rust_path = "crate::Pair<f32>".into();
    m.types.push(pair);
    let mut grid_fields = vec![
        field(
            "_0",
            TypeRef::Array {
                element: Box::new(TypeRef::Array {
                    element: Box::new(prim(Primitive::U8)),
                    len: 3,
                }),
                len: 2,
            },
        ),
        field(
            "_1",
            TypeRef::Array {
                element: Box::new(vec3.clone()),
                len: 2,
            },
        ),
    ];
    grid_fields[0].rust_name = "0".into();
    grid_fields[1].rust_name = "1".into();
    m.types.push(def(
        "Grid",
        &[],
        TypeKind::Struct {
            fields: grid_fields,
            repr: StructRepr::default(),
            tuple: true,
        },
    ));
    m.types.push(def(
        "Number",
        &[],
        TypeKind::Union {
            fields: vec![
                field("i", prim(Primitive::I64)),
                field("f", prim(Primitive::F64)),
            ],
            repr: StructRepr::default(),
        },
    ));
    let data = |name: &str, value: i128, fields: Vec<Field>, tuple: bool| DataVariant {
        name: name.into(),
        value,
        docs: Docs::default(),
        fields,
        tuple,
    };
    m.types.push(def(
        "Shape",
        &[],
        TypeKind::TaggedUnion {
            tag: IntKind::I32,
            style: TagStyle::Separate,
            variants: vec![
                data("Circle", 0, vec![field("_0", prim(Primitive::F32))], true),
                data(
                    "Rect",
                    1,
                    vec![
                        field("w", prim(Primitive::F32)),
                        field("h", prim(Primitive::F64)),
                    ],
                    false,
                ),
                data("Empty", 2, vec![], false),
            ],
        },
    ));
    m.types.push(def(
        "Event",
        &[],
        TypeKind::TaggedUnion {
            tag: IntKind::U8,
            style: TagStyle::Inline,
            variants: vec![
                data("Key", 0, vec![field("_0", prim(Primitive::U32))], true),
                data("Quit", 1, vec![], false),
            ],
        },
    ));
    m.types
        .push(def("Engine", &[" An engine handle."], TypeKind::Opaque));
    m.types.push(def(
        "Callback",
        &[],
        TypeKind::FnPtr {
            sig: FnSig {
                params: vec![
                    Param {
                        name: "value".into(),
                        ty: prim(Primitive::U32),
                    },
                    Param {
                        name: "point".into(),
                        ty: TypeRef::pointer(vec3.clone(), false, true, PointerKind::Raw),
                    },
                ],
                ret: prim(Primitive::Bool),
            },
        },
    ));
    let prims = [
        Primitive::Bool,
        Primitive::Char32,
        Primitive::CChar,
        Primitive::U8,
        Primitive::U16,
        Primitive::U32,
        Primitive::U64,
        Primitive::I8,
        Primitive::I16,
        Primitive::I32,
        Primitive::I64,
        Primitive::Usize,
        Primitive::Isize,
        Primitive::F32,
        Primitive::F64,
    ];
    let mut everything: Vec<Field> = prims
        .iter()
        .map(|p| {
            field(
                &format!("p_{}", p.rust_name().rsplit(':').next().unwrap_or("x")),
                prim(*p),
            )
        })
        .collect();
    everything.push(field(
        "nz",
        TypeRef::Primitive {
            primitive: Primitive::U32,
            non_zero: true,
        },
    ));
    everything.push(field(
        "engine",
        TypeRef::pointer(TypeRef::named(TypeId(11)), true, true, PointerKind::Raw),
    ));
    everything.push(field(
        "void_ptr",
        TypeRef::pointer(TypeRef::Void, false, true, PointerKind::Raw),
    ));
    everything.push(field("callback", TypeRef::named(TypeId(12))));
    everything.push(field(
        "maybe_callback",
        TypeRef::Named {
            id: TypeId(12),
            nullable: true,
        },
    ));
    for (i, name) in [
        "color", "flags", "meters", "packed", "aligned", "pair", "grid", "number", "shape", "event",
    ]
    .iter()
    .enumerate()
    {
        everything.push(field(name, TypeRef::named(TypeId(i as u32 + 1))));
    }
    m.types.push(def(
        "Everything",
        &[],
        TypeKind::Struct {
            fields: everything,
            repr: StructRepr::default(),
            tuple: false,
        },
    ));

    let everything_ref = TypeRef::named(TypeId(13));
    m.functions.push(function(
        "my_game_function",
        vec![(
            "input",
            TypeRef::pointer(vec3.clone(), false, true, PointerKind::Reference),
        )],
        vec3.clone(),
    ));
    m.functions.push(function("noop", vec![], TypeRef::Void));
    m.functions.push(function(
        "add",
        vec![("a", prim(Primitive::I32)), ("b", prim(Primitive::I32))],
        prim(Primitive::I32),
    ));
    m.functions.push(function(
        "echo_everything",
        vec![
            ("value", everything_ref.clone()),
            (
                "out",
                TypeRef::pointer(everything_ref, true, false, PointerKind::Reference),
            ),
        ],
        prim(Primitive::Bool),
    ));
    m.functions.push(function(
        "engine_new",
        vec![],
        TypeRef::pointer(TypeRef::named(TypeId(11)), true, true, PointerKind::Boxed),
    ));
    m.functions.push(function(
        "call_back",
        vec![
            ("cb", TypeRef::named(TypeId(12))),
            (
                "maybe",
                TypeRef::Named {
                    id: TypeId(12),
                    nullable: true,
                },
            ),
        ],
        prim(Primitive::U32),
    ));
    m.functions.push(function(
        "name_of",
        vec![(
            "s",
            TypeRef::pointer(prim(Primitive::CChar), false, true, PointerKind::Raw),
        )],
        prim(Primitive::Usize),
    ));
    let konst = |name: &str, ty: Primitive, value: ConstValue| Constant {
        name: name.into(),
        rust_path: format!("crate::{name}"),
        docs: Docs::default(),
        span: Span::default(),
        ty,
        value,
    };
    m.constants.extend([
        konst("MAX_U32", Primitive::U32, ConstValue::Int(u32::MAX as i128)),
        konst("MIN_I64", Primitive::I64, ConstValue::Int(i64::MIN as i128)),
        konst("MAX_U64", Primitive::U64, ConstValue::Int(u64::MAX as i128)),
        konst("NEG", Primitive::I32, ConstValue::Int(-7)),
        konst("HALF", Primitive::F32, ConstValue::Float(0.5)),
        konst(
            "PI",
            Primitive::F64,
            ConstValue::Float(std::f64::consts::PI),
        ),
        konst("ENABLED", Primitive::Bool, ConstValue::Bool(true)),
        konst("BYTE", Primitive::U8, ConstValue::Int(200)),
    ]);
    m.statics.push(Static {
        name: "ORIGIN".into(),
        rust_path: "crate::ORIGIN".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: vec3,
        mutable: false,
    });
    m.statics.push(Static {
        name: "COUNTER".into(),
        rust_path: "crate::COUNTER".into(),
        docs: Docs::default(),
        span: Span::default(),
        ty: prim(Primitive::U32),
        mutable: true,
    });
    m
}
