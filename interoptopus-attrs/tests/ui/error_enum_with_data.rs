use interoptopus::ffi_type;

#[ffi_type(error)]
#[repr(C)]
pub enum Failure {
    Ok = 0,
    Bad(u32),
}

fn main() {}
