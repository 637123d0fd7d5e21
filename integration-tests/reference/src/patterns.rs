//! Every pattern of the `interoptopus` runtime: slices, strings, owned values, options,
//! booleans, error enums and results, callbacks with state, panic guards, a service, and a
//! struct with fields skipped by `#[ffi(skip)]`.

use core::ffi::c_void;
use core::marker::PhantomData;
use std::cell::Cell;

use interoptopus::{
    ffi_function, ffi_service, ffi_type, Bool, CStrPtr, Callback, FfiOption, FfiResult,
    OwnedString, OwnedVec, Slice, SliceMut, StrError, StrView,
};

use crate::geometry::Vec3;

/// What can go wrong in this module. `Ok` (0) is success.
#[ffi_type(error)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternError {
    Ok = 0,
    /// A pointer was null where data was required.
    NullPointer = 1,
    /// A string was not UTF-8.
    InvalidUtf8 = 2,
    /// An argument was out of range.
    InvalidArgument = 3,
    /// The Rust code panicked (caught at the boundary).
    Panic = 4,
}

impl From<StrError> for PatternError {
    fn from(e: StrError) -> Self {
        match e {
            StrError::InvalidUtf8 { .. } => PatternError::InvalidUtf8,
            StrError::Null | StrError::TooLong => PatternError::NullPointer,
        }
    }
}

/// Called once per value with the callback's user data; returns a number to add up.
pub type OnValue = extern "C" fn(value: u32, data: *mut c_void) -> u32;

/// Told about every value pushed into an [`Engine`].
pub type OnPush = extern "C" fn(value: f32, data: *mut c_void);

// ---- slices ----

/// Sums the values; a null pointer with a non-zero length is an error.
#[ffi_function]
pub fn pattern_sum_f32(values: Slice<'_, f32>) -> FfiResult<f32, PatternError> {
    match values.as_slice() {
        Ok(v) => FfiResult::ok(v.iter().sum()),
        Err(_) => FfiResult::err(PatternError::NullPointer),
    }
}

/// Sums 3D vectors component-wise.
#[ffi_function]
pub fn pattern_sum_vec3(values: Slice<'_, Vec3>) -> Vec3 {
    let v = values.as_slice().unwrap_or(&[]);
    v.iter().fold(
        Vec3 {
            x: 0.0,
            y: 0.0,
            z: 0.0,
        },
        |a, b| Vec3 {
            x: a.x + b.x,
            y: a.y + b.y,
            z: a.z + b.z,
        },
    )
}

/// Writes `value + index` into every byte.
#[ffi_function]
pub fn pattern_fill_bytes(mut out: SliceMut<'_, u8>, value: u8) -> PatternError {
    match out.as_slice_mut() {
        Ok(bytes) => {
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = value.wrapping_add(i as u8);
            }
            PatternError::Ok
        }
        Err(_) => PatternError::NullPointer,
    }
}

// ---- strings ----

/// The number of characters (not bytes) in a UTF-8 string.
#[ffi_function]
pub fn pattern_count_chars(text: StrView<'_>) -> FfiResult<u32, PatternError> {
    text.as_str()
        .map(|s| s.chars().count() as u32)
        .map_err(PatternError::from)
        .into()
}

/// The byte length of a NUL-terminated UTF-8 string.
#[ffi_function]
pub fn pattern_c_string_len(text: CStrPtr<'_>) -> FfiResult<u32, PatternError> {
    text.to_str()
        .map(|s| s.len() as u32)
        .map_err(PatternError::from)
        .into()
}

/// `"Hello, <name>!"`, owned by the caller (release it with the generated free function).
#[ffi_function]
pub fn pattern_greet(name: StrView<'_>) -> OwnedString {
    match name.as_str() {
        Ok(n) => OwnedString::new(format!("Hello, {n}!")),
        Err(_) => OwnedString::new("Hello, stranger!"),
    }
}

// ---- owned vectors ----

/// `0, 1, …, n-1`.
#[ffi_function]
pub fn pattern_range(n: u32) -> OwnedVec<u32> {
    OwnedVec::new((0..n).collect())
}

/// `n` points on the x axis.
#[ffi_function]
pub fn pattern_points(n: u32) -> OwnedVec<Vec3> {
    OwnedVec::new(
        (0..n)
            .map(|i| Vec3 {
                x: i as f32,
                y: 0.0,
                z: 0.0,
            })
            .collect(),
    )
}

