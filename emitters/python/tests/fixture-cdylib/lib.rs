//! The kitchen-sink API (`interoptopus_core::fixtures::kitchen_sink`) implemented for real, plus
//! the extra items `tests/runtime.rs` adds to the model. Every function does something
//! observable with its arguments so the Python tests can check that values crossed intact.
#![allow(improper_ctypes_definitions, clippy::missing_safety_doc)]

use std::ffi::{c_char, c_void, CStr};
use std::num::NonZeroU32;

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Color {
    Red = 0,
    Green = 5,
    Blue = -3,
}

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Flags {
    None = 0,
    Some = 1,
    All = 255,
}

#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Meters(pub f64);

#[repr(C, packed)]
#[derive(Clone, Copy)]
pub struct Packed {
    pub a: u8,
    pub b: u32,
}

#[repr(C, align(16))]
#[derive(Clone, Copy)]
pub struct Aligned {
    pub v: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pair<T> {
    pub a: T,
    pub b: T,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Grid(pub [[u8; 3]; 2], pub [Vec3; 2]);

#[repr(C)]
#[derive(Clone, Copy)]
pub union Number {
    pub i: i64,
    pub f: f64,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Circle(f32),
    Rect { w: f32, h: f64 },
    Empty,
}

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    Key(u32),
    Quit,
}

pub struct Engine {
    value: u32,
}

pub type Callback = extern "C" fn(u32, *const Vec3) -> bool;
pub type ShapeMap = extern "C" fn(Shape, Event) -> Shape;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Everything {
    pub p_bool: bool,
    pub p_char: char,
    pub p_c_char: c_char,
    pub p_u8: u8,
    pub p_u16: u16,
    pub p_u32: u32,
    pub p_u64: u64,
    pub p_i8: i8,
    pub p_i16: i16,
    pub p_i32: i32,
    pub p_i64: i64,
    pub p_usize: usize,
    pub p_isize: isize,
    pub p_f32: f32,
    pub p_f64: f64,
    pub nz: NonZeroU32,
    pub engine: *mut Engine,
    pub void_ptr: *const c_void,
    pub callback: Callback,
    pub maybe_callback: Option<Callback>,
    pub color: Color,
    pub flags: Flags,
    pub meters: Meters,
    pub packed: Packed,
    pub aligned: Aligned,
    pub pair: Pair<f32>,
    pub grid: Grid,
    pub number: Number,
    pub shape: Shape,
    pub event: Event,
}

// The layout numbers the emitter's `_LAYOUT` table carries, checked against rustc here.
#[cfg(all(target_arch = "x86_64", not(windows)))]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<Everything>() == 240 && align_of::<Everything>() == 16);
    assert!(offset_of!(Everything, aligned) == 144 && offset_of!(Everything, event) == 232);
    assert!(size_of::<Shape>() == 24 && size_of::<Event>() == 8 && size_of::<Grid>() == 32);
    assert!(size_of::<Packed>() == 5 && size_of::<Aligned>() == 16);
};

#[no_mangle]
pub static ORIGIN: Vec3 = Vec3 { x: 1.0, y: 2.0, z: 3.0 };

#[no_mangle]
pub static mut COUNTER: u32 = 42;

#[no_mangle]
pub extern "C" fn my_game_function(input: Option<&Vec3>) -> Vec3 {
    match input {
        Some(v) => Vec3 { x: v.x + 1.0, y: v.y * 2.0, z: -v.z },
        None => Vec3 { x: 0.0, y: 0.0, z: 0.0 },
    }
}

#[no_mangle]
pub extern "C" fn noop() {}

#[no_mangle]
pub extern "C" fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

#[no_mangle]
pub extern "C" fn echo_everything(value: Everything, out: &mut Everything) -> bool {
    *out = value;
    value.p_bool
}

#[no_mangle]
pub extern "C" fn engine_new() -> Option<Box<Engine>> {
    Some(Box::new(Engine { value: 42 }))
}

