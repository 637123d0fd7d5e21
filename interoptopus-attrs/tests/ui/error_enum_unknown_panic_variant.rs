use interoptopus::ffi_type;

#[ffi_type(error, panic = Crashed)]
#[repr(C)]
pub enum Failure {
    Ok = 0,
    Panicked = 1,
}

fn main() {}
