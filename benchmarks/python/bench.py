"""Per-call cost of the generated Python wrappers against raw cffi and hand-written ctypes.

Usage: python bench.py BINDINGS_DIR LIBRARY [ROUNDS] [TARGET_MS]

BINDINGS_DIR holds the generated `reference.py`; LIBRARY is the reference cdylib (built in
release mode). Run by `cargo xtask bench python`, which turns the output into
`benchmarks/python.md`.

For each call, three ways of making it:
* wrapper: the generated function (`reference.bench_vec3(v)`), as a user calls it;
* raw cffi: `lib.bench_vec3(cdata)` on the library object `ffi.dlopen` returned, with
  arguments already in cffi's form (what the wrapper is built on);
* ctypes: hand-written `ctypes` declarations of the same symbols (the standard library's
  alternative to cffi).

Every round times each variant of each call once (`timeit`, ~TARGET_MS per sample), the three
variants of a call back to back, so that load from other processes hits them alike. Reported:
the median ns per call over the rounds (and the minimum), and the median of the per-round
ratios wrapper / raw and ctypes / raw with their interquartile range. Loop overhead is
included in every number (it is the `pass` fact). Prints `FACT` lines and one `RESULT` line per
call for the xtask to render:

    RESULT id  med_wrapper med_raw med_ctypes  min_wrapper min_raw min_ctypes
               wrapper/raw q1 q3  ctypes/raw q1 q3 | label | wrapper | raw | ctypes
"""

from __future__ import annotations

import ctypes
import platform
import statistics
import sys
import sysconfig
import timeit
from typing import Any, Callable

if len(sys.argv) < 3:
    sys.exit(__doc__)
sys.path.insert(0, sys.argv[1])
LIBRARY = sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 31
TARGET_MS = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0

import cffi  # noqa: E402

import reference  # noqa: E402

lib = reference.load(LIBRARY)
ffi = reference.ffi


# ---- hand-written ctypes bindings of the same four functions -----------------------------


class CVec3(ctypes.Structure):
    _fields_ = [("x", ctypes.c_float), ("y", ctypes.c_float), ("z", ctypes.c_float)]


CFnU32RetU32 = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_uint32)
cdll = ctypes.CDLL(LIBRARY)
cdll.bench_noop.argtypes = []
cdll.bench_noop.restype = None
cdll.bench_add.argtypes = [ctypes.c_int32, ctypes.c_int32]
cdll.bench_add.restype = ctypes.c_int32
cdll.bench_vec3.argtypes = [CVec3]
cdll.bench_vec3.restype = CVec3
cdll.bench_callback.argtypes = [CFnU32RetU32, ctypes.c_uint32]
cdll.bench_callback.restype = ctypes.c_uint32


# Issue 5's patterns (the reference crate built with `--features patterns`).
class CSliceF32(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class CResultF32(ctypes.Structure):
    _fields_ = [("value", ctypes.c_float), ("error", ctypes.c_int32)]


class CResultI32(ctypes.Structure):
    _fields_ = [("value", ctypes.c_int32), ("error", ctypes.c_int32)]


class CStrView(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_char_p), ("len", ctypes.c_size_t)]


class COwnedString(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t), ("capacity", ctypes.c_size_t)]


class PatternFailed(Exception):
    pass


cdll.pattern_sum_f32.argtypes = [CSliceF32]
cdll.pattern_sum_f32.restype = CResultF32
cdll.pattern_count_chars.argtypes = [CStrView]
cdll.pattern_count_chars.restype = CResultF32  # u32 + error: same layout as f32 + error
cdll.pattern_greet.argtypes = [CStrView]
cdll.pattern_greet.restype = COwnedString
cdll.reference_free_OwnedString.argtypes = [COwnedString]
cdll.reference_free_OwnedString.restype = None
cdll.engine_sum.argtypes = [ctypes.c_void_p]
cdll.engine_sum.restype = ctypes.c_float
cdll.pattern_divide.argtypes = [ctypes.c_int32, ctypes.c_int32]
cdll.pattern_divide.restype = CResultI32


def ct_sum(a: Any) -> float:
    res = cdll.pattern_sum_f32(CSliceF32(a.ctypes.data, a.size))
    return float(res.value)


def ct_count(s: str) -> int:
    b = s.encode()
    return int(cdll.pattern_count_chars(CStrView(b, len(b))).error == 0)


def ct_greet(s: str) -> str:
    b = s.encode()
    o = cdll.pattern_greet(CStrView(b, len(b)))
    try:
        return ctypes.string_at(o.ptr, o.len).decode()
    finally:
        cdll.reference_free_OwnedString(o)


def raw_greet(s: str) -> str:
    b = s.encode()
    o = lib.pattern_greet((ffi.from_buffer(b), len(b)))
    try:
        return bytes(ffi.buffer(o.ptr, o.len)).decode()
    finally:
        lib.reference_free_OwnedString(o)


