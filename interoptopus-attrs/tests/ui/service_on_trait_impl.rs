use interoptopus::ffi_service;

pub struct Engine;

#[ffi_service]
impl Default for Engine {
    fn default() -> Self {
        Engine
    }
}

fn main() {}
