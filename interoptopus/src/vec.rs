//! Vectors Rust allocates and the foreign side gives back.

use core::fmt;
use core::mem::ManuallyDrop;

/// A vector Rust allocated and hands to the foreign side, which must give it back to the
/// library's generated free function (`<lib>_free_OwnedVec_<T>`) exactly once.
///
/// Layout (`#[repr(C)]`): `ptr: *mut T`, `len: usize`, `capacity: usize` (Rust's bookkeeping;
/// do not change it). An empty vector has a null `ptr`. Dropping it in Rust frees it (and its
/// elements); a zeroed value owns nothing.
#[repr(C)]
pub struct OwnedVec<T> {
    ptr: *mut T,
    len: usize,
    capacity: usize,
}

impl<T> OwnedVec<T> {
    /// Takes ownership of a vector's allocation (no copy).
    pub fn new(values: Vec<T>) -> Self {
        let mut values = ManuallyDrop::new(values);
        if values.capacity() == 0 {
            return OwnedVec::empty();
        }
        OwnedVec {
            ptr: values.as_mut_ptr(),
            len: values.len(),
            capacity: values.capacity(),
        }
    }

    /// An empty value that owns nothing (null pointer).
    pub const fn empty() -> Self {
        OwnedVec {
            ptr: core::ptr::null_mut(),
            len: 0,
            capacity: 0,
        }
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        if self.ptr.is_null() {
            return &[];
        }
        // SAFETY: `ptr` holds `len` initialised elements of the `Vec` it came from.
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The vector back, without copying.
    pub fn into_vec(self) -> Vec<T> {
        let this = ManuallyDrop::new(self);
        if this.ptr.is_null() {
            return Vec::new();
        }
        // SAFETY: the parts come from `new`'s `Vec<T>`; `this` is never dropped.
        unsafe { Vec::from_raw_parts(this.ptr, this.len, this.capacity) }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<T> Drop for OwnedVec<T> {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: as in `into_vec`; this is the one owner.
            drop(unsafe { Vec::from_raw_parts(self.ptr, self.len, self.capacity) });
        }
    }
}

impl<T> Default for OwnedVec<T> {
    fn default() -> Self {
        OwnedVec::empty()
    }
}

impl<T> From<Vec<T>> for OwnedVec<T> {
    fn from(values: Vec<T>) -> Self {
        OwnedVec::new(values)
    }
}

impl<T: Clone> Clone for OwnedVec<T> {
    fn clone(&self) -> Self {
        OwnedVec::new(self.as_slice().to_vec())
    }
}

impl<T: fmt::Debug> fmt::Debug for OwnedVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OwnedVec").field(&self.as_slice()).finish()
    }
}

// SAFETY: an `OwnedVec` owns its elements like a `Vec`.
unsafe impl<T: Send> Send for OwnedVec<T> {}
unsafe impl<T: Sync> Sync for OwnedVec<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn round_trip_without_copy() {
        let v = vec![1u32, 2, 3];
        let data = v.as_ptr();
        let owned = OwnedVec::new(v);
        assert_eq!(owned.as_slice(), &[1, 2, 3]);
        assert_eq!(owned.clone().as_slice(), &[1, 2, 3]);
        let back = owned.into_vec();
        assert_eq!(back.as_ptr(), data);
        assert_eq!(format!("{:?}", OwnedVec::from(back)), "OwnedVec([1, 2, 3])");
    }

    #[test]
    fn empty_is_null_and_owns_nothing() {
        let e = OwnedVec::<u8>::new(Vec::new());
        assert!(e.ptr.is_null());
        assert!(e.is_empty());
        assert!(e.into_vec().is_empty());
    }

    #[test]
    fn drop_drops_elements_once() {
        let counter = Rc::new(());
        let v = OwnedVec::new(vec![counter.clone(), counter.clone()]);
        assert_eq!(Rc::strong_count(&counter), 3);
        drop(v);
        assert_eq!(Rc::strong_count(&counter), 1);
    }
}