#[no_mangle]
pub extern "C" fn call_back(cb: Callback, maybe: Option<Callback>) -> u32 {
    let point = Vec3 { x: 1.0, y: 2.0, z: 3.0 };
    let first = u32::from(cb(7, &point));
    let second = match maybe {
        Some(m) => 10 * u32::from(m(8, std::ptr::null())),
        None => 100,
    };
    first + second
}

#[no_mangle]
pub unsafe extern "C" fn name_of(s: *const c_char) -> usize {
    if s.is_null() {
        return 0;
    }
    // SAFETY: the caller passes a NUL-terminated string.
    unsafe { CStr::from_ptr(s) }.to_bytes().len()
}

// ---- extras (added to the model by tests/runtime.rs) ----

#[no_mangle]
pub extern "C" fn echo_shape(s: Shape) -> Shape {
    match s {
        Shape::Circle(r) => Shape::Circle(r * 2.0),
        Shape::Rect { w, h } => Shape::Rect { w: w + 1.0, h: h * 2.0 },
        Shape::Empty => Shape::Empty,
    }
}

#[no_mangle]
pub extern "C" fn echo_event(e: Event) -> Event {
    match e {
        Event::Key(k) => Event::Key(k + 1),
        Event::Quit => Event::Quit,
    }
}

#[no_mangle]
pub extern "C" fn echo_number(n: Number) -> Number {
    // SAFETY: the tests always pass the `i` field.
    Number { i: unsafe { n.i } + 1 }
}

#[no_mangle]
pub extern "C" fn echo_aligned(a: u8, x: Aligned, b: u8) -> Aligned {
    Aligned { v: x.v * 100 + u32::from(a) * 10 + u32::from(b) }
}

#[no_mangle]
pub extern "C" fn packed_sum(p: &Packed) -> u32 {
    let b = p.b;
    b + u32::from(p.a)
}

#[no_mangle]
pub extern "C" fn echo_grid(g: Grid) -> Grid {
    let mut g = g;
    g.0[1][2] += 1;
    g.1[1].z *= 2.0;
    g
}

#[no_mangle]
pub extern "C" fn echo_pair(p: Pair<f32>) -> Pair<f32> {
    Pair { a: p.b, b: p.a }
}

#[no_mangle]
pub extern "C" fn next_color(c: Color) -> Color {
    match c {
        Color::Red => Color::Green,
        Color::Green => Color::Blue,
        Color::Blue => Color::Red,
    }
}

#[no_mangle]
pub extern "C" fn echo_flags(f: Flags) -> Flags {
    f
}

#[no_mangle]
pub extern "C" fn double_meters(m: Meters) -> Meters {
    Meters(m.0 * 2.0)
}

#[no_mangle]
pub extern "C" fn next_char(c: char) -> char {
    char::from_u32(c as u32 + 1).unwrap_or('?')
}

#[no_mangle]
pub extern "C" fn origin_ref() -> &'static Vec3 {
    &ORIGIN
}

#[no_mangle]
pub extern "C" fn null_vec3() -> Option<&'static Vec3> {
    None
}

#[no_mangle]
pub extern "C" fn engine_value(e: &Engine) -> u32 {
    e.value
}

#[no_mangle]
pub extern "C" fn map_shape(f: ShapeMap, s: Shape, e: Event) -> Shape {
    f(s, e)
}

#[no_mangle]
pub extern "C" fn shape_area(s: Option<&Shape>) -> f64 {
    match s {
        Some(Shape::Circle(r)) => f64::from(*r) * f64::from(*r) * 3.0,
        Some(Shape::Rect { w, h }) => f64::from(*w) * h,
        Some(Shape::Empty) | None => -1.0,
    }
}

#[no_mangle]
pub extern "C" fn sum_everything(e: &Everything) -> f64 {
    let grid: u32 = e.grid.0.iter().flatten().map(|&b| u32::from(b)).sum();
    let packed_b = e.packed.b;
    f64::from(e.p_u32) + e.p_f64 + f64::from(grid) + f64::from(packed_b) + f64::from(e.aligned.v)
}
