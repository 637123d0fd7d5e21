use interoptopus_build::{c, Builder};

fn main() {
    Builder::new()
        .c(c::Config::default())
        .json("reference.json")
        .run();
}
