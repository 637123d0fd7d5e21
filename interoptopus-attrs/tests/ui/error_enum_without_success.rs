use interoptopus::ffi_type;

#[ffi_type(error)]
#[repr(C)]
pub enum Failure {
    Bad = 1,
    Worse = 2,
}

fn main() {}
