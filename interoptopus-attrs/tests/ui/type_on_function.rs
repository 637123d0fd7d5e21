use interoptopus::ffi_type;

#[ffi_type]
pub fn not_a_type() {}

fn main() {}
