//! Structs: named and tuple fields, nesting, arrays, generics, aliases, packing, alignment.

use std::marker::PhantomData;

/// A point or direction.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec3 {
    /// Left to right.
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

/// A tuple struct of two `u32`s.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size2(pub u32, pub u32);

/// A generic pair, exported once per argument type used.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pair<T> {
    pub first: T,
    pub second: T,
}

pub type PairF32 = Pair<f32>;
pub type Same<T> = Pair<T>;

/// Nested structs, arrays of structs and a nested array.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Transform {
    pub position: Vec3,
    pub corners: [Vec3; 2],
    pub matrix: [[f32; 3]; 2],
    pub size: Size2,
    pub flags: [u8; 3],
    pub weights: PairF32,
}

/// A metre count, with the ABI of a plain `f64`.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Meters(pub f64);

/// Transparent with a marker: still the ABI of `u32`.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Id<T>(pub u32, PhantomData<T>);

/// Packed: `b` starts right after `a`.
#[repr(C, packed)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Packed {
    pub a: u8,
    pub b: u32,
    pub c: u16,
}

/// Over-aligned to 16 bytes.
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Aligned {
    pub value: u64,
    pub tag: u8,
}

/// `u64` and `f64` fields: their alignment differs between x86_64 and i686.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wide {
    pub small: u8,
    pub big: u64,
    pub real: f64,
    pub last: u16,
}

#[no_mangle]
pub extern "C" fn vec3_add(a: Vec3, b: Vec3) -> Vec3 {
    Vec3 {
        x: a.x + b.x,
        y: a.y + b.y,
        z: a.z + b.z,
    }
}

/// Scales the vector in place.
#[no_mangle]
pub extern "C" fn vec3_scale(v: &mut Vec3, factor: f32) {
    v.x *= factor;
    v.y *= factor;
    v.z *= factor;
}

/// Returns the origin moved one unit up, or `input` moved up.
#[no_mangle]
pub extern "C" fn my_game_function(input: Option<&Vec3>) -> Vec3 {
    let v = input.copied().unwrap_or_default();
    Vec3 { y: v.y + 1.0, ..v }
}

#[no_mangle]
pub extern "C" fn size_area(s: Size2) -> u32 {
    s.0 * s.1
}

#[no_mangle]
pub extern "C" fn pair_sum(p: PairF32) -> f32 {
    p.first + p.second
}

#[no_mangle]
pub extern "C" fn pair_swap_u8(p: Same<u8>) -> Pair<u8> {
    Pair {
        first: p.second,
        second: p.first,
    }
}

/// Builds a transform whose every value derives from `seed`.
#[no_mangle]
pub extern "C" fn transform_make(seed: f32) -> Transform {
    Transform {
        position: Vec3 {
            x: seed,
            y: seed + 1.0,
            z: seed + 2.0,
        },
        corners: [
            Vec3 {
                x: -seed,
                y: 0.0,
                z: 0.0,
            },
            Vec3 {
                x: 0.0,
                y: 0.0,
                z: seed * 2.0,
            },
        ],
        matrix: [[1.0, 2.0, 3.0], [4.0, 5.0, seed]],
        size: Size2(3, 4),
        flags: [1, 2, 3],
        weights: Pair {
            first: 0.25,
            second: 0.75,
        },
    }
}

/// Sums every float in the transform (checks a transform built on the foreign side).
#[no_mangle]
pub extern "C" fn transform_sum(t: &Transform) -> f32 {
    let v = |v: &Vec3| v.x + v.y + v.z;
    v(&t.position)
        + t.corners.iter().map(v).sum::<f32>()
        + t.matrix.iter().flatten().sum::<f32>()
        + (t.size.0 + t.size.1) as f32
        + t.flags.iter().map(|f| *f as f32).sum::<f32>()
        + t.weights.first
        + t.weights.second
}

#[no_mangle]
pub extern "C" fn meters_double(m: Meters) -> Meters {
    Meters(m.0 * 2.0)
}

#[no_mangle]
pub extern "C" fn id_next(id: Id<Vec3>) -> Id<Vec3> {
    Id(id.0 + 1, PhantomData)
}

#[no_mangle]
pub extern "C" fn packed_make(a: u8, b: u32, c: u16) -> Packed {
    Packed { a, b, c }
}

#[no_mangle]
pub extern "C" fn packed_sum(p: Packed) -> u64 {
    let Packed { a, b, c } = p;
    u64::from(a) + u64::from(b) + u64::from(c)
}

#[no_mangle]
pub extern "C" fn aligned_make(value: u64) -> Aligned {
    Aligned { value, tag: 7 }
}

#[no_mangle]
pub extern "C" fn wide_make(small: u8, big: u64, real: f64, last: u16) -> Wide {
    Wide {
        small,
        big,
        real,
        last,
    }
}

#[no_mangle]
pub extern "C" fn wide_check(w: Wide) -> bool {
    w.small == 1 && w.big == u64::MAX - 1 && w.real == 2.5 && w.last == 65000
}