def wrapper_error() -> int:
    try:
        return reference.pattern_divide(1, 0)
    except reference.PatternErrorException as e:
        return e.code


def raw_error() -> int:
    res = lib.pattern_divide(1, 0)
    if res.error:
        return int(res.error)
    return int(res.value)


def ct_error() -> int:
    res = cdll.pattern_divide(1, 0)
    if res.error:
        return int(res.error)
    return int(res.value)


# ---- arguments, each in the form its binding wants ---------------------------------------


def plus_one(x: int) -> int:
    return x + 1


vec = reference.Vec3(x=1.0, y=2.0, z=3.0)
raw_vec = ffi.new("Vec3 *", [1.0, 2.0, 3.0])[0]
ct_vec = CVec3(1.0, 2.0, 3.0)
import numpy as np  # noqa: E402

arrays = {n: np.ones(n, dtype=np.float32) for n in (1, 1000, 1_000_000)}
engine = reference.Engine("bench", 16)
engine.push_all([1.0, 2.0])
engine_ptr = int(ffi.cast("uintptr_t", engine._ptr))
callback_object = reference.FnU32RetU32(plus_one)
raw_callback = ffi.callback("fn_u32_ret_u32", plus_one)
ct_callback = CFnU32RetU32(plus_one)

NAMESPACE: dict[str, Any] = {
    "r": reference,
    "lib": lib,
    "cdll": cdll,
    "vec": vec,
    "raw_vec": raw_vec,
    "ct_vec": ct_vec,
    "plus_one": plus_one,
    "callback_object": callback_object,
    "raw_callback": raw_callback,
    "ct_callback": ct_callback,
    "ffi": ffi,
    "arrays": arrays,
    "a1": arrays[1],
    "a1k": arrays[1000],
    "a1m": arrays[1_000_000],
    "engine": engine,
    "engine_ptr": engine_ptr,
    "ct_sum": ct_sum,
    "ct_count": ct_count,
    "ct_greet": ct_greet,
    "raw_greet": raw_greet,
    "wrapper_error": wrapper_error,
    "raw_error": raw_error,
    "ct_error": ct_error,
}

# (id, label, wrapper, raw cffi, ctypes)
CASES: list[tuple[str, str, str, str, str]] = [
    ("noop", "empty call `bench_noop()`", "r.bench_noop()", "lib.bench_noop()", "cdll.bench_noop()"),
    ("add", "primitives `bench_add(1, 2)`", "r.bench_add(1, 2)", "lib.bench_add(1, 2)", "cdll.bench_add(1, 2)"),
    ("vec3", "struct by value `bench_vec3(v)`", "r.bench_vec3(vec)", "lib.bench_vec3(raw_vec)", "cdll.bench_vec3(ct_vec)"),
    (
        "callback",
        "callback round trip `bench_callback(f, 7)`, f a plain function",
        "r.bench_callback(plus_one, 7)",
        "lib.bench_callback(raw_callback, 7)",
        "cdll.bench_callback(ct_callback, 7)",
    ),
    (
        "callback_object",
        "callback round trip, f a callback object",
        "r.bench_callback(callback_object, 7)",
        "lib.bench_callback(raw_callback, 7)",
        "cdll.bench_callback(ct_callback, 7)",
    ),
    # Issue 5: patterns. Slices pass a float32 numpy array (zero-copy in all three).
    ("slice1", "slice of 1 `f32` (numpy), `pattern_sum_f32`", "r.pattern_sum_f32(a1)", 'lib.pattern_sum_f32((ffi.from_buffer("float[]", a1), 1))', "ct_sum(a1)"),
    ("slice1k", "slice of 1 000 `f32` (numpy)", "r.pattern_sum_f32(a1k)", 'lib.pattern_sum_f32((ffi.from_buffer("float[]", a1k), 1000))', "ct_sum(a1k)"),
    ("slice1m", "slice of 1 000 000 `f32` (numpy)", "r.pattern_sum_f32(a1m)", 'lib.pattern_sum_f32((ffi.from_buffer("float[]", a1m), 1000000))', "ct_sum(a1m)"),
    ("str_in", "string in `pattern_count_chars(\"héllo wörld\")`", 'r.pattern_count_chars("héllo wörld")', 'lib.pattern_count_chars((ffi.from_buffer("héllo wörld".encode()), 13))', 'ct_count("héllo wörld")'),
    ("str_out", "string out `pattern_greet(\"Bob\")` (decoded, freed)", 'r.pattern_greet("Bob")', 'raw_greet("Bob")', 'ct_greet("Bob")'),
    ("service", "service method `engine.sum()`", "engine.sum()", "lib.engine_sum(engine._ptr)", "cdll.engine_sum(engine_ptr)"),
    ("error", "error path `pattern_divide(1, 0)` (exception vs code)", "wrapper_error()", "raw_error()", "ct_error()"),
]


