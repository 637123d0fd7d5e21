//! Zero rebuild churn: a no-op build does not rerun the build script, and a comment-only edit
//! reruns it without touching any output's mtime.

use std::time::SystemTime;

use integration_tests::{cargo_build_in, hello_world_lib, scratch_crate};

fn mtime(path: &std::path::Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn comment_edits_do_not_touch_outputs() {
    let dir = scratch_crate(
        "churn",
        &hello_world_lib(),
        "fn main() { interoptopus_build::Builder::new().c(interoptopus_build::c::Config::default()).out_dir(\"bindings\").run(); }\n",
    );
    let first = cargo_build_in(&dir, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let header = dir.join("bindings/churn.h");
    let header_time = mtime(&header);
    let text = std::fs::read_to_string(&header).unwrap_or_default();
    assert!(
        text.contains("Vec3 my_game_function(const Vec3 *input);"),
        "{text}"
    );

    // A no-op build: the build script must not run (cargo says nothing is dirty).
    let noop = cargo_build_in(&dir, &["-v"]);
    let log = String::from_utf8_lossy(&noop.stderr);
    assert!(log.contains("Fresh churn"), "{log}");
    assert!(
        !log.contains("Running") || !log.contains("build-script-build"),
        "build script reran:\n{log}"
    );

    // A comment-only edit reruns the script but leaves the header alone.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let lib = dir.join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).unwrap_or_default();
    std::fs::write(&lib, format!("// an edit that changes nothing\n{source}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let second = cargo_build_in(&dir, &["-v"]);
    let log = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{log}");
    assert!(
        log.contains("build-script-build"),
        "the edit should rerun the build script:\n{log}"
    );
    assert_eq!(
        mtime(&header),
        header_time,
        "header rewritten after a comment-only edit"
    );
}
