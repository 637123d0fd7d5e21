use interoptopus::{ffi_service, ffi_type};

#[ffi_type(error)]
#[repr(C)]
pub enum Failure {
    Ok = 0,
    Bad = 1,
}

pub struct Engine;

#[ffi_service]
impl Engine {
    pub fn new() -> Result<Self, Failure> {
        Ok(Engine)
    }
}

fn main() {}
