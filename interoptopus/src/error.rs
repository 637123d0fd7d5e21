//! Error enums, `Result`-style returns, and the values generated wrappers return when the
//! Rust code cannot run to the end.

use core::fmt;
use core::mem::{ManuallyDrop, MaybeUninit};

use crate::option::{Bool, FfiOption};
use crate::slice::{Slice, SliceMut};
use crate::string::{CStrPtr, OwnedString, StrView};
use crate::vec::OwnedVec;

/// An enum whose value 0 means success and every other variant is an error.
///
/// Implemented by `#[ffi_type(error)]` on a fieldless `#[repr(C)]` (or integer-repr) enum;
/// that attribute checks the success variant exists.
pub trait ErrorEnum: Sized {
    /// The variant with value 0.
    const SUCCESS: Self;

    /// Whether this is the success variant.
    fn is_success(&self) -> bool;
}

/// The value a generated wrapper returns when it cannot produce a real result: the call
/// panicked (the panic was caught at the boundary), or a handle or out-pointer was null.
///
/// Implemented for `()`, numbers (`0`), `bool` and [`Bool`] (`false`), raw pointers (null),
/// the `interoptopus` types (empty / none), [`FfiResult`] (its error's fallback), and every
/// `#[ffi_type(error)]` enum that has a `Panic` variant (or names one with
/// `#[ffi_type(error, panic = Variant)]`). Implement it for your own return types to use them
/// in guarded functions and services.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no value to return when the call panics or gets a null handle",
    label = "returned from a guarded function or a service method",
    note = "implement `interoptopus::Fallback` for it, or for an `#[ffi_type(error)]` enum add a `Panic` variant (or `#[ffi_type(error, panic = Variant)]`)"
)]
pub trait Fallback: Sized {
    /// Returned when the Rust code panicked.
    fn on_panic() -> Self;

    /// Returned when a required pointer (a service handle, a constructor's `out`) was null
    /// or misaligned. Defaults to [`Fallback::on_panic`].
    fn on_null() -> Self {
        Self::on_panic()
    }
}

macro_rules! fallback_value {
    ($value:expr => $($t:ty),*) => {
        $(impl Fallback for $t {
            fn on_panic() -> Self {
                $value
            }
        })*
    };
}

fallback_value!(() => ());
fallback_value!(0 => u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
fallback_value!(0.0 => f32, f64);
fallback_value!(false => bool);
fallback_value!(Bool::FALSE => Bool);
fallback_value!(OwnedString::empty() => OwnedString);

impl<T> Fallback for *const T {
    fn on_panic() -> Self {
        core::ptr::null()
    }
}

impl<T> Fallback for *mut T {
    fn on_panic() -> Self {
        core::ptr::null_mut()
    }
}

impl<T> Fallback for Option<T> {
    fn on_panic() -> Self {
        None
    }
}

impl<T> Fallback for FfiOption<T> {
    fn on_panic() -> Self {
        FfiOption::none()
    }
}

impl<T> Fallback for OwnedVec<T> {
    fn on_panic() -> Self {
        OwnedVec::empty()
    }
}

impl<T> Fallback for Slice<'_, T> {
    fn on_panic() -> Self {
        Slice::empty()
    }
}

impl<T> Fallback for SliceMut<'_, T> {
    fn on_panic() -> Self {
        SliceMut::empty()
    }
}

impl Fallback for StrView<'_> {
    fn on_panic() -> Self {
        StrView::empty()
    }
}

impl Fallback for CStrPtr<'_> {
    fn on_panic() -> Self {
        CStrPtr::null()
    }
}

/// A value or an error, returned by value.
///
/// Layout (`#[repr(C)]`): `value: T`, then `error: E`. `value` is meaningful only when
/// `error` is the success variant; otherwise it is all zero bytes (from Rust).
#[repr(C)]
pub struct FfiResult<T, E: ErrorEnum> {
    value: MaybeUninit<T>,
    error: E,
}

impl<T, E: ErrorEnum> FfiResult<T, E> {
    /// Success with a value.
    pub fn ok(value: T) -> Self {
        FfiResult {
            value: MaybeUninit::new(value),
            error: E::SUCCESS,
        }
    }

