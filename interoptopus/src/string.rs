//! Strings across the C ABI: borrowed UTF-8 views and C strings coming in, owned strings
//! going out.

use core::ffi::{c_char, CStr};
use core::fmt;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;

use crate::slice::{Slice, SliceError};

/// Why foreign bytes cannot be read as a `&str`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StrError {
    /// The pointer is null (with a non-zero length, for [`StrView`]).
    Null,
    /// The bytes are not UTF-8; the first `valid_up_to` bytes are.
    InvalidUtf8 { valid_up_to: usize },
    /// The length exceeds the address space.
    TooLong,
}

impl fmt::Display for StrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StrError::Null => f.write_str("null string pointer"),
            StrError::InvalidUtf8 { valid_up_to } => {
                write!(f, "invalid UTF-8 after {valid_up_to} valid bytes")
            }
            StrError::TooLong => f.write_str("string length exceeds the address space"),
        }
    }
}

impl std::error::Error for StrError {}

impl From<core::str::Utf8Error> for StrError {
    fn from(e: core::str::Utf8Error) -> Self {
        StrError::InvalidUtf8 {
            valid_up_to: e.valid_up_to(),
        }
    }
}

/// A borrowed UTF-8 string: `len` bytes at `ptr`, not NUL-terminated.
///
/// Layout (`#[repr(C)]`): `ptr: *const u8`, `len: usize`. Null with length 0 is the empty
/// string. [`StrView::as_str`] validates the bytes: invalid UTF-8 is an error value, never a
/// panic and never an unchecked `&str`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct StrView<'a> {
    ptr: *const u8,
    len: usize,
    _borrow: PhantomData<&'a str>,
}

impl<'a> StrView<'a> {
    /// A view of a Rust string.
    pub fn new(s: &'a str) -> Self {
        StrView {
            ptr: s.as_ptr(),
            len: s.len(),
            _borrow: PhantomData,
        }
    }

    /// The empty string (null pointer, length 0).
    pub const fn empty() -> Self {
        StrView {
            ptr: core::ptr::null(),
            len: 0,
            _borrow: PhantomData,
        }
    }

    /// A view from raw parts, as foreign code would build it.
    ///
    /// # Safety
    /// A non-null `ptr` must point at `len` readable bytes that do not change while `'a` lasts.
    pub const unsafe fn from_raw_parts(ptr: *const u8, len: usize) -> Self {
        StrView {
            ptr,
            len,
            _borrow: PhantomData,
        }
    }

    /// The bytes (null with length 0 is empty; null with a length is [`StrError::Null`]).
    pub fn as_bytes(&self) -> Result<&'a [u8], StrError> {
        // SAFETY: the same promise as `Slice`'s, made by this type's constructor or the caller.
        let bytes = unsafe { Slice::from_raw_parts(self.ptr, self.len) };
        bytes.as_slice().map_err(|e| match e {
            SliceError::Null | SliceError::Misaligned => StrError::Null,
            SliceError::TooLong => StrError::TooLong,
        })
    }

    /// The string, validated as UTF-8.
    pub fn as_str(&self) -> Result<&'a str, StrError> {
        Ok(core::str::from_utf8(self.as_bytes()?)?)
    }

    /// The byte length the foreign side passed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the length is 0.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Default for StrView<'_> {
    fn default() -> Self {
        StrView::empty()
    }
}

impl<'a> From<&'a str> for StrView<'a> {
    fn from(s: &'a str) -> Self {
        StrView::new(s)
    }
}

impl fmt::Debug for StrView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Ok(s) => write!(f, "StrView({s:?})"),
            Err(e) => write!(f, "StrView(<{e}>)"),
        }
    }
}

// SAFETY: a shared borrow of immutable bytes.
unsafe impl Send for StrView<'_> {}
unsafe impl Sync for StrView<'_> {}

/// A borrowed, NUL-terminated C string: exactly a `const char *` (`#[repr(transparent)]`).
///
/// May be null. [`CStrPtr::to_str`] validates UTF-8; [`CStrPtr::as_c_str`] gives the raw
/// bytes.
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct CStrPtr<'a> {
    ptr: *const c_char,
    _borrow: PhantomData<&'a CStr>,
}

