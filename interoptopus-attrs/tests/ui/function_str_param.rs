use interoptopus::ffi_function;

#[ffi_function]
pub fn greet(name: &str) -> usize {
    name.len()
}

fn main() {}
