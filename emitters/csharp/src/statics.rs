//! `#[no_mangle]` statics → properties on the static class that read (and, for `static mut`,
//! write) the library's memory on every access.
//!
//! `DllImport` can only bind functions, and .NET's `NativeLibrary` does not exist on Mono or
//! Unity, so the address comes from the platform loader: `dlopen`/`dlsym` (Linux `libdl.so.2`,
//! macOS `libSystem`) or `LoadLibrary`/`GetProcAddress` (Windows). The library is located as
//! the runtime locates it for `DllImport` — next to the assembly, then by the system search
//! path — and loaders hand back the already-loaded instance, so the property sees the same
//! memory the functions use. `LibraryPath` overrides the search when the runtime was pointed
//! elsewhere (a `dllmap`, a custom resolver).

use interoptopus_core::model::{Static, TypeKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs;
use crate::functions::string_literal;
use crate::names::Scope;
use crate::types::mapping::{self, FieldTy};

pub(crate) const LOADER: &str = "StaticSymbols";

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, scope: &mut Scope) {
    if ctx.model.statics.is_empty() {
        return;
    }
    for s in &ctx.model.statics {
        emit_one(ctx, w, scope, s);
    }
    w.blank();
    docs::summary_text(
        w,
        "Full path of the native library, used only to find statics (DllImport cannot bind data). \
         Leave null to look next to this assembly, then on the system search path.",
    );
    scope.declare(ctx, "LibraryPath", "the `LibraryPath` property");
    w.line("public static string LibraryPath { get; set; }");
    scope.declare(ctx, LOADER, "the static-symbol loader");
    w.blank();
    write_loader(ctx, w);
}

/// How a static's value is read from and written to `address`.
fn accessors(ctx: &Ctx<'_>, s: &Static) -> Option<(String, String, String)> {
    let ty = mapping::field(ctx, &s.ty, &s.rust_path)?;
    let a = "address";
    let public = ty.public().to_string();
    let (get, set) = match (&ty, ctx.resolve(&s.ty)) {
        (FieldTy::Bool, _) => (
            format!("Marshal.ReadByte({a}) != 0"),
            format!("Marshal.WriteByte({a}, value ? (byte)1 : (byte)0)"),
        ),
        (_, Some(TypeRef::Pointer { pointee, .. })) if ctx.is_opaque(pointee) => (
            format!("new {public}(Marshal.ReadIntPtr({a}))"),
            format!("Marshal.WriteIntPtr({a}, value.Pointer)"),
        ),
        (_, Some(TypeRef::Named { id, .. })) => match ctx.def(*id).map(|d| &d.kind) {
            Some(TypeKind::FnPtr { .. }) => (
                format!("new {public}(Marshal.ReadIntPtr({a}))"),
                format!("Marshal.WriteIntPtr({a}, value.Pointer)"),
            ),
            Some(TypeKind::Enum { int, .. }) => {
                let under = mapping::int_kind(ctx, *int);
                (
                    format!("({public})Marshal.PtrToStructure<{under}>({a})"),
                    format!("Marshal.StructureToPtr(({under})value, {a}, false)"),
                )
            }
            _ => structure(&public, a),
        },
        _ => structure(&public, a),
    };
    Some((public, get, set))
}

/// Blittable values (primitives, generated structs, array helpers) copy with `PtrToStructure`.
fn structure(public: &str, a: &str) -> (String, String) {
    (
        format!("Marshal.PtrToStructure<{public}>({a})"),
        format!("Marshal.StructureToPtr(value, {a}, false)"),
    )
}

fn emit_one(ctx: &Ctx<'_>, w: &mut CodeWriter, scope: &mut Scope, s: &Static) {
    let name = ctx.naming.pascal(&s.name);
    scope.declare_at(ctx, &name, format!("static `{}`", s.name), &s.rust_path);
    let Some((public, get, set)) = accessors(ctx, s) else {
        return;
    };
    let symbol = string_literal(&s.name);
    w.blank();
    let m = if s.mutable { "mut " } else { "" };
    docs::summary(
        w,
        &s.docs,
        format_args!(
            "Rust `static {m}{}: {}`.",
            s.name,
            docs::rust_type(ctx, &s.ty)
        ),
    );
    docs::remarks(
        w,
        "Reads the library's memory on every access; no copy is cached.",
    );
    docs::obsolete(w, s.deprecated.as_ref());
    w.line(format!("public static {public} {name}"));
    w.block("{", "}", |w| {
        w.line(format!(
            "get {{ IntPtr address = {LOADER}.Address(\"{symbol}\"); return {get}; }}"
        ));
        if s.mutable {
            w.line(format!(
                "set {{ IntPtr address = {LOADER}.Address(\"{symbol}\"); {set}; }}"
            ));
        }
    });
}

