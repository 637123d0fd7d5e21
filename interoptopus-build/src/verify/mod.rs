//! Layout verification: rustc, the model and the C compiler must agree on every size,
//! alignment and offset. The C compiler is asked here; rustc is asked through the
//! assertions file the crate includes with `interoptopus::layout_checks!()`.

pub mod c_harness;
pub mod cc_command;
pub mod rust_asserts;
pub mod spare_core;
