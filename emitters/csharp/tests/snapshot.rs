//! The generated kitchen-sink file, kept for review. The runtime and compile tests are what
//! prove it correct; this shows how a change alters the output.

mod common;

#[test]
fn kitchen_sink_snapshot() {
    insta::assert_snapshot!("kitchen_sink_x86_64", common::kitchen_sink_cs());
}
