//! Support for the code `#[ffi_function]` and `#[ffi_service]` generate. Not a public API:
//! names and signatures may change with any release.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{ErrorEnum, Fallback, FfiResult};

/// Drops a panic payload without letting a panicking `Drop` of the payload escape.
fn discard(payload: Box<dyn Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        // A payload whose drop panics twice is leaked rather than unwound into C.
        std::mem::forget(again);
    }
}

/// Runs `f`; a panic becomes `R::on_panic()`.
pub fn guard<R: Fallback>(f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            discard(payload);
            R::on_panic()
        }
    }
}

/// Runs `f`; a panic becomes `on_panic()` (the `panic = <expr>` form).
pub fn guard_or<R>(f: impl FnOnce() -> R, on_panic: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            discard(payload);
            on_panic()
        }
    }
}

fn usable<S>(p: *const S) -> bool {
    !p.is_null() && (p as usize) % core::mem::align_of::<S>() == 0
}

/// A service constructor: runs `f`, boxes the value into `*out` on success (null otherwise).
///
/// # Safety
/// `out` must be null or valid for one pointer write.
pub unsafe fn service_new<S, E: ErrorEnum + Fallback>(
    out: *mut *mut S,
    f: impl FnOnce() -> Result<S, E>,
) -> E {
    if !usable(out.cast_const()) {
        return E::on_null();
    }
    // SAFETY: checked non-null and aligned; validity is the caller's promise.
    unsafe { out.write(core::ptr::null_mut()) };
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => {
            // SAFETY: as above.
            unsafe { out.write(Box::into_raw(Box::new(value))) };
            E::SUCCESS
        }
        // Never report success without a handle.
        Ok(Err(e)) if e.is_success() => E::on_panic(),
        Ok(Err(e)) => e,
        Err(payload) => {
            discard(payload);
            E::on_panic()
        }
    }
}

/// A `&self` service method.
///
/// # Safety
/// `this` must be null or a handle from this service's constructor that is not being
/// mutated or destroyed concurrently. The `'a` borrow must not outlive the handle.
pub unsafe fn service_ref<'a, S: 'a, R: Fallback>(this: *const S, f: impl FnOnce(&'a S) -> R) -> R {
    if !usable(this) {
        return R::on_null();
    }
    // SAFETY: checked non-null and aligned; the rest is the caller's promise.
    let s = unsafe { &*this };
    guard(move || f(s))
}

/// A `&mut self` service method.
///
/// # Safety
/// `this` must be null or a handle from this service's constructor that nothing else uses
/// during the call.
pub unsafe fn service_mut<'a, S: 'a, R: Fallback>(
    this: *mut S,
    f: impl FnOnce(&'a mut S) -> R,
) -> R {
    if !usable(this.cast_const()) {
        return R::on_null();
    }
    // SAFETY: checked non-null and aligned; the rest is the caller's promise.
    let s = unsafe { &mut *this };
    guard(move || f(s))
}

/// A service destructor; null is ignored, a panic in `Drop` is contained.
///
/// # Safety
/// `this` must be null or a handle from this service's constructor, destroyed only once.
pub unsafe fn service_destroy<S>(this: *mut S) {
    if !usable(this.cast_const()) {
        return;
    }
    // SAFETY: the handle came from `Box::into_raw` in `service_new`.
    let boxed = unsafe { Box::from_raw(this) };
    if let Err(payload) = catch_unwind(AssertUnwindSafe(move || drop(boxed))) {
        discard(payload);
    }
}

/// `Result<(), E>` from a service method → the error code.
pub fn unit_result<E: ErrorEnum>(r: Result<(), E>) -> E {
    match r {
        Ok(()) => E::SUCCESS,
        Err(e) => e,
    }
}

/// `Result<T, E>` from a service method → [`FfiResult`].
pub fn value_result<T, E: ErrorEnum>(r: Result<T, E>) -> FfiResult<T, E> {
    r.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    #[repr(C)]
    enum E {
        Ok = 0,
        Bad = 1,
        Panic = 2,
        Null = 3,
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
        fn on_null() -> Self {
            E::Null
        }
    }

    fn quiet<T>(f: impl FnOnce() -> T) -> T {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r = f();
        std::panic::set_hook(hook);
        r
    }

    #[test]
    fn guard_turns_panics_into_fallbacks() {
        assert_eq!(guard(|| 5u32), 5);
        assert_eq!(quiet(|| guard::<u32>(|| panic!("boom"))), 0);
        assert_eq!(quiet(|| guard::<E>(|| panic!("boom"))), E::Panic);
        assert_eq!(quiet(|| guard_or(|| -> i32 { panic!("x") }, || -1)), -1);
    }

    #[test]
    fn service_life_cycle() {
        let mut handle: *mut Vec<u32> = core::ptr::null_mut();
        let e = unsafe { service_new(&mut handle, || Ok::<_, E>(vec![1u32])) };
        assert_eq!(e, E::Ok);
        assert!(!handle.is_null());
        let len = unsafe { service_ref(handle, |v: &Vec<u32>| v.len()) };
        assert_eq!(len, 1);
        let e = unsafe {
            service_mut(handle, |v: &mut Vec<u32>| {
                v.push(2);
                unit_result::<E>(Ok(()))
            })
        };
        assert_eq!(e, E::Ok);
        assert_eq!(unsafe { service_ref(handle, |v: &Vec<u32>| v.len()) }, 2);
        let r = unsafe {
            service_ref(handle, |v: &Vec<u32>| {
                value_result::<u32, E>(v.first().copied().ok_or(E::Bad))
            })
        };
        assert_eq!(r.into_result(), Ok(1));
        unsafe { service_destroy(handle) };
        unsafe { service_destroy::<Vec<u32>>(core::ptr::null_mut()) };
    }

    #[test]
    fn service_errors() {
        let mut handle: *mut u8 = 1 as *mut u8;
        assert_eq!(
            unsafe { service_new(&mut handle, || Err::<u8, E>(E::Bad)) },
            E::Bad
        );
        assert!(handle.is_null(), "no handle on error");
        assert_eq!(
            unsafe { service_new(&mut handle, || Err::<u8, E>(E::Ok)) },
            E::Panic
        );
        assert_eq!(
            unsafe { service_new::<u8, E>(core::ptr::null_mut(), || Ok(1)) },
            E::Null
        );
        let e = quiet(|| unsafe { service_new::<u8, E>(&mut handle, || panic!("ctor")) });
        assert_eq!(e, E::Panic);
        assert_eq!(
            unsafe { service_ref::<u8, E>(core::ptr::null(), |_| E::Ok) },
            E::Null
        );
        let r = unsafe {
            service_mut::<u8, FfiResult<u8, E>>(core::ptr::null_mut(), |v| FfiResult::ok(*v))
        };
        assert_eq!(r.into_result(), Err(E::Null));
    }
}