impl<'a> CStrPtr<'a> {
    /// A pointer to a Rust `CStr`.
    pub fn from_c_str(s: &'a CStr) -> Self {
        CStrPtr {
            ptr: s.as_ptr(),
            _borrow: PhantomData,
        }
    }

    /// The null pointer.
    pub const fn null() -> Self {
        CStrPtr {
            ptr: core::ptr::null(),
            _borrow: PhantomData,
        }
    }

    /// A C string pointer as foreign code passes it.
    ///
    /// # Safety
    /// A non-null `ptr` must point at a NUL-terminated string that does not change while `'a`
    /// lasts.
    pub const unsafe fn from_ptr(ptr: *const c_char) -> Self {
        CStrPtr {
            ptr,
            _borrow: PhantomData,
        }
    }

    /// Whether the pointer is null.
    pub fn is_null(&self) -> bool {
        self.ptr.is_null()
    }

    /// The string as a `CStr`, or `None` for a null pointer.
    pub fn as_c_str(&self) -> Option<&'a CStr> {
        if self.ptr.is_null() {
            return None;
        }
        // SAFETY: non-null, and NUL-terminated by the promise of the constructor.
        Some(unsafe { CStr::from_ptr(self.ptr) })
    }

    /// The string validated as UTF-8 (without the NUL).
    pub fn to_str(&self) -> Result<&'a str, StrError> {
        Ok(self.as_c_str().ok_or(StrError::Null)?.to_str()?)
    }

    /// The raw pointer.
    pub fn as_ptr(&self) -> *const c_char {
        self.ptr
    }
}

impl Default for CStrPtr<'_> {
    fn default() -> Self {
        CStrPtr::null()
    }
}

impl<'a> From<&'a CStr> for CStrPtr<'a> {
    fn from(s: &'a CStr) -> Self {
        CStrPtr::from_c_str(s)
    }
}

impl fmt::Debug for CStrPtr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CStrPtr({:?})", self.as_c_str())
    }
}

// SAFETY: a shared borrow of immutable bytes.
unsafe impl Send for CStrPtr<'_> {}
unsafe impl Sync for CStrPtr<'_> {}

/// A string Rust allocated and hands to the foreign side, which must give it back to the
/// library's generated free function (`<lib>_free_OwnedString`) exactly once.
///
/// Layout (`#[repr(C)]`): `ptr: *mut u8`, `len: usize` (bytes, without the terminator),
/// `capacity: usize` (Rust's bookkeeping; do not change it). The bytes are UTF-8 and are
/// always followed by a NUL byte not counted in `len`, so C can print `ptr` directly (a string
/// with interior NULs ends early there). Dropping it in Rust frees it too; a zeroed value
/// (null `ptr`) owns nothing.
#[repr(C)]
pub struct OwnedString {
    ptr: *mut u8,
    len: usize,
    capacity: usize,
}

impl OwnedString {
    /// Takes ownership of a string (appending the NUL terminator may reallocate once).
    pub fn new(s: impl Into<String>) -> Self {
        let mut s: String = s.into();
        s.push('\0');
        let mut bytes = ManuallyDrop::new(s.into_bytes());
        OwnedString {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len() - 1,
            capacity: bytes.capacity(),
        }
    }

    /// An empty value that owns nothing (null pointer).
    pub const fn empty() -> Self {
        OwnedString {
            ptr: core::ptr::null_mut(),
            len: 0,
            capacity: 0,
        }
    }

