use interoptopus::ffi_function;

#[ffi_function]
pub struct NotAFunction;

fn main() {}
