//! `CfgContext`: reading cargo's environment and evaluating predicates.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::diagnostic::Diagnostic;
use crate::scan::CfgContext;

fn eval(ctx: &CfgContext, predicate: &str) -> Result<bool, Diagnostic> {
    let tokens: TokenStream = predicate.parse().expect("tokens");
    ctx.eval(Path::new("src/lib.rs"), &tokens)
}

fn truth(ctx: &CfgContext, predicate: &str) -> bool {
    eval(ctx, predicate).unwrap_or_else(|d| panic!("{predicate}: {d}"))
}

fn vars(pairs: &[(&str, &str)]) -> CfgContext {
    CfgContext::from_vars(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    )
}

#[test]
fn target_flags_and_values() {
    let x64 = CfgContext::x86_64_linux(&[]);
    let x86 = CfgContext::i686_linux(&[]);
    for p in [
        "unix",
        "debug_assertions",
        "target_os = \"linux\"",
        "target_family = \"unix\"",
        "target_env = \"gnu\"",
        "target_feature = \"sse2\"",
        "target_has_atomic = \"ptr\"",
        "target_endian = \"little\"",
        "target_abi = \"\"",
    ] {
        assert!(truth(&x64, p), "{p}");
        assert!(truth(&x86, p), "{p}");
    }
    for p in [
        "windows",
        "target_os = \"windows\"",
        "target_os",
        "target_feature = \"avx512f\"",
    ] {
        assert!(!truth(&x64, p), "{p}");
    }
    assert!(truth(&x64, "target_pointer_width = \"64\""));
    assert!(!truth(&x64, "target_pointer_width = \"32\""));
    assert!(truth(&x86, "target_pointer_width = \"32\""));
    assert!(truth(&x64, "target_arch = \"x86_64\""));
    assert!(truth(&x86, "target_arch = \"x86\""));
}

#[test]
fn any_all_not_and_literals() {
    let ctx = CfgContext::x86_64_linux(&[]);
    let cases = [
        ("any()", false),
        ("all()", true),
        ("any(windows, unix)", true),
        ("any(windows, unix,)", true),
        ("all(unix, windows)", false),
        ("all(unix, target_os = \"linux\")", true),
        ("not(windows)", true),
        ("not(any(all(), windows))", false),
        (
            "all(not(windows), any(target_pointer_width = \"64\", target_pointer_width = \"32\"))",
            true,
        ),
        ("true", true),
        ("false", false),
        ("not(false)", true),
    ];
    for (p, want) in cases {
        assert_eq!(truth(&ctx, p), want, "{p}");
    }
}

#[test]
fn features_match_the_way_cargo_normalises_them() {
    let ctx = CfgContext::x86_64_linux(&["my-feat", "plain"]);
    assert!(truth(&ctx, "feature = \"my-feat\""));
    assert!(truth(&ctx, "feature = \"my_feat\""));
    assert!(truth(&ctx, "feature = \"plain\""));
    assert!(!truth(&ctx, "feature = \"other\""));
    assert!(!truth(&ctx, "feature"));
    assert!(ctx.is_enabled("my-feat"));
    assert!(!ctx.is_enabled("my-feat-2"));

    // As cargo sets them: CARGO_FEATURE_* upper-cased, CARGO_CFG_FEATURE in the original spelling.
    let ctx = vars(&[
        ("CARGO_FEATURE_SERDE_JSON", "1"),
        ("CARGO_CFG_FEATURE", "alpha-beta,serde-json"),
    ]);
    assert!(truth(&ctx, "feature = \"serde-json\""));
    assert!(truth(&ctx, "feature = \"alpha-beta\""));
    assert!(!truth(&ctx, "alpha_beta"));
}

#[test]
fn test_doc_miri_and_unknown_names_are_false() {
    let ctx = vars(&[
        ("CARGO_CFG_TEST", ""),
        ("CARGO_CFG_DOC", ""),
        ("CARGO_CFG_MIRI", ""),
        ("CARGO_CFG_UNIX", ""),
    ]);
    for p in [
        "test",
        "doc",
        "miri",
        "doctest",
        "made_up",
        "made_up = \"x\"",
        "any(test, doc, miri)",
    ] {
        assert!(!truth(&ctx, p), "{p}");
    }
    assert!(truth(&ctx, "unix"));
}