// ---- options and booleans ----

/// Scales the vector, or returns none when there is none.
#[ffi_function]
pub fn pattern_scale(v: FfiOption<Vec3>, factor: f32) -> FfiOption<Vec3> {
    v.into_option()
        .map(|v| Vec3 {
            x: v.x * factor,
            y: v.y * factor,
            z: v.z * factor,
        })
        .into()
}

/// A value when `present` is true.
#[ffi_function]
pub fn pattern_maybe(present: Bool, value: u32) -> FfiOption<u32> {
    if present.is_true() {
        FfiOption::some(value)
    } else {
        FfiOption::none()
    }
}

/// Logical not; any non-zero byte counts as true.
#[ffi_function]
pub fn pattern_not(b: Bool) -> Bool {
    (!b.is_true()).into()
}

// ---- errors and results ----

/// `a / b`, or `InvalidArgument` for a zero divisor.
#[ffi_function]
pub fn pattern_divide(a: i32, b: i32) -> FfiResult<i32, PatternError> {
    a.checked_div(b).ok_or(PatternError::InvalidArgument).into()
}

/// `Ok` for even numbers, `InvalidArgument` for odd ones.
#[ffi_function]
pub fn pattern_check_even(value: u32) -> PatternError {
    if value & 1 == 0 {
        PatternError::Ok
    } else {
        PatternError::InvalidArgument
    }
}

// ---- panic guards ----

/// Panics when `trigger` is true; the guard returns `PatternError::Panic` instead.
#[ffi_function(panic)]
pub fn pattern_panic_error(trigger: Bool) -> PatternError {
    if trigger.is_true() {
        panic!("pattern_panic_error was asked to panic");
    }
    PatternError::Ok
}

/// Panics on 0; the guard returns an `FfiResult` carrying `PatternError::Panic`.
#[ffi_function(panic)]
pub fn pattern_panic_result(value: u32) -> FfiResult<u32, PatternError> {
    assert!(value != 0, "pattern_panic_result got 0");
    FfiResult::ok(100 / value)
}

/// Panics on 0; the guard returns the chosen value 4242.
#[ffi_function(panic = 4242)]
pub fn pattern_panic_value(value: u32) -> u32 {
    assert!(value != 0, "pattern_panic_value got 0");
    value
}

// ---- callbacks with state ----

/// Calls `callback` with `1..=count` and returns the sum of what it returned. The callback
/// is dropped (its destructor runs) before this returns.
#[ffi_function]
pub fn pattern_call_each(count: u32, callback: Callback<OnValue>) -> u32 {
    (1..=count)
        .map(|i| callback.call(i).unwrap_or(0))
        .fold(0u32, u32::wrapping_add)
}

// ---- skipped fields ----

/// Marks a [`Reading`] as checked on the Rust side; it has no C meaning and takes no space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked;

/// A sensor reading tied to the buffer it was parsed from. The two markers are Rust-only
/// (`#[ffi(skip)]`): every language sees `id`, `value` and `scale`, at the offsets Rust gives
/// them (the markers take no space).
#[ffi_type]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading<'a> {
    pub id: u32,
    #[ffi(skip)]
    pub source: PhantomData<&'a [u8]>,
    #[ffi(skip)]
    pub checked: Checked,
    pub value: f64,
    pub scale: u16,
}

/// A reading of `value` in units of `scale`.
#[ffi_function]
pub fn pattern_reading(id: u32, value: f64, scale: u16) -> Reading<'static> {
    Reading {
        id,
        source: PhantomData,
        checked: Checked,
        value,
        scale,
    }
}