def check() -> None:
    """Every variant computes the same thing (a benchmark of wrong calls proves nothing)."""
    for stmt_w, stmt_r, stmt_c, expect in [
        ("r.bench_add(1, 2)", "lib.bench_add(1, 2)", "cdll.bench_add(1, 2)", lambda v: v == 3),
        ("r.bench_vec3(vec).x", "lib.bench_vec3(raw_vec).x", "cdll.bench_vec3(ct_vec).x", lambda v: v == 2.0),
        ("r.bench_callback(plus_one, 7)", "lib.bench_callback(raw_callback, 7)", "cdll.bench_callback(ct_callback, 7)", lambda v: v == 8),
        ("r.bench_callback(callback_object, 7)", "8", "8", lambda v: v == 8),
        ("r.pattern_sum_f32(a1k)", 'lib.pattern_sum_f32((ffi.from_buffer("float[]", a1k), 1000)).value', "ct_sum(a1k)", lambda v: v == 1000.0),
        ('r.pattern_greet("Bob")', 'raw_greet("Bob")', 'ct_greet("Bob")', lambda v: v == "Hello, Bob!"),
        ("engine.sum()", "lib.engine_sum(engine._ptr)", "cdll.engine_sum(engine_ptr)", lambda v: v == 3.0),
        ("wrapper_error()", "raw_error()", "ct_error()", lambda v: v == 3),
    ]:
        for stmt in (stmt_w, stmt_r, stmt_c):
            value = eval(stmt, NAMESPACE)
            if not expect(value):
                sys.exit(f"benchmark self-check failed: {stmt} gave {value!r}")
    if reference.bench_noop is not lib.bench_noop or reference.bench_add is not lib.bench_add:
        sys.exit("expected bench_noop/bench_add to be rebound to cffi's functions by load()")


def calibrate(stmt: str) -> int:
    """Iterations per sample so that one sample takes about TARGET_MS."""
    timer = timeit.Timer(stmt, globals=NAMESPACE)
    number = 1000
    while True:
        t = timer.timeit(number)
        if t >= TARGET_MS / 1000 / 4 or number >= 10_000_000:
            return max(1000, int(number * (TARGET_MS / 1000) / t))
        number *= 4


def main() -> None:
    check()
    variants = ("wrapper", "raw", "ctypes")
    stmts = {"pass": "pass"}
    for case_id, _, *code in CASES:
        for variant, stmt in zip(variants, code):
            stmts[f"{case_id}.{variant}"] = stmt
    timers: dict[str, tuple[Callable[[int], float], int]] = {}
    for key, stmt in stmts.items():
        timers[key] = (timeit.Timer(stmt, globals=NAMESPACE).timeit, calibrate(stmt))
    samples: dict[str, list[float]] = {key: [] for key in stmts}
    ratios: dict[str, list[float]] = {}

    def sample(key: str) -> float:
        timer, number = timers[key]
        ns = timer(number) / number * 1e9
        samples[key].append(ns)
        return ns

    for round_ in range(ROUNDS):
        sample("pass")
        for case_id, *_ in CASES:
            # The three variants of a call run back to back (in a rotating order), so each
            # round gives a ratio measured under the same load.
            order = variants[round_ % 3 :] + variants[: round_ % 3]
            ns = {v: sample(f"{case_id}.{v}") for v in order}
            for v in ("wrapper", "ctypes"):
                ratios.setdefault(f"{case_id}.{v}", []).append(ns[v] / ns["raw"])

    def med(key: str) -> float:
        return statistics.median(samples[key])

    print(f"FACT python {platform.python_implementation()} {platform.python_version()}")
    config = sysconfig.get_config_var("CONFIG_ARGS") or ""
    flags = [f for f in ("--enable-optimizations", "--with-lto") if f in config]
    build = "PGO/LTO (" + ", ".join(flags) + ")" if flags else "without --enable-optimizations/--with-lto"
    if "--enable-shared" in config:
        build += ", --enable-shared"
    print(f"FACT python_build {build}")
    print(f"FACT cffi {cffi.__version__}")
    print(f"FACT rounds {ROUNDS}")
    print(f"FACT target_ms {TARGET_MS:g}")
    print(f"FACT loop_ns {med('pass'):.1f}")
    for case_id, label, *code in CASES:
        numbers = [med(f"{case_id}.{v}") for v in variants]
        numbers += [min(samples[f"{case_id}.{v}"]) for v in variants]
        for v in ("wrapper", "ctypes"):
            r = sorted(ratios[f"{case_id}.{v}"])
            quartile = len(r) // 4
            numbers += [statistics.median(r), r[quartile], r[-1 - quartile]]
        fields = " ".join(f"{x:.3f}" for x in numbers)
        print(f"RESULT {case_id} {fields} | {label} | " + " | ".join(code))


if __name__ == "__main__":
    main()
