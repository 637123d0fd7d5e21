//! The generated file compiles warning-free at C# 7.2 with Mono's `mcs`, including XML docs
//! (`-doc` rejects malformed doc markup), for every target and naming configuration.

mod common;

use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::TargetInfo;
use interoptopus_csharp::Config;

fn compile_library(cs: &str) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::write(dir.path().join("Bindings.cs"), cs).unwrap_or_else(|e| panic!("write: {e}"));
    common::mcs(
        dir.path(),
        &[
            "-target:library",
            "-doc:Bindings.xml",
            "-out:Bindings.dll",
            "Bindings.cs",
        ],
    );
}

#[test]
fn kitchen_sink_x86_64_compiles() {
    compile_library(&common::kitchen_sink_cs());
}

#[test]
fn kitchen_sink_i686_compiles() {
    let cs = common::emit(&kitchen_sink(), TargetInfo::i686_linux(), Config::default());
    assert!(cs.contains("for x86-linux (32-bit pointers)"));
    compile_library(&cs);
}

#[test]
fn rust_names_internal_and_custom_names_compile() {
    let config = Config::default()
        .rust_names(true)
        .public(false)
        .namespace("My.Company.Bindings")
        .class("Native")
        .dll_name("ks");
    let cs = common::emit(&kitchen_sink(), TargetInfo::x86_64_linux(), config);
    assert!(cs.contains("namespace My.Company.Bindings"));
    assert!(cs.contains("internal static partial class Native"));
    assert!(cs.contains("public static extern Vec3 my_game_function(ref Vec3 input);"));
    assert!(cs.contains("[DllImport(\"ks\""));
    compile_library(&cs);
}
