use interoptopus_build::{c, csharp, python, Builder};

fn main() {
    let mut builder = Builder::new()
        .c(c::Config::default())
        .csharp(
            csharp::Config::default()
                .namespace("Reference")
                .class("Api"),
        )
        .json("reference.json")
        // The same API as a C89 header, for the strict-C tests (`tests/c89.rs`).
        .emit(c::CEmitter::new(
            c::Config::default()
                .standard(c::CStandard::C89)
                .file("reference_c89.h"),
        ));
    // cffi's ABI mode cannot pass unions and packed structs by value portably; the Python
    // emitter reproduces the x86_64 System V convention only (see emitters/python/README.md).
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64") {
        builder = builder
            .python(python::Config::default())
            // A 7-byte packed struct with a misaligned field travels in memory under the C ABI,
            // which libffi cannot reproduce: Python leaves these two out, explicitly.
            .exclude_from("python", "crate::geometry::packed_make")
            .exclude_from("python", "crate::geometry::packed_sum");
    }
    builder.run();
}
