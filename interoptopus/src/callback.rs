//! Callbacks with state: a function pointer, the user data it gets back as its last
//! argument, and an optional destructor for that data.

use core::ffi::c_void;
use core::fmt;

/// The destructor of a callback's user data.
pub type DropFn = extern "C" fn(data: *mut c_void);

mod sealed {
    pub trait Sealed {}
}

/// The function pointer types a [`Callback`] can carry: `extern "C" fn(A, B, …, *mut c_void)
/// -> R` with up to six parameters before the user data.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the function of a `Callback`",
    note = "use a safe `extern \"C\" fn(..., *mut c_void) -> R` whose last parameter is the user data"
)]
pub trait CallbackFn: Copy + sealed::Sealed {}

/// A foreign (or Rust) function together with the state it needs.
///
/// Layout (`#[repr(C)]`): `call` (the function pointer `F`, may be null), `data`
/// (`*mut c_void`, passed back as `call`'s last argument), `drop` (nullable
/// `extern "C" fn(*mut c_void)`).
///
/// Ownership: a `Callback` received by Rust owns `data`. When Rust drops it — at the end of
/// the call it was passed to, or later if Rust stored it — `drop(data)` is called exactly once
/// (if `drop` is set). Pass a null `drop` to keep ownership on the foreign side; the data must
/// then outlive every use Rust makes of it.
#[repr(C)]
pub struct Callback<F: CallbackFn> {
    call: Option<F>,
    data: *mut c_void,
    drop: Option<DropFn>,
}

impl<F: CallbackFn> Callback<F> {
    /// A callback from its parts. `drop`, if set, is called with `data` when this value is
    /// dropped.
    pub fn new(call: F, data: *mut c_void, drop: Option<DropFn>) -> Self {
        Callback {
            call: Some(call),
            data,
            drop,
        }
    }

    /// A callback with no function (calls return `None`) and nothing to drop.
    pub const fn none() -> Self {
        Callback {
            call: None,
            data: core::ptr::null_mut(),
            drop: None,
        }
    }

    /// Whether a function is set.
    pub fn is_set(&self) -> bool {
        self.call.is_some()
    }

    /// The function pointer.
    pub fn function(&self) -> Option<F> {
        self.call
    }

    /// The user data pointer.
    pub fn data(&self) -> *mut c_void {
        self.data
    }

    /// The parts, without running the destructor (the caller takes over `data`).
    pub fn into_raw_parts(self) -> (Option<F>, *mut c_void, Option<DropFn>) {
        let this = core::mem::ManuallyDrop::new(self);
        (this.call, this.data, this.drop)
    }
}

impl<F: CallbackFn> Drop for Callback<F> {
    fn drop(&mut self) {
        if let Some(release) = self.drop.take() {
            release(self.data);
        }
    }
}

impl<F: CallbackFn> Default for Callback<F> {
    fn default() -> Self {
        Callback::none()
    }
}

impl<F: CallbackFn> fmt::Debug for Callback<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("set", &self.call.is_some())
            .field("data", &self.data)
            .field("drop", &self.drop.is_some())
            .finish()
    }
}

/// Frees the boxed closure behind a callback made by `from_closure`.
extern "C" fn release_closure<C>(data: *mut c_void) {
    if !data.is_null() {
        // SAFETY: `data` is the `Box<C>` leaked by `from_closure`, released exactly once (by
        // `Callback`'s `Drop`, which takes the destructor out first).
        drop(unsafe { Box::from_raw(data.cast::<C>()) });
    }
}

