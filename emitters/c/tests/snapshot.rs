//! The kitchen-sink header as a reviewable snapshot. Compilers check it elsewhere; this file
//! makes every change to the output visible in review.

mod common;

use interoptopus_c::{Config, DocStyle};

#[test]
fn kitchen_sink_header() {
    let (model, layouts) = common::kitchen();
    insta::assert_snapshot!(common::header_for(&model, &layouts, &Config::default()));
}

#[test]
fn kitchen_sink_header_block_docs_with_prefix() {
    let (model, layouts) = common::kitchen();
    let config = Config::default().prefix("ks_").doc_style(DocStyle::Block);
    insta::assert_snapshot!(common::header_for(&model, &layouts, &config));
}

/// C89 mode with deprecated items: the `bool` typedef, 64-bit constants from halves, the
/// deprecation macros and where they go.
#[test]
fn deprecations_header_c89() {
    let model = interoptopus_core::fixtures::deprecations();
    let layouts = common::layouts(&model, &interoptopus_core::TargetInfo::x86_64_linux());
    let config = Config::default().standard(interoptopus_c::CStandard::C89);
    insta::assert_snapshot!(common::header_for(&model, &layouts, &config));
}
