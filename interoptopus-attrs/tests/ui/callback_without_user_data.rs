use interoptopus::Callback;

type NoData = extern "C" fn(value: u32);

pub fn take(_c: Callback<NoData>) {}

fn main() {}
