//! Borrowed slices: a pointer and a length the foreign side fills in.

use core::fmt;
use core::marker::PhantomData;

/// Why a pointer and a length cannot be viewed as a Rust slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SliceError {
    /// The pointer is null but the length is not 0.
    Null,
    /// The pointer is not aligned for the element type.
    Misaligned,
    /// `len` elements would span more than `isize::MAX` bytes.
    TooLong,
}

impl fmt::Display for SliceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SliceError::Null => "null pointer with a non-zero length",
            SliceError::Misaligned => "pointer not aligned for the element type",
            SliceError::TooLong => "length exceeds the address space",
        })
    }
}

impl std::error::Error for SliceError {}

/// Checks what `core::slice::from_raw_parts` requires that can be checked: non-null, aligned,
/// and a byte length that fits `isize`. `len` is never 0 here.
fn validate<T>(ptr: *const T, len: usize) -> Result<(), SliceError> {
    if ptr.is_null() {
        return Err(SliceError::Null);
    }
    if (ptr as usize) % core::mem::align_of::<T>() != 0 {
        return Err(SliceError::Misaligned);
    }
    match len.checked_mul(core::mem::size_of::<T>()) {
        Some(bytes) if bytes <= isize::MAX as usize => Ok(()),
        _ => Err(SliceError::TooLong),
    }
}

/// A read-only view of `len` values of `T` at `ptr`, passed by value across the C ABI.
///
/// Layout (`#[repr(C)]`): `ptr: *const T`, `len: usize`. A null `ptr` with `len == 0` is an
/// empty slice; a null `ptr` with a non-zero `len` is refused by [`Slice::as_slice`], never
/// read. The foreign side promises that a non-null `ptr` points at `len` initialised values
/// that stay unchanged for the duration of the call.
#[repr(C)]
pub struct Slice<'a, T> {
    ptr: *const T,
    len: usize,
    _borrow: PhantomData<&'a [T]>,
}

impl<'a, T> Slice<'a, T> {
    /// A view of a Rust slice (for passing to callbacks, or in tests).
    pub fn from_slice(values: &'a [T]) -> Self {
        Slice {
            ptr: values.as_ptr(),
            len: values.len(),
            _borrow: PhantomData,
        }
    }

    /// The empty slice (null pointer, length 0).
    pub const fn empty() -> Self {
        Slice {
            ptr: core::ptr::null(),
            len: 0,
            _borrow: PhantomData,
        }
    }

    /// A slice from raw parts, as foreign code would build it.
    ///
    /// # Safety
    /// If `len > 0` and `ptr` is non-null and aligned, it must point at `len` initialised
    /// values of `T` that are not mutated while `'a` lasts.
    pub const unsafe fn from_raw_parts(ptr: *const T, len: usize) -> Self {
        Slice {
            ptr,
            len,
            _borrow: PhantomData,
        }
    }

    /// The values as a Rust slice: empty for length 0 (whatever the pointer), an error for a
    /// null or misaligned pointer with a non-zero length.
    pub fn as_slice(&self) -> Result<&'a [T], SliceError> {
        if self.len == 0 {
            return Ok(&[]);
        }
        validate(self.ptr, self.len)?;
        // SAFETY: non-null, aligned and size-checked above; validity of the memory is the
        // foreign side's promise (see the type's docs) or `from_slice`'s borrow.
        Ok(unsafe { core::slice::from_raw_parts(self.ptr, self.len) })
    }

    /// The length the foreign side passed (not validated).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the length is 0.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The raw pointer (possibly null).
    pub fn as_ptr(&self) -> *const T {
        self.ptr
    }
}

impl<T> Clone for Slice<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Slice<'_, T> {}

impl<T> Default for Slice<'_, T> {
    fn default() -> Self {
        Slice::empty()
    }
}

impl<'a, T> From<&'a [T]> for Slice<'a, T> {
    fn from(values: &'a [T]) -> Self {
        Slice::from_slice(values)
    }
}

impl<T> fmt::Debug for Slice<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slice")
            .field("ptr", &self.ptr)
            .field("len", &self.len)
            .finish()
    }
}

// SAFETY: a `Slice` is a shared borrow of `[T]`, which is `Send`/`Sync` when `T: Sync`.
unsafe impl<T: Sync> Send for Slice<'_, T> {}
unsafe impl<T: Sync> Sync for Slice<'_, T> {}

/// A writable view of `len` values of `T` at `ptr`, passed by value across the C ABI.
///
/// Layout (`#[repr(C)]`): `ptr: *mut T`, `len: usize`; the same null rules as [`Slice`]. The
/// foreign side promises exclusive access to the memory for the duration of the call.
#[repr(C)]
pub struct SliceMut<'a, T> {
    ptr: *mut T,
    len: usize,
    _borrow: PhantomData<&'a mut [T]>,
}

impl<'a, T> SliceMut<'a, T> {
    /// A view of a mutable Rust slice.
    pub fn from_slice(values: &'a mut [T]) -> Self {
        SliceMut {
            ptr: values.as_mut_ptr(),
            len: values.len(),
            _borrow: PhantomData,
        }
    }

    /// The empty slice (null pointer, length 0).
    pub const fn empty() -> Self {
        SliceMut {
            ptr: core::ptr::null_mut(),
            len: 0,
            _borrow: PhantomData,
        }
    }