#[test]
fn from_vars_reads_cargo_build_script_variables() {
    let ctx = vars(&[
        ("CARGO_CFG_TARGET_ARCH", "aarch64"),
        ("CARGO_CFG_TARGET_OS", "macos"),
        ("CARGO_CFG_TARGET_ENV", ""),
        ("CARGO_CFG_TARGET_POINTER_WIDTH", "64"),
        ("CARGO_CFG_TARGET_ENDIAN", "little"),
        ("CARGO_CFG_TARGET_FEATURE", "fxsr,sse"),
        ("CARGO_CFG_UNIX", ""),
        ("CARGO_CFG_MY_CUSTOM", ""),
        ("CARGO_FEATURE_MY_FEAT", "1"),
        ("PATH", "/usr/bin"),
    ]);
    assert!(truth(
        &ctx,
        "all(unix, my_custom, target_os = \"macos\", target_env = \"\")"
    ));
    assert!(
        !truth(&ctx, "target_env"),
        "an empty target_* value is a value, not a flag"
    );
    assert!(truth(
        &ctx,
        "all(target_feature = \"fxsr\", target_feature = \"sse\")"
    ));
    assert!(!truth(&ctx, "target_feature = \"fxsr,sse\""));
    assert!(truth(&ctx, "feature = \"my-feat\""));
    let info = ctx.target_info();
    assert_eq!(
        (
            info.arch.as_str(),
            info.os.as_str(),
            info.pointer_width,
            info.little_endian
        ),
        ("aarch64", "macos", 64, true)
    );

    let big = vars(&[
        ("CARGO_CFG_TARGET_ENDIAN", "big"),
        ("CARGO_CFG_TARGET_POINTER_WIDTH", "32"),
    ]);
    assert!(!big.target_info().little_endian);
    assert_eq!(big.target_info().pointer_width, 32);
}

#[test]
fn preset_target_info() {
    assert_eq!(
        CfgContext::x86_64_linux(&[]).target_info(),
        interoptopus_core::TargetInfo::x86_64_linux()
    );
    assert_eq!(
        CfgContext::i686_linux(&[]).target_info(),
        interoptopus_core::TargetInfo::i686_linux()
    );
}

#[test]
fn empty_context_falls_back_to_the_host_for_target_info() {
    let ctx = CfgContext::default();
    assert!(!truth(&ctx, "unix"));
    assert_eq!(ctx.target_info().os, std::env::consts::OS);
    // Outside a build script there are no CARGO_CFG_* variables; from_env must still work.
    let _ = CfgContext::from_env();
}

#[test]
fn malformed_predicates_are_errors() {
    let ctx = CfgContext::x86_64_linux(&[]);
    for p in [
        "not(unix, windows)",
        "not()",
        "frob(unix)",
        "unix = 1",
        "a::b",
        "",
        "unix, windows",
        "\"unix\"",
        "unix = ",
    ] {
        let d = eval(&ctx, p).expect_err(p);
        assert!(d.is_error());
        assert!(d.hint.is_some() || p.is_empty(), "{p}: {d}");
    }
}

#[test]
fn errors_point_at_the_offending_token() {
    let ctx = CfgContext::x86_64_linux(&[]);
    let d = eval(&ctx, "all(unix, frob(x))").expect_err("unknown operator");
    let at = d.location.expect("located");
    assert_eq!((at.line, at.column, at.len), (1, 11, 4));
    assert_eq!(at.file, Path::new("src/lib.rs"));
    assert!(d.message.contains("frob"));
}

#[test]
fn cfgs_from_the_crates_own_build_script_can_be_added() {
    let ctx = CfgContext::x86_64_linux(&[])
        .with_cfg("linux_raw", None)
        .with_cfg("backend", Some("raw"));
    assert!(truth(&ctx, "all(linux_raw, backend = \"raw\", unix)"));
    assert!(!truth(&ctx, "backend"));
}

#[test]
fn rustc_print_cfg_output_equals_the_build_script_environment() {
    // What `rustc --print cfg --target x86_64-unknown-linux-gnu` prints (rustc 1.8x).
    let printed = r#"debug_assertions
panic="unwind"
target_abi=""
target_arch="x86_64"
target_endian="little"
target_env="gnu"
target_family="unix"
target_feature="fxsr"
target_feature="sse"
target_feature="sse2"
target_has_atomic="16"
target_has_atomic="32"
target_has_atomic="64"
target_has_atomic="8"
target_has_atomic="ptr"
target_os="linux"
target_pointer_width="64"
target_vendor="unknown"
unix
"#;
    let from_rustc = CfgContext::from_rustc_print_cfg(printed, ["my-feat", "plain"]);
    assert_eq!(from_rustc, CfgContext::x86_64_linux(&["my-feat", "plain"]));
}