/// The next reading: `id + 1`, `value * scale`, the same scale.
#[ffi_function]
pub fn pattern_reading_next(reading: Reading<'_>) -> Reading<'_> {
    Reading {
        id: reading.id.wrapping_add(1),
        value: reading.value * f64::from(reading.scale),
        ..reading
    }
}

// ---- a service ----

/// A small stateful accumulator, used through a handle.
pub struct Engine {
    name: String,
    values: Vec<f32>,
    capacity: usize,
    listener: Callback<OnPush>,
    pushes: Cell<u32>,
}

#[ffi_service(prefix = "engine_")]
impl Engine {
    /// Makes an engine holding at most `capacity` values; 0 is `InvalidArgument`.
    pub fn new(name: StrView<'_>, capacity: u32) -> Result<Self, PatternError> {
        if capacity == 0 {
            return Err(PatternError::InvalidArgument);
        }
        Ok(Engine {
            name: name.as_str()?.to_string(),
            values: Vec::new(),
            capacity: capacity as usize,
            listener: Callback::none(),
            pushes: Cell::new(0),
        })
    }

    /// Adds a value; `InvalidArgument` when full. Tells the listener, if any.
    pub fn push(&mut self, value: f32) -> Result<(), PatternError> {
        if self.values.len() >= self.capacity {
            return Err(PatternError::InvalidArgument);
        }
        self.values.push(value);
        self.pushes.set(self.pushes.get() + 1);
        let _ = self.listener.call(value);
        Ok(())
    }

    /// Adds every value of the slice.
    pub fn push_all(&mut self, values: Slice<'_, f32>) -> Result<(), PatternError> {
        let values = values.as_slice().map_err(|_| PatternError::NullPointer)?;
        for v in values {
            self.push(*v)?;
        }
        Ok(())
    }

    /// The sum of the values.
    pub fn sum(&self) -> f32 {
        self.values.iter().sum()
    }

    /// The number of values.
    pub fn count(&self) -> u32 {
        self.internal_helper() as u32
    }

    /// Whether no value was pushed.
    pub fn is_empty(&self) -> Bool {
        self.values.is_empty().into()
    }

    /// The value at `index`, or `InvalidArgument`.
    pub fn get(&self, index: u32) -> Result<f32, PatternError> {
        self.values
            .get(index as usize)
            .copied()
            .ok_or(PatternError::InvalidArgument)
    }

    /// The engine's name, owned by the caller.
    pub fn name(&self) -> OwnedString {
        OwnedString::new(self.name.clone())
    }

    /// A copy of the values, owned by the caller.
    pub fn values(&self) -> OwnedVec<f32> {
        OwnedVec::new(self.values.clone())
    }

    /// The values, borrowed: valid until the next call that changes the engine.
    pub fn view(&self) -> Slice<'_, f32> {
        Slice::from_slice(&self.values)
    }

    /// Replaces the listener; the previous one's destructor runs now.
    pub fn set_listener(&mut self, listener: Callback<OnPush>) {
        self.listener = listener;
    }

    /// Panics on purpose; the guard returns `PatternError::Panic`.
    pub fn explode(&mut self) -> Result<(), PatternError> {
        panic!("engine {} exploded", self.name);
    }

    fn internal_helper(&self) -> usize {
        self.values.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn callbacks_with_state_from_rust() {
        let seen = Rc::new(Cell::new(0u32));
        let s = seen.clone();
        let cb = Callback::<OnValue>::from_closure(move |v| {
            s.set(s.get() + 1);
            v * 10
        });
        assert_eq!(pattern_call_each(3, cb), 60);
        assert_eq!(seen.get(), 3);
        assert_eq!(Rc::strong_count(&seen), 1, "the closure was freed");
    }

    #[test]
    fn service_from_rust_through_the_exports() {
        let mut handle: *mut Engine = core::ptr::null_mut();
        let e = unsafe { engine_new(&mut handle, StrView::new("e"), 2) };
        assert_eq!(e, PatternError::Ok);
        let total = Rc::new(Cell::new(0.0f32));
        let t = total.clone();
        unsafe {
            engine_set_listener(
                handle,
                Callback::<OnPush>::from_closure(move |v| t.set(t.get() + v)),
            );
            assert_eq!(engine_push(handle, 1.5), PatternError::Ok);
            assert_eq!(engine_push(handle, 2.0), PatternError::Ok);
            assert_eq!(engine_push(handle, 3.0), PatternError::InvalidArgument);
            assert_eq!(engine_sum(handle), 3.5);
            assert_eq!(engine_get(handle, 1).into_result(), Ok(2.0));
            assert_eq!(engine_view(handle).as_slice(), Ok(&[1.5, 2.0][..]));
            assert_eq!(engine_name(handle).as_str(), Ok("e"));
            engine_destroy(handle);
        }
        assert_eq!(total.get(), 3.5);
        assert_eq!(
            Rc::strong_count(&total),
            1,
            "listener dropped with the engine"
        );
        let e = unsafe { engine_new(&mut handle, StrView::new("x"), 0) };
        assert_eq!(e, PatternError::InvalidArgument);
        assert!(handle.is_null());
    }
}
