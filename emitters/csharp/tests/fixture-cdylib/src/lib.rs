//! The Rust side of `kitchen_sink()`: every type spelled as the model describes it, and
//! functions whose results prove that Rust read each field where the model says it is
//! (`echo_everything` transforms every field instead of copying bytes).
#![allow(clippy::missing_safety_doc)]

use std::ffi::{c_char, c_void, CStr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

impl Vec3 {
    fn scaled(self, k: f32) -> Vec3 {
        Vec3 {
            x: self.x * k,
            y: self.y * k,
            z: self.z * k,
        }
    }
}

#[repr(C)]
#[derive(Clone, Copy)]
pub enum Color {
    Red = 0,
    Green = 5,
    Blue = -3,
}

#[repr(u8)]
#[derive(Clone, Copy)]
pub enum Flags {
    None = 0,
    Some = 1,
    All = 255,
}

#[repr(transparent)]
#[derive(Clone, Copy)]
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
#[derive(Clone, Copy)]
pub enum Shape {
    Circle(f32),
    Rect { w: f32, h: f64 },
    Empty,
}

#[repr(u8)]
#[derive(Clone, Copy)]
pub enum Event {
    Key(u32),
    Quit,
}

/// Opaque to C#.
pub struct Engine {
    pub speed: u32,
}

pub type Callback = extern "C" fn(u32, *const Vec3) -> bool;

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

#[no_mangle]
pub static ORIGIN: Vec3 = Vec3 {
    x: 1.5,
    y: -2.0,
    z: 3.25,
};

/// `static mut COUNTER: u32` in the model; an atomic has the same layout and needs no `unsafe`.
#[no_mangle]
pub static COUNTER: AtomicU32 = AtomicU32::new(42);

/// Doubles `input`, or returns (-1, -1, -1) for `None`.
#[no_mangle]
pub extern "C" fn my_game_function(input: Option<&Vec3>) -> Vec3 {
    match input {
        Some(v) => v.scaled(2.0),
        None => Vec3 {
            x: -1.0,
            y: -1.0,
            z: -1.0,
        },
    }
}

/// Increments `COUNTER`, so C# can see that a static property reads live memory.
#[no_mangle]
pub extern "C" fn noop() {
    COUNTER.fetch_add(1, Ordering::SeqCst);
}

#[no_mangle]
pub extern "C" fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

/// Writes to `out` a field-by-field transformation of `value` (see the C# test for the rules).
/// `char` is part of the model on purpose (C# sends it as `uint`), hence the lint exception.
#[allow(improper_ctypes_definitions)]
#[no_mangle]
pub extern "C" fn echo_everything(value: Everything, out: &mut Everything) -> bool {
    let v = value;
    let next_char = char::from_u32(v.p_char as u32 + 1).unwrap_or('?');
    let packed_b = v.packed.b;
    *out = Everything {
        p_bool: !v.p_bool,
        p_char: next_char,
        p_c_char: v.p_c_char.wrapping_add(1),
        p_u8: v.p_u8.wrapping_add(1),
        p_u16: v.p_u16.wrapping_add(1),
        p_u32: v.p_u32.wrapping_add(1),
        p_u64: v.p_u64.wrapping_add(1),
        p_i8: v.p_i8.wrapping_add(1),
        p_i16: v.p_i16.wrapping_add(1),
        p_i32: v.p_i32.wrapping_add(1),
        p_i64: v.p_i64.wrapping_add(1),
        p_usize: v.p_usize.wrapping_add(1),
        p_isize: v.p_isize.wrapping_add(1),
        p_f32: v.p_f32 * 2.0,
        p_f64: v.p_f64 * 2.0,
        nz: v.nz.checked_add(1).unwrap_or(v.nz),
        engine: v.engine,
        void_ptr: v.void_ptr,
        callback: v.callback,
        maybe_callback: v.maybe_callback,
        color: match v.color {
            Color::Red => Color::Green,
            Color::Green => Color::Blue,
            Color::Blue => Color::Red,
        },
        flags: match v.flags {
            Flags::None => Flags::Some,
            Flags::Some => Flags::All,
            Flags::All => Flags::None,
        },
        meters: Meters(v.meters.0 * 2.0),
        packed: Packed {
            a: v.packed.a.wrapping_add(1),
            b: packed_b.wrapping_add(1),
        },
        aligned: Aligned {
            v: v.aligned.v.wrapping_add(1),
        },
        pair: Pair {
            a: v.pair.a * 2.0,
            b: v.pair.b * 2.0,
        },
        grid: Grid(
            v.grid.0.map(|row| row.map(|b| b.wrapping_add(1))),
            v.grid.1.map(|p| p.scaled(2.0)),
        ),
        // SAFETY: C# writes the `i` member.
        number: Number {
            i: unsafe { v.number.i }.wrapping_add(1),
        },
        shape: match v.shape {
            Shape::Circle(r) => Shape::Circle(r * 2.0),
            Shape::Rect { w, h } => Shape::Rect {
                w: w * 2.0,
                h: h * 2.0,
            },
            Shape::Empty => Shape::Empty,
        },
        event: match v.event {
            Event::Key(k) => Event::Key(k.wrapping_add(1)),
            Event::Quit => Event::Quit,
        },
    };
    // Calling the callback proves the function pointer field is where C# put it.
    let probe = Vec3 {
        x: 4.0,
        y: 5.0,
        z: 6.0,
    };
    (v.callback)(v.p_u32, &probe)
}

#[no_mangle]
pub extern "C" fn engine_new() -> Option<Box<Engine>> {
    Some(Box::new(Engine { speed: 3 }))
}

/// `cb(7, &(1, 2, 3))` counts 1 when it returns true; `maybe(9, null)`, if given, counts 10.
#[no_mangle]
pub extern "C" fn call_back(cb: Callback, maybe: Option<Callback>) -> u32 {
    let v = Vec3 {
        x: 1.0,
        y: 2.0,
        z: 3.0,
    };
    let mut n = u32::from(cb(7, &v));
    if let Some(m) = maybe {
        n += 10 * u32::from(m(9, std::ptr::null()));
    }
    n
}

/// The length of a C string (0 for null).
#[no_mangle]
pub unsafe extern "C" fn name_of(s: *const c_char) -> usize {
    if s.is_null() {
        0
    } else {
        // SAFETY: the caller passes a NUL-terminated string.
        unsafe { CStr::from_ptr(s) }.to_bytes().len()
    }
}

/// Size of a type by its exported model name, so C# can compare `Marshal.SizeOf` with rustc
/// (not part of the model; the test declares its own `DllImport`). 0 for unknown names.
#[no_mangle]
pub unsafe extern "C" fn fixture_size_of(name: *const c_char) -> usize {
    if name.is_null() {
        return 0;
    }
    // SAFETY: the caller passes a NUL-terminated string.
    let name = unsafe { CStr::from_ptr(name) }.to_bytes();
    use std::mem::size_of;
    match name {
        b"Vec3" => size_of::<Vec3>(),
        b"Color" => size_of::<Color>(),
        b"Flags" => size_of::<Flags>(),
        b"Meters" => size_of::<Meters>(),
        b"Packed" => size_of::<Packed>(),
        b"Aligned" => size_of::<Aligned>(),
        b"Pair_f32" => size_of::<Pair<f32>>(),
        b"Grid" => size_of::<Grid>(),
        b"Number" => size_of::<Number>(),
        b"Shape" => size_of::<Shape>(),
        b"Event" => size_of::<Event>(),
        b"Callback" => size_of::<Callback>(),
        b"Everything" => size_of::<Everything>(),
        _ => 0,
    }
}
