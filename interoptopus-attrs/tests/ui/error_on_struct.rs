use interoptopus::ffi_type;

#[ffi_type(error)]
#[repr(C)]
pub struct NotAnEnum {
    pub code: i32,
}

fn main() {}
