use interoptopus_build::{c, csharp, Builder};

fn main() {
    Builder::new()
        .c(c::Config::default())
        .csharp(
            csharp::Config::default()
                .namespace("Reference")
                .class("Api"),
        )
        .json("reference.json")
        .run();
}
