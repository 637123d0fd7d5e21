use interoptopus::ffi_function;

#[ffi_function]
pub fn numbers() -> Vec<u32> {
    vec![1, 2, 3]
}

fn main() {}
