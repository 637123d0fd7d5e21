use interoptopus::ffi_service;

pub struct Engine;

#[ffi_service]
impl Engine {
    pub fn new() -> Self {
        Engine
    }
}

fn main() {}
