//! Fieldless enums with every representation, and tagged unions (RFC 2195 layouts).

/// Colours, with explicit and negative discriminants.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Red,
    /// Explicit value.
    Green = 10,
    /// Implicit: one more than `Green`.
    Blue,
    Negative = -3,
}

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Small {
    A = 1,
    B = 200,
}

#[repr(i16)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signed16 {
    Low = -300,
    High = 300,
}

#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Big32 {
    Max = 4_000_000_000,
    Zero = 0,
}

#[repr(i64)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Huge {
    Min = -9_000_000_000,
    One = 1,
}

/// `repr(C)` with data: a C `int` tag, then a union of the variants' structs.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// A circle with its radius.
    Circle(f32),
    Rect {
        w: f32,
        h: f64,
    },
    Empty,
}

/// `repr(u8)` with data: a union of structs that each start with the `u8` tag.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    Key(u32),
    Move { dx: i16, dy: i16 },
    Quit,
}

/// `repr(C, u16)`: a `u16` tag, then the payload union.
#[repr(C, u16)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mixed {
    One(u8),
    Two(u64, u8),
    Nothing = 9,
}

#[no_mangle]
pub extern "C" fn color_next(c: Color) -> Color {
    match c {
        Color::Red => Color::Green,
        Color::Green => Color::Blue,
        Color::Blue => Color::Negative,
        Color::Negative => Color::Red,
    }
}

#[no_mangle]
pub extern "C" fn color_value(c: Color) -> i32 {
    c as i32
}

#[no_mangle]
pub extern "C" fn small_flip(s: Small) -> Small {
    if s == Small::A {
        Small::B
    } else {
        Small::A
    }
}

#[no_mangle]
pub extern "C" fn signed16_flip(s: Signed16) -> Signed16 {
    if s == Signed16::Low {
        Signed16::High
    } else {
        Signed16::Low
    }
}

#[no_mangle]
pub extern "C" fn big32_flip(b: Big32) -> Big32 {
    if b == Big32::Max {
        Big32::Zero
    } else {
        Big32::Max
    }
}

#[no_mangle]
pub extern "C" fn huge_value(h: Huge) -> i64 {
    h as i64
}

/// Area of a shape (0 for `Empty`).
#[no_mangle]
pub extern "C" fn shape_area(s: Shape) -> f64 {
    match s {
        Shape::Circle(r) => f64::from(r) * f64::from(r) * 3.0,
        Shape::Rect { w, h } => f64::from(w) * h,
        Shape::Empty => 0.0,
    }
}

/// 0 → `Circle(1.5)`, 1 → `Rect { w: 2, h: 4.5 }`, else `Empty`.
#[no_mangle]
pub extern "C" fn shape_make(which: u32) -> Shape {
    match which {
        0 => Shape::Circle(1.5),
        1 => Shape::Rect { w: 2.0, h: 4.5 },
        _ => Shape::Empty,
    }
}

/// 0 → `Key(65)`, 1 → `Move { dx: -2, dy: 3 }`, else `Quit`.
#[no_mangle]
pub extern "C" fn event_make(which: u32) -> Event {
    match which {
        0 => Event::Key(65),
        1 => Event::Move { dx: -2, dy: 3 },
        _ => Event::Quit,
    }
}

/// A code that proves Rust read the event the foreign side built.
#[no_mangle]
pub extern "C" fn event_code(e: &Event) -> i64 {
    match *e {
        Event::Key(k) => i64::from(k),
        Event::Move { dx, dy } => i64::from(dx) * 1000 + i64::from(dy),
        Event::Quit => -1,
    }
}

#[no_mangle]
pub extern "C" fn mixed_make(which: u32) -> Mixed {
    match which {
        0 => Mixed::One(5),
        1 => Mixed::Two(u64::MAX, 3),
        _ => Mixed::Nothing,
    }
}

#[no_mangle]
pub extern "C" fn mixed_code(m: Mixed) -> u64 {
    match m {
        Mixed::One(v) => u64::from(v),
        Mixed::Two(a, b) => a.wrapping_add(u64::from(b)),
        Mixed::Nothing => 9,
    }
}
