//! Misuse of the attributes is a compile error at the offending tokens; the expected messages
//! are locked in `tests/ui/*.stderr` (regenerate with `TRYBUILD=overwrite` after a deliberate
//! change). `tests/pass` holds uses that must compile.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
}
