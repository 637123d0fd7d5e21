//! Pattern idioms in the generated module, for a hand-built model using every pattern: which
//! wrapper each function gets (checked on the text, and locked in a snapshot), and that a model
//! without patterns gets none of the pattern runtime. The runtime behaviour is exercised against
//! the reference cdylib by `integration-tests/tests/python_runtime.rs`.

use interoptopus_core::model::*;
use interoptopus_core::{EmitInput, Emitter, Layouts, TargetInfo};
use interoptopus_python::{Config, PythonEmitter};

fn emit(model: &Model) -> String {
    let layouts = match Layouts::compute(model, &TargetInfo::x86_64_linux()) {
        Ok(l) => l,
        Err(e) => panic!("layout: {e}"),
    };
    match PythonEmitter::new(Config::default()).emit(EmitInput {
        model,
        layouts: &layouts,
    }) {
        Ok(files) => files[0].contents.clone(),
        Err(errors) => panic!("emit failed: {errors:#?}"),
    }
}

#[test]
fn every_pattern_gets_its_idiom() {
    let text = emit(&interoptopus_core::fixtures::patterns());
    for expected in [
        // slices: lists, buffers and numpy arrays, zero-copy through the buffer protocol
        "def sum_(values_: _abc.Sequence[float] | _Buffer | _ArrayLike | None) -> float:",
        "_a0, _n0 = _slice_in(values_, \"float []\", \"f\", 4, None, False)",
        // results raise the error enum's exception
        "raise PatErrorException(_PatError_OF.get(_r.error, _r.error), \"sum\")",
        "class PatErrorException(FfiError):",
        // strings in, options out
        "def count(text: str | bytes | bytearray | memoryview, c: str | bytes | None) -> float | None:",
        // owned values out, freed through the model's free function
        "def greet() -> str:",
        "_owned_str(_r, _lib.pat_free_OwnedString)",
        "def values() -> list[float]:",
        "_owned_vec(_r, _lib.pat_free_OwnedVec_f32, None)",
        // callbacks with state take any callable
        "def each(cb: _abc.Callable[[float], object] | None) -> None:",
        "_CB_Callback_OnValue: CData = ffi.callback(\"OnValue\", _cb_call_Callback_OnValue)",
        // the service class
        "class Engine(_Service):",
        "def __init__(self) -> None:",
        "def new(cls) -> Engine:",
        "self._adopt(_out[0], _lib.engine_destroy)",
        "def get(self) -> float:",
        // the fingerprint
        "API_FINGERPRINT: _t.Final[int] = 0x0123456789abcdef",
        "ffi.cdef(\"uint64_t pat_api_fingerprint(void);\")",
        "_check_fingerprint(lib, file)",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    // Service functions and free functions have no module-level wrapper.
    for hidden in [
        "def engine_new(",
        "def engine_get(",
        "def pat_free_owned_string(",
    ] {
        assert!(!text.contains(hidden), "{hidden} should not be emitted");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn a_pattern_struct_without_its_documented_fields_stays_raw() {
    let mut m = interoptopus_core::fixtures::patterns();
    // Rename the slice's `len` field: the wrapper must not guess.
    if let TypeKind::Struct { fields, .. } = &mut m.types[2].kind {
        fields[1].name = "length".into();
        fields[1].rust_name = "length".into();
    }
    let text = emit(&m);
    assert!(
        text.contains("def sum_(values_: SliceF32) -> float:"),
        "{text}"
    );
}

#[test]
fn models_without_patterns_get_no_pattern_runtime() {
    let text = emit(&interoptopus_core::fixtures::kitchen_sink());
    for absent in [
        "_Service",
        "FfiError",
        "_check_fingerprint",
        "import weakref",
    ] {
        assert!(
            !text.contains(absent),
            "{absent} in a model without patterns"
        );
    }
}
