//! Optional values by value, and a one-byte boolean.

use core::fmt;
use core::mem::{ManuallyDrop, MaybeUninit};

/// A boolean that is always exactly one byte with a defined ABI (`#[repr(transparent)]` over
/// `u8`): 0 is false, anything else reads as true, so no foreign byte is invalid.
#[repr(transparent)]
#[derive(Clone, Copy, Default)]
pub struct Bool(u8);

impl Bool {
    pub const TRUE: Bool = Bool(1);
    pub const FALSE: Bool = Bool(0);

    /// Whether the byte is non-zero.
    pub const fn is_true(self) -> bool {
        self.0 != 0
    }

    /// The raw byte.
    pub const fn raw(self) -> u8 {
        self.0
    }
}

impl From<bool> for Bool {
    fn from(b: bool) -> Self {
        Bool(b as u8)
    }
}

impl From<Bool> for bool {
    fn from(b: Bool) -> Self {
        b.is_true()
    }
}

impl PartialEq for Bool {
    fn eq(&self, other: &Self) -> bool {
        self.is_true() == other.is_true()
    }
}

impl Eq for Bool {}

impl fmt::Debug for Bool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bool({})", self.is_true())
    }
}

/// An optional `T` passed by value.
///
/// Layout (`#[repr(C)]`): `value: T`, then `is_some: Bool`. When `is_some` is false, `value`
/// is all zero bytes from Rust and is never read by Rust (whatever the foreign side put
/// there).
#[repr(C)]
pub struct FfiOption<T> {
    value: MaybeUninit<T>,
    is_some: Bool,
}

impl<T> FfiOption<T> {
    /// A present value.
    pub fn some(value: T) -> Self {
        FfiOption {
            value: MaybeUninit::new(value),
            is_some: Bool::TRUE,
        }
    }

    /// No value (the `value` bytes are zeroed).
    pub fn none() -> Self {
        FfiOption {
            value: MaybeUninit::zeroed(),
            is_some: Bool::FALSE,
        }
    }

    /// Whether a value is present.
    pub fn is_some(&self) -> bool {
        self.is_some.is_true()
    }

    /// Whether no value is present.
    pub fn is_none(&self) -> bool {
        !self.is_some()
    }

    /// The value, borrowed.
    pub fn as_ref(&self) -> Option<&T> {
        // SAFETY: `value` is initialised whenever `is_some` is set (by `some`, or by the
        // foreign side's promise).
        self.is_some()
            .then(|| unsafe { self.value.assume_init_ref() })
    }

    /// The value, mutably borrowed.
    pub fn as_mut(&mut self) -> Option<&mut T> {
        if self.is_some() {
            // SAFETY: as in `as_ref`.
            Some(unsafe { self.value.assume_init_mut() })
        } else {
            None
        }
    }

    /// The value as a Rust `Option`.
    pub fn into_option(self) -> Option<T> {
        let this = ManuallyDrop::new(self);
        // SAFETY: as in `as_ref`; `this` is not dropped, so the value is moved out once.
        this.is_some()
            .then(|| unsafe { this.value.assume_init_read() })
    }
}

impl<T> Drop for FfiOption<T> {
    fn drop(&mut self) {
        if self.is_some() {
            // SAFETY: initialised (see `as_ref`) and dropped only here.
            unsafe { self.value.assume_init_drop() }
        }
    }
}

impl<T> Default for FfiOption<T> {
    fn default() -> Self {
        FfiOption::none()
    }
}

impl<T> From<Option<T>> for FfiOption<T> {
    fn from(o: Option<T>) -> Self {
        match o {
            Some(v) => FfiOption::some(v),
            None => FfiOption::none(),
        }
    }
}

impl<T> From<FfiOption<T>> for Option<T> {
    fn from(o: FfiOption<T>) -> Self {
        o.into_option()
    }
}

impl<T: Clone> Clone for FfiOption<T> {
    fn clone(&self) -> Self {
        self.as_ref().cloned().into()
    }
}

impl<T: PartialEq> PartialEq for FfiOption<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_ref() == other.as_ref()
    }
}

impl<T: fmt::Debug> fmt::Debug for FfiOption<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_ref() {
            Some(v) => f.debug_tuple("FfiOption::Some").field(v).finish(),
            None => f.write_str("FfiOption::None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn bool_is_one_byte_and_lenient() {
        assert_eq!(core::mem::size_of::<Bool>(), 1);
        assert!(Bool::from(true).is_true());
        assert!(!bool::from(Bool::FALSE));
        let odd: Bool = unsafe { core::mem::transmute(7u8) };
        assert!(odd.is_true());
        assert_eq!(odd, Bool::TRUE);
        assert_eq!(format!("{odd:?}"), "Bool(true)");
    }

    #[test]
    fn option_round_trip() {
        let some = FfiOption::some(3.5f32);
        assert_eq!(some.as_ref(), Some(&3.5));
        assert_eq!(some.clone().into_option(), Some(3.5));
        let none: FfiOption<f32> = None.into();
        assert!(none.is_none());
        assert_eq!(Option::<f32>::from(none), None);
        let mut m = FfiOption::some(1u8);
        if let Some(v) = m.as_mut() {
            *v = 2;
        }
        assert_eq!(m, FfiOption::some(2));
        assert_eq!(format!("{m:?}"), "FfiOption::Some(2)");
    }

    #[test]
    fn layout_is_value_then_flag() {
        #[repr(C)]
        struct Expect {
            value: [f32; 3],
            is_some: u8,
        }
        assert_eq!(
            core::mem::size_of::<FfiOption<[f32; 3]>>(),
            core::mem::size_of::<Expect>()
        );
        let none = FfiOption::<u32>::none();
        // Only the first 5 bytes are initialised; the rest is padding.
        let bytes = unsafe {
            core::slice::from_raw_parts((&none as *const FfiOption<u32>).cast::<u8>(), 5)
        };
        assert_eq!(bytes, &[0, 0, 0, 0, 0]);
    }

    #[test]
    fn drop_only_when_some() {
        let rc = Rc::new(());
        let some = FfiOption::some(rc.clone());
        assert_eq!(Rc::strong_count(&rc), 2);
        drop(some);
        assert_eq!(Rc::strong_count(&rc), 1);
        drop(FfiOption::<Rc<()>>::none());
        let moved = FfiOption::some(rc.clone()).into_option();
        assert_eq!(Rc::strong_count(&rc), 2);
        drop(moved);
        assert_eq!(Rc::strong_count(&rc), 1);
    }
}