fn write_loader(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let dll = &ctx.dll_literal;
    let class = &ctx.class;
    let lines = [
        format!("private static class {LOADER}"),
        "{".into(),
        "    private static IntPtr _library;".into(),
        "".into(),
        "    internal static IntPtr Address(string symbol)".into(),
        "    {".into(),
        "        if (_library == IntPtr.Zero) _library = Open();".into(),
        "        IntPtr address = IsWindows ? GetProcAddress(_library, symbol) : DlSym(_library, symbol);".into(),
        format!("        if (address == IntPtr.Zero) throw new EntryPointNotFoundException(\"static `\" + symbol + \"` not found in {dll}\");"),
        "        return address;".into(),
        "    }".into(),
        "".into(),
        "    private static bool IsWindows => Environment.OSVersion.Platform == PlatformID.Win32NT;".into(),
        "".into(),
        "    private static IntPtr Open()".into(),
        "    {".into(),
        format!("        string name = \"{dll}\";"),
        format!("        string dir = global::System.IO.Path.GetDirectoryName(typeof({class}).Assembly.Location);"),
        "        var candidates = new global::System.Collections.Generic.List<string>();".into(),
        format!("        if ({class}.LibraryPath != null) candidates.Add({class}.LibraryPath);"),
        "        string[] files = IsWindows".into(),
        "            ? new[] { name + \".dll\", name }".into(),
        "            : new[] { \"lib\" + name + \".so\", \"lib\" + name + \".dylib\", name + \".so\", name + \".dylib\", name };".into(),
        "        if (!string.IsNullOrEmpty(dir)) foreach (string f in files) candidates.Add(global::System.IO.Path.Combine(dir, f));".into(),
        "        candidates.AddRange(files);".into(),
        "        foreach (string path in candidates)".into(),
        "        {".into(),
        "            IntPtr handle = IsWindows ? LoadLibrary(path) : DlOpen(path);".into(),
        "            if (handle != IntPtr.Zero) return handle;".into(),
        "        }".into(),
        format!("        throw new DllNotFoundException(\"{dll}: not found next to the assembly or on the search path; set {class}.LibraryPath\");"),
        "    }".into(),
        "".into(),
        "    private static IntPtr DlOpen(string path)".into(),
        "    {".into(),
        "        try { return LinuxDlOpen(path, 2); } // RTLD_NOW".into(),
        "        catch (DllNotFoundException) { return MacDlOpen(path, 2); }".into(),
        "    }".into(),
        "".into(),
        "    private static IntPtr DlSym(IntPtr library, string symbol)".into(),
        "    {".into(),
        "        try { return LinuxDlSym(library, symbol); }".into(),
        "        catch (DllNotFoundException) { return MacDlSym(library, symbol); }".into(),
        "    }".into(),
        "".into(),
        "    [DllImport(\"libdl.so.2\", EntryPoint = \"dlopen\")]".into(),
        "    private static extern IntPtr LinuxDlOpen(string path, int flags);".into(),
        "".into(),
        "    [DllImport(\"libdl.so.2\", EntryPoint = \"dlsym\")]".into(),
        "    private static extern IntPtr LinuxDlSym(IntPtr handle, string symbol);".into(),
        "".into(),
        "    [DllImport(\"/usr/lib/libSystem.B.dylib\", EntryPoint = \"dlopen\")]".into(),
        "    private static extern IntPtr MacDlOpen(string path, int flags);".into(),
        "".into(),
        "    [DllImport(\"/usr/lib/libSystem.B.dylib\", EntryPoint = \"dlsym\")]".into(),
        "    private static extern IntPtr MacDlSym(IntPtr handle, string symbol);".into(),
        "".into(),
        "    [DllImport(\"kernel32\", EntryPoint = \"LoadLibraryW\", CharSet = CharSet.Unicode)]".into(),
        "    private static extern IntPtr LoadLibrary(string path);".into(),
        "".into(),
        "    [DllImport(\"kernel32\", CharSet = CharSet.Ansi, ExactSpelling = true)]".into(),
        "    private static extern IntPtr GetProcAddress(IntPtr module, string symbol);".into(),
        "}".into(),
    ];
    for l in lines {
        w.line(l);
    }
}
