//! The generated module for the kitchen-sink model, for review. Runtime behaviour is checked by
//! `runtime.rs`; this only makes changes to the output visible in diffs.

use interoptopus_core::fixtures::kitchen_sink;
use interoptopus_core::{EmitInput, Emitter, Layouts, TargetInfo};
use interoptopus_python::{Config, PythonEmitter};

fn emit(target: TargetInfo) -> String {
    let model = kitchen_sink();
    let layouts = match Layouts::compute(&model, &target) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    let emitter = PythonEmitter::new(Config::default());
    let files = match emitter.emit(EmitInput {
        model: &model,
        layouts: &layouts,
    }) {
        Ok(f) => f,
        Err(errors) => panic!("emit failed: {errors:#?}"),
    };
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path.to_string_lossy(), "kitchen_sink.py");
    files[0].contents.clone()
}

#[test]
fn kitchen_sink_x86_64_linux() {
    let text = emit(TargetInfo::x86_64_linux());
    insta::assert_snapshot!(text);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(
        emit(TargetInfo::x86_64_linux()),
        emit(TargetInfo::x86_64_linux())
    );
}
