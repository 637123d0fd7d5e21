use interoptopus::ffi_function;

#[ffi_function]
pub fn identity<T: Copy>(value: T) -> T {
    value
}

fn main() {}
