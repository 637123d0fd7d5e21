use interoptopus::ffi_type;

#[ffi_type(error)]
pub enum Failure {
    Ok,
    Bad,
}

fn main() {}