    /// A slice from raw parts, as foreign code would build it.
    ///
    /// # Safety
    /// If `len > 0` and `ptr` is non-null and aligned, it must point at `len` initialised
    /// values of `T` that nothing else accesses while `'a` lasts.
    pub const unsafe fn from_raw_parts(ptr: *mut T, len: usize) -> Self {
        SliceMut {
            ptr,
            len,
            _borrow: PhantomData,
        }
    }

    /// The values as a shared Rust slice (same rules as [`Slice::as_slice`]).
    pub fn as_slice(&self) -> Result<&[T], SliceError> {
        if self.len == 0 {
            return Ok(&[]);
        }
        validate(self.ptr, self.len)?;
        // SAFETY: as in `Slice::as_slice`; `&self` keeps this view from being mutated meanwhile.
        Ok(unsafe { core::slice::from_raw_parts(self.ptr, self.len) })
    }

    /// The values as a mutable Rust slice, borrowed from this view.
    pub fn as_slice_mut(&mut self) -> Result<&mut [T], SliceError> {
        if self.len == 0 {
            return Ok(&mut []);
        }
        validate(self.ptr, self.len)?;
        // SAFETY: as in `Slice::as_slice`; `&mut self` makes this the only borrow of the view.
        Ok(unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) })
    }

    /// The values as a mutable Rust slice for all of `'a`, consuming the view.
    pub fn into_slice_mut(self) -> Result<&'a mut [T], SliceError> {
        if self.len == 0 {
            return Ok(&mut []);
        }
        validate(self.ptr, self.len)?;
        // SAFETY: as above; the view is consumed, so no second borrow can be made from it.
        Ok(unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) })
    }

    /// The length the foreign side passed (not validated).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the length is 0.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The raw pointer (possibly null).
    pub fn as_mut_ptr(&self) -> *mut T {
        self.ptr
    }
}

impl<T> Default for SliceMut<'_, T> {
    fn default() -> Self {
        SliceMut::empty()
    }
}

impl<'a, T> From<&'a mut [T]> for SliceMut<'a, T> {
    fn from(values: &'a mut [T]) -> Self {
        SliceMut::from_slice(values)
    }
}

impl<T> fmt::Debug for SliceMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SliceMut")
            .field("ptr", &self.ptr)
            .field("len", &self.len)
            .finish()
    }
}

// SAFETY: a `SliceMut` is an exclusive borrow of `[T]`.
unsafe impl<T: Send> Send for SliceMut<'_, T> {}
unsafe impl<T: Sync> Sync for SliceMut<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_empty() {
        let values = [1.0f32, 2.0, 3.5];
        let s = Slice::from_slice(&values);
        assert_eq!(s.len(), 3);
        assert_eq!(s.as_slice(), Ok(&values[..]));
        let empty: Slice<'_, f32> = Slice::default();
        assert_eq!(empty.as_slice(), Ok(&[][..]));
        assert!(empty.is_empty());
    }

    #[test]
    fn null_with_length_is_an_error() {
        let s = unsafe { Slice::<u32>::from_raw_parts(core::ptr::null(), 4) };
        assert_eq!(s.as_slice(), Err(SliceError::Null));
        let mut m = unsafe { SliceMut::<u32>::from_raw_parts(core::ptr::null_mut(), 4) };
        assert_eq!(m.as_slice_mut().map(|s| s.len()), Err(SliceError::Null));
        assert_eq!(m.as_slice().map(|s| s.len()), Err(SliceError::Null));
        // Length 0 is fine with any pointer, even a dangling or misaligned one.
        let s = unsafe { Slice::<u32>::from_raw_parts(3 as *const u32, 0) };
        assert_eq!(s.as_slice(), Ok(&[][..]));
    }

    #[test]
    fn misaligned_and_too_long_are_errors() {
        let words = [0u32; 2];
        let odd = (words.as_ptr() as *const u8).wrapping_add(1) as *const u32;
        let s = unsafe { Slice::from_raw_parts(odd, 1) };
        assert_eq!(s.as_slice(), Err(SliceError::Misaligned));
        let s = unsafe { Slice::from_raw_parts(words.as_ptr(), usize::MAX / 2) };
        assert_eq!(s.as_slice(), Err(SliceError::TooLong));
        assert_eq!(
            SliceError::Null.to_string(),
            "null pointer with a non-zero length"
        );
    }

    #[test]
    fn mutable_view_writes_through() {
        let mut bytes = [0u8; 4];
        let mut m = SliceMut::from_slice(&mut bytes);
        if let Ok(s) = m.as_slice_mut() {
            s.fill(7);
        }
        assert_eq!(m.as_slice().map(<[u8]>::to_vec), Ok(vec![7; 4]));
        if let Ok(s) = m.into_slice_mut() {
            s[0] = 1;
        }
        assert_eq!(bytes, [1, 7, 7, 7]);
    }

    #[test]
    fn layout_is_pointer_then_length() {
        use core::mem::{align_of, size_of};
        assert_eq!(size_of::<Slice<'_, u64>>(), 2 * size_of::<usize>());
        assert_eq!(align_of::<SliceMut<'_, u8>>(), align_of::<usize>());
        let values = [5u16; 3];
        let s = Slice::from_slice(&values);
        let raw: [usize; 2] = unsafe { core::mem::transmute(s) };
        assert_eq!(raw, [values.as_ptr() as usize, 3]);
    }
}
