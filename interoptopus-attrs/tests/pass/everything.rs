//! Every attribute used the way it is meant to be; the exports are called from Rust.

use core::ffi::c_void;

use interoptopus::{
    ffi_function, ffi_service, ffi_type, Bool, Callback, FfiResult, OwnedString, Slice, StrView,
};

#[ffi_type(error)]
#[repr(C)]
#[derive(Debug, PartialEq)]
pub enum Failure {
    Ok = 0,
    Bad = 1,
    Panic = 2,
    Null = 3,
}

#[ffi_type(error, panic = Crash)]
#[repr(u8)]
#[derive(Debug, PartialEq)]
pub enum Custom {
    Fine = 0,
    Crash = 7,
}

#[ffi_type(name = "Pt")]
#[repr(C)]
pub struct Point {
    pub x: f32,
}

/// A marker with no C meaning.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NotFfi;

/// Skipped fields stay in the Rust struct and leave the C one.
#[ffi_type]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Borrowed<'a> {
    pub id: u32,
    #[ffi(skip)]
    pub marker: NotFfi,
    /// Docs and other attributes on a skipped field stay.
    #[ffi(skip)]
    #[allow(dead_code)]
    pub origin: core::marker::PhantomData<&'a Point>,
    pub weight: f32,
}

#[ffi_type]
#[repr(C)]
pub struct Tuple(pub u32, #[ffi(skip)] pub NotFfi);

// rustc's FFI lint does not know that `marker` is left out of the C struct.
#[allow(improper_ctypes_definitions)]
#[ffi_function]
pub fn bump(b: Borrowed<'_>) -> Borrowed<'_> {
    Borrowed { id: b.id + 1, ..b }
}

#[ffi_type(opaque)]
#[repr(C)]
pub struct Hidden {
    pub secret: u32,
}

#[ffi_function]
pub fn sum(values: Slice<'_, f32>) -> f32 {
    values.as_slice().map(|v| v.iter().sum()).unwrap_or(0.0)
}

#[ffi_function(panic)]
pub fn guarded(trigger: Bool) -> Failure {
    if trigger.is_true() {
        panic!("asked to");
    }
    Failure::Ok
}

#[ffi_function(panic)]
pub fn guarded_custom() -> Custom {
    panic!("custom")
}

#[ffi_function(panic = 99)]
pub fn guarded_value(v: u32) -> u32 {
    if v == 0 {
        panic!("zero");
    }
    v
}

#[ffi_function(panic)]
pub fn guarded_result(v: i32) -> FfiResult<i32, Failure> {
    if v < 0 {
        return FfiResult::err(Failure::Bad);
    }
    FfiResult::ok(v)
}

#[no_mangle]
#[ffi_function]
pub extern "C" fn already_exported() -> u8 {
    1
}

pub type OnValue = extern "C" fn(value: u32, data: *mut c_void) -> u32;

pub struct Engine {
    total: u32,
}

#[ffi_service(prefix = "eng_")]
impl Engine {
    pub fn new(start: u32) -> Result<Self, Failure> {
        Ok(Engine { total: start })
    }

    pub fn add(&mut self, v: u32) -> Result<(), Failure> {
        self.total = self.total.checked_add(v).ok_or(Failure::Bad)?;
        Ok(())
    }

    pub fn total(&self) -> u32 {
        self.total
    }

    pub fn half(&self) -> Result<u32, Failure> {
        Ok(self.total / 2)
    }

    pub fn label(&self, prefix: StrView<'_>) -> OwnedString {
        OwnedString::new(format!("{}{}", prefix.as_str().unwrap_or(""), self.total))
    }

    pub fn apply(&mut self, f: Callback<OnValue>) {
        self.total = f.call(self.total).unwrap_or(self.total);
    }

    pub fn crash(&self) -> Result<(), Failure> {
        panic!("crash")
    }

    fn private_helper(&self) -> u32 {
        self.total
    }
}

fn main() {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let values = [1.0f32, 2.0];
    assert_eq!(sum(Slice::from_slice(&values)), 3.0);
    assert_eq!(guarded(Bool::TRUE), Failure::Panic);
    assert_eq!(guarded_custom(), Custom::Crash);
    assert_eq!(guarded_value(0), 99);
    assert_eq!(guarded_result(-1).into_result(), Err(Failure::Bad));
    assert_eq!(already_exported(), 1);
    let b = Borrowed {
        id: 1,
        marker: NotFfi,
        origin: core::marker::PhantomData,
        weight: 0.5,
    };
    assert_eq!(bump(b).id, 2);
    assert_eq!(core::mem::size_of::<Borrowed<'_>>(), 8);
    assert_eq!(Tuple(3, NotFfi).0, 3);
    unsafe {
        let mut e: *mut Engine = core::ptr::null_mut();
        assert_eq!(eng_new(&mut e, 4), Failure::Ok);
        assert_eq!(eng_add(e, 6), Failure::Ok);
        assert_eq!(eng_add(e, u32::MAX), Failure::Bad);
        assert_eq!(eng_total(e), 10);
        assert_eq!(eng_half(e).into_result(), Ok(5));
        assert_eq!(eng_label(e, StrView::new("n=")).as_str(), Ok("n=10"));
        eng_apply(e, Callback::<OnValue>::from_closure(|v| v * 3));
        assert_eq!(eng_total(e), 30);
        assert_eq!(eng_crash(e), Failure::Panic);
        assert_eq!(eng_add(core::ptr::null_mut(), 1), Failure::Null);
        assert_eq!((*e).private_helper(), 30);
        eng_destroy(e);
        assert_eq!(eng_new(core::ptr::null_mut(), 1), Failure::Null);
    }
    std::panic::set_hook(quiet);
}
