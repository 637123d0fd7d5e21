use interoptopus::{ffi_service, ffi_type};

#[ffi_type(error)]
#[repr(C)]
pub enum Failure {
    Ok = 0,
    Panic = 1,
}

pub struct Engine;

#[ffi_service(prefix = "eng_")]
impl Engine {
    pub fn new() -> Result<Self, Failure> {
        Ok(Engine)
    }

    pub fn destroy(&mut self) {}
}

fn main() {}