    /// The bytes without the terminator.
    pub fn as_bytes(&self) -> &[u8] {
        if self.ptr.is_null() {
            return &[];
        }
        // SAFETY: `ptr` came from a `Vec<u8>` with at least `len + 1` initialised bytes.
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The text. Always `Ok` for a value made in Rust; foreign code that overwrote the bytes
    /// gets an error instead of undefined behaviour.
    pub fn as_str(&self) -> Result<&str, StrError> {
        Ok(core::str::from_utf8(self.as_bytes())?)
    }

    /// The text as a `String` (lossy if foreign code overwrote it with invalid UTF-8).
    pub fn into_string(self) -> String {
        let this = ManuallyDrop::new(self);
        if this.ptr.is_null() {
            return String::new();
        }
        // SAFETY: the parts come from `new`'s `Vec<u8>`; `this` is never dropped, so the
        // allocation has exactly one owner again.
        let mut bytes = unsafe { Vec::from_raw_parts(this.ptr, this.len + 1, this.capacity) };
        bytes.truncate(this.len);
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// Length in bytes, without the terminator.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for OwnedString {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: `ptr`/`capacity` come from a `Vec<u8>` (see `new`); bytes need no drop,
            // so a length of 0 is valid whatever `len` says.
            drop(unsafe { Vec::from_raw_parts(self.ptr, 0, self.capacity) });
        }
    }
}

impl Default for OwnedString {
    fn default() -> Self {
        OwnedString::empty()
    }
}

impl From<String> for OwnedString {
    fn from(s: String) -> Self {
        OwnedString::new(s)
    }
}

impl From<&str> for OwnedString {
    fn from(s: &str) -> Self {
        OwnedString::new(s)
    }
}

impl Clone for OwnedString {
    fn clone(&self) -> Self {
        OwnedString::new(String::from_utf8_lossy(self.as_bytes()).into_owned())
    }
}

impl fmt::Debug for OwnedString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "OwnedString({:?})",
            String::from_utf8_lossy(self.as_bytes())
        )
    }
}

// SAFETY: an `OwnedString` owns its bytes like a `String`.
unsafe impl Send for OwnedString {}
unsafe impl Sync for OwnedString {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_view_validates_utf8() {
        let v = StrView::new("grüß");
        assert_eq!(v.as_str(), Ok("grüß"));
        let bad = [b'o', b'k', 0xff, b'!'];
        let v = unsafe { StrView::from_raw_parts(bad.as_ptr(), bad.len()) };
        assert_eq!(v.as_str(), Err(StrError::InvalidUtf8 { valid_up_to: 2 }));
        assert_eq!(v.as_bytes(), Ok(&bad[..]));
        let null = unsafe { StrView::from_raw_parts(core::ptr::null(), 3) };
        assert_eq!(null.as_str(), Err(StrError::Null));
        assert_eq!(StrView::default().as_str(), Ok(""));
        assert_eq!(format!("{:?}", StrView::from("x")), "StrView(\"x\")");
    }

    #[test]
    fn c_str_ptr() {
        let owned = c"hello";
        let p = CStrPtr::from_c_str(owned);
        assert_eq!(p.to_str(), Ok("hello"));
        assert!(CStrPtr::null().is_null());
        assert_eq!(CStrPtr::null().to_str(), Err(StrError::Null));
        let bad = [b'a', 0xc3, 0x28, 0];
        let p = unsafe { CStrPtr::from_ptr(bad.as_ptr().cast()) };
        assert_eq!(p.to_str(), Err(StrError::InvalidUtf8 { valid_up_to: 1 }));
        assert_eq!(
            core::mem::size_of::<CStrPtr<'_>>(),
            core::mem::size_of::<usize>()
        );
    }

    #[test]
    fn owned_string_is_nul_terminated_and_round_trips() {
        let s = OwnedString::new("abc");
        assert_eq!(s.len(), 3);
        assert_eq!(s.as_str(), Ok("abc"));
        // The terminator sits right after the bytes.
        let terminated = unsafe { CStr::from_ptr(s.ptr.cast()) };
        assert_eq!(terminated.to_str(), Ok("abc"));
        assert_eq!(s.clone().into_string(), "abc");
        assert_eq!(s.into_string(), "abc");
        let e = OwnedString::new(String::new());
        assert!(e.is_empty());
        assert!(!e.ptr.is_null());
        assert_eq!(OwnedString::default().into_string(), "");
        assert_eq!(
            format!("{:?}", OwnedString::from("q")),
            "OwnedString(\"q\")"
        );
    }

    #[test]
    fn owned_string_layout() {
        assert_eq!(
            core::mem::size_of::<OwnedString>(),
            3 * core::mem::size_of::<usize>()
        );
    }
}
