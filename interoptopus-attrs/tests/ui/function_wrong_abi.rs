use interoptopus::ffi_function;

#[ffi_function]
pub extern "system" fn f() {}

fn main() {}