macro_rules! arities {
    ($( ($($arg:ident : $ty:ident),*) ),* $(,)?) => { $(
        impl<R, $($ty),*> sealed::Sealed for extern "C" fn($($ty,)* *mut c_void) -> R {}
        impl<R, $($ty),*> CallbackFn for extern "C" fn($($ty,)* *mut c_void) -> R {}

        impl<R, $($ty),*> Callback<extern "C" fn($($ty,)* *mut c_void) -> R> {
            /// Calls the function with the arguments and the user data; `None` when no
            /// function is set.
            pub fn call(&self, $($arg: $ty),*) -> Option<R> {
                let f = self.call?;
                Some(f($($arg,)* self.data))
            }

            /// A callback running a Rust closure: the closure is boxed into `data`, a
            /// trampoline is the function, and the destructor frees the box. (`Fn`, not
            /// `FnMut`: the foreign side may call back re-entrantly; keep state in a `Cell`
            /// or `RefCell`.) A panic in the closure aborts the process, as any panic
            /// reaching an `extern "C"` frame does.
            pub fn from_closure<C>(closure: C) -> Self
            where
                C: Fn($($ty),*) -> R + 'static,
            {
                extern "C" fn trampoline<C, R, $($ty),*>($($arg: $ty,)* data: *mut c_void) -> R
                where
                    C: Fn($($ty),*) -> R,
                {
                    // SAFETY: `data` is the `Box<C>` made below; it lives until the
                    // destructor runs, which happens only when the `Callback` is dropped.
                    let closure = unsafe { &*data.cast::<C>().cast_const() };
                    closure($($arg),*)
                }
                Callback {
                    call: Some(trampoline::<C, R, $($ty),*>),
                    data: Box::into_raw(Box::new(closure)).cast(),
                    drop: Some(release_closure::<C>),
                }
            }
        }
    )* };
}

arities!(
    (),
    (a: A),
    (a: A, b: B),
    (a: A, b: B, c: C2),
    (a: A, b: B, c: C2, d: D),
    (a: A, b: B, c: C2, d: D, e: E),
    (a: A, b: B, c: C2, d: D, e: E, f: F2),
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    type Add = extern "C" fn(u32, u32, *mut c_void) -> u32;
    type Tick = extern "C" fn(*mut c_void);

    #[test]
    fn closure_state_and_destructor() {
        let dropped = Rc::new(Cell::new(0));
        let total = Rc::new(Cell::new(0u32));
        let guard = DropCounter(dropped.clone());
        let t = total.clone();
        let cb = Callback::<Add>::from_closure(move |a, b| {
            let _keep = &guard;
            t.set(t.get() + a + b);
            t.get()
        });
        assert!(cb.is_set());
        assert_eq!(cb.call(1, 2), Some(3));
        assert_eq!(cb.call(10, 0), Some(13));
        assert_eq!(dropped.get(), 0);
        drop(cb);
        assert_eq!(dropped.get(), 1, "closure freed exactly once");
        assert_eq!(total.get(), 13);
    }

    #[test]
    fn foreign_style_parts() {
        extern "C" fn count(data: *mut c_void) {
            let n = unsafe { &*(data as *const Cell<u32>) };
            n.set(n.get() + 1);
        }
        extern "C" fn release(data: *mut c_void) {
            let n = unsafe { &*(data as *const Cell<u32>) };
            n.set(n.get() + 100);
        }
        let n = Cell::new(0u32);
        let data = &n as *const Cell<u32> as *mut c_void;
        let cb = Callback::<Tick>::new(count, data, Some(release));
        assert_eq!(cb.call(), Some(()));
        assert_eq!(cb.data(), data);
        drop(cb);
        assert_eq!(n.get(), 101);
        // Without a destructor nothing runs on drop; `into_raw_parts` skips it too.
        let cb = Callback::<Tick>::new(count, data, Some(release));
        let (f, d, r) = cb.into_raw_parts();
        assert!(f.is_some() && r.is_some() && d == data);
        assert_eq!(n.get(), 101);
    }

    #[test]
    fn null_callback_is_not_called() {
        let cb = Callback::<Add>::default();
        assert_eq!(cb.call(1, 1), None);
        assert!(format!("{cb:?}").contains("set: false"));
    }

    #[test]
    fn layout_is_three_pointers() {
        assert_eq!(
            core::mem::size_of::<Callback<Add>>(),
            3 * core::mem::size_of::<usize>()
        );
    }

    struct DropCounter(Rc<Cell<u32>>);
    impl Drop for DropCounter {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
}
