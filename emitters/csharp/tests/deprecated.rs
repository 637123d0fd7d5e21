//! `#[deprecated]` → `[Obsolete]`: the bindings of a model with deprecated functions, types,
//! enum members, constants and statics compile under `-warnaserror` (they use what they mark,
//! with the warnings off inside the file), and a program that uses those items is warned
//! CS0618 with the note, while one that does not compiles under `-warnaserror`.

mod common;

use std::process::Command;

use interoptopus_core::fixtures::deprecations;
use interoptopus_core::TargetInfo;
use interoptopus_csharp::Config;

const USES_DEPRECATED: &str = r#"using KitchenSink;
public static class Program
{
    public static int Main()
    {
        Interop.Noop();
        uint n = Interop.Counter;
        Engine e = Engine.Null;
        Color c = Color.Blue;
        return (int)n + (e.IsNull ? 0 : 1) + (int)c + Interop.Neg;
    }
}
"#;

const USES_CURRENT: &str = r#"using KitchenSink;
public static class Program
{
    public static int Main()
    {
        Everything e = new Everything();
        return Interop.Add(1, 2) + (int)Flags.All + (int)e.PU8;
    }
}
"#;

fn bindings() -> String {
    common::emit(
        &deprecations(),
        TargetInfo::x86_64_linux(),
        Config::default(),
    )
}

/// `mcs` on the bindings and `program`; returns success and the compiler's output.
fn compile_with(program: &str, warn_as_error: bool) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in [
        ("Bindings.cs", bindings()),
        ("Program.cs", program.to_string()),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("write: {e}"));
    }
    common::require_tool("mcs");
    let mut cmd = Command::new("mcs");
    cmd.current_dir(dir.path())
        .args(["-langversion:7.2", "-unsafe", "-nologo", "-out:p.exe"]);
    if warn_as_error {
        cmd.arg("-warnaserror");
    }
    let out = cmd
        .args(["Bindings.cs", "Program.cs"])
        .output()
        .unwrap_or_else(|e| panic!("running mcs: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn bindings_mark_deprecated_items_obsolete() {
    let cs = bindings();
    for expected in [
        "#pragma warning disable 612, 618",
        "[Obsolete(\"call `add` with zeros \\\"instead\\\" (deprecated since 0.2)\")]",
        "[Obsolete(\"engines are going away\")]",
        "[Obsolete(\"deprecated since 0.3\")]",
        "[Obsolete(\"blue is gone\")]",
        "[Obsolete(\"use All\")]",
        "[Obsolete(\"use Vec3\")]",
        "[Obsolete(\"negative numbers are deprecated\")]",
        "[Obsolete(\"count yourself (deprecated since 1.0)\")]",
    ] {
        assert!(cs.contains(expected), "missing `{expected}`:\n{cs}");
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::write(dir.path().join("Bindings.cs"), &cs).unwrap_or_else(|e| panic!("write: {e}"));
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
fn using_deprecated_items_warns_cs0618_with_the_note() {
    let (ok, output) = compile_with(USES_DEPRECATED, false);
    assert!(ok, "warnings only:\n{output}");
    for expected in [
        "call `add` with zeros \"instead\" (deprecated since 0.2)",
        "count yourself (deprecated since 1.0)",
        "engines are going away",
        "blue is gone",
        "negative numbers are deprecated",
    ] {
        assert!(
            output
                .lines()
                .any(|l| l.contains("CS0618") && l.contains(expected)),
            "no CS0618 with `{expected}`:\n{output}"
        );
    }
    let (ok, output) = compile_with(USES_DEPRECATED, true);
    assert!(!ok, "-warnaserror must reject it:\n{output}");
}

#[test]
fn current_api_compiles_under_warnaserror() {
    let (ok, output) = compile_with(USES_CURRENT, true);
    assert!(ok, "{output}");
}
