//! Opaque types: a Rust-only struct behind a pointer, and the zero-sized-array idiom.

use std::marker::PhantomData;

/// A counter the foreign side only holds by pointer.
pub struct Counter {
    count: u64,
    history: Vec<u64>,
}

/// The C idiom for an opaque handle declared in Rust.
#[repr(C)]
pub struct Handle {
    _private: [u8; 0],
    _marker: PhantomData<*mut u8>,
}

impl Counter {
    /// Creates a counter starting at `start`; free it with `counter_free`.
    #[no_mangle]
    pub extern "C" fn counter_new(start: u64) -> Box<Counter> {
        Box::new(Counter {
            count: start,
            history: Vec::new(),
        })
    }

    #[no_mangle]
    pub extern "C" fn counter_increment(&mut self) -> u64 {
        self.history.push(self.count);
        self.count += 1;
        self.count
    }

    /// Reads the count; null reads as 0.
    ///
    /// # Safety
    /// `counter` must be null or come from `counter_new`.
    #[no_mangle]
    pub unsafe extern "C" fn counter_get(counter: *const Counter) -> u64 {
        counter.as_ref().map_or(0, |c| c.count)
    }

    /// Frees a counter made by `counter_new`; null is ignored.
    #[no_mangle]
    pub extern "C" fn counter_free(counter: Option<Box<Counter>>) -> usize {
        counter.map_or(0, |c| c.history.len())
    }
}

/// A handle is just a non-null address here; Rust never dereferences it.
#[no_mangle]
pub extern "C" fn handle_address(h: Option<&Handle>) -> usize {
    h.map_or(0, |h| h as *const Handle as usize)
}