    /// An error (the value bytes are zeroed).
    ///
    /// # Panics
    /// If `error` is the success variant: there would be no value to go with it. (Inside a
    /// guarded function the panic becomes the function's fallback value.)
    pub fn err(error: E) -> Self {
        assert!(
            !error.is_success(),
            "FfiResult::err needs an error variant, not the success variant"
        );
        FfiResult {
            value: MaybeUninit::zeroed(),
            error,
        }
    }

    /// Whether this is a success.
    pub fn is_ok(&self) -> bool {
        self.error.is_success()
    }

    /// The error code (the success variant for a success).
    pub fn error(&self) -> &E {
        &self.error
    }

    /// The value, borrowed, on success.
    pub fn value(&self) -> Option<&T> {
        // SAFETY: `value` is initialised whenever `error` is the success variant (`ok` sets
        // both; `err` refuses the success variant; the foreign side promises the same).
        self.is_ok()
            .then(|| unsafe { self.value.assume_init_ref() })
    }

    /// As a Rust `Result`.
    pub fn into_result(self) -> Result<T, E> {
        let this = ManuallyDrop::new(self);
        // SAFETY: the error is moved out exactly once and `this` is never dropped.
        let error = unsafe { core::ptr::read(&this.error) };
        if error.is_success() {
            // SAFETY: see `value`.
            Ok(unsafe { this.value.assume_init_read() })
        } else {
            Err(error)
        }
    }
}

impl<T, E: ErrorEnum> Drop for FfiResult<T, E> {
    fn drop(&mut self) {
        if self.error.is_success() {
            // SAFETY: see `value`; dropped only here.
            unsafe { self.value.assume_init_drop() }
        }
    }
}

impl<T, E: ErrorEnum> From<Result<T, E>> for FfiResult<T, E> {
    fn from(r: Result<T, E>) -> Self {
        match r {
            Ok(v) => FfiResult::ok(v),
            Err(e) => FfiResult::err(e),
        }
    }
}

impl<T, E: ErrorEnum + Fallback> Fallback for FfiResult<T, E> {
    fn on_panic() -> Self {
        FfiResult::err(E::on_panic())
    }

    fn on_null() -> Self {
        FfiResult::err(E::on_null())
    }
}

impl<T: fmt::Debug, E: ErrorEnum + fmt::Debug> fmt::Debug for FfiResult<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value() {
            Some(v) => f.debug_tuple("FfiResult::Ok").field(v).finish(),
            None => f.debug_tuple("FfiResult::Err").field(&self.error).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(C)]
    enum E {
        Ok = 0,
        Bad = 1,
        Panic = 2,
    }

    impl ErrorEnum for E {
        const SUCCESS: Self = E::Ok;
        fn is_success(&self) -> bool {
            matches!(self, E::Ok)
        }
    }

    impl Fallback for E {
        fn on_panic() -> Self {
            E::Panic
        }
    }

    #[test]
    fn result_round_trip() {
        let ok: FfiResult<u32, E> = Ok(5).into();
        assert!(ok.is_ok());
        assert_eq!(ok.value(), Some(&5));
        assert_eq!(ok.into_result(), Ok(5));
        let bad: FfiResult<u32, E> = FfiResult::err(E::Bad);
        assert_eq!(bad.error(), &E::Bad);
        assert_eq!(bad.value(), None);
        assert_eq!(format!("{bad:?}"), "FfiResult::Err(Bad)");
        assert_eq!(bad.into_result(), Err(E::Bad));
    }

    #[test]
    fn err_refuses_success() {
        let r = std::panic::catch_unwind(|| FfiResult::<u8, E>::err(E::Ok));
        assert!(r.is_err());
    }

    #[test]
    fn fallbacks() {
        assert_eq!(
            <FfiResult<String, E>>::on_panic().into_result(),
            Err(E::Panic)
        );
        assert_eq!(<FfiResult<u8, E>>::on_null().into_result(), Err(E::Panic));
        assert_eq!(u32::on_panic(), 0);
        assert!(<*const u8>::on_null().is_null());
        assert!(FfiOption::<u8>::on_panic().is_none());
        assert!(OwnedString::on_panic().is_empty());
    }

    #[test]
    fn owned_value_dropped_once() {
        let rc = std::rc::Rc::new(());
        let r: FfiResult<_, E> = FfiResult::ok(rc.clone());
        assert_eq!(std::rc::Rc::strong_count(&rc), 2);
        drop(r);
        assert_eq!(std::rc::Rc::strong_count(&rc), 1);
    }
}
