use interoptopus::ffi_function;

#[ffi_function(catch_panics)]
pub fn f() {}

fn main() {}
