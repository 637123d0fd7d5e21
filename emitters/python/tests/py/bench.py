"""Per-call cost of the generated wrappers against raw cffi and hand-written ctypes.

Usage: python bench.py [N], in a directory laid out by `tests/runtime.rs` (run it with
`INTEROPTOPUS_PYTHON_TEST_DIR=<dir>` to keep one). Prints a Markdown table, ns per call.
`ks.noop`/`ks.add` need no conversion, so after loading they *are* cffi's function objects.
"""

from __future__ import annotations

import ctypes
import os
import sys
import timeit

import kitchen_sink as ks

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
lib = ks.load()
ffi = ks.ffi


class CVec3(ctypes.Structure):
    _fields_ = [("x", ctypes.c_float), ("y", ctypes.c_float), ("z", ctypes.c_float)]


class CPair(ctypes.Structure):
    _fields_ = [("a", ctypes.c_float), ("b", ctypes.c_float)]


CCallback = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_uint32, ctypes.POINTER(CVec3))
cdll = ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(ks.__file__)), ks._LIBRARY_FILE))
cdll.noop.restype = None
cdll.add.argtypes = [ctypes.c_int32, ctypes.c_int32]
cdll.add.restype = ctypes.c_int32
cdll.echo_pair.argtypes = [CPair]
cdll.echo_pair.restype = CPair
cdll.call_back.argtypes = [CCallback, ctypes.c_void_p]
cdll.call_back.restype = ctypes.c_uint32


def on_value(value: int, point: ks.Vec3 | None) -> bool:
    return True


def raw_on_value(value: int, point: object) -> bool:
    return True


def ct_on_value(value: int, point: object) -> bool:
    return True


pair = ks.PairF32(a=1.0, b=2.0)
raw_pair = ffi.new("Pair_f32 *", [1.0, 2.0])[0]
ct_pair = CPair(1.0, 2.0)
callback = ks.Callback(on_value)
raw_callback = ffi.callback("Callback", raw_on_value)
ct_callback = CCallback(ct_on_value)
NULL = ffi.NULL

cases = [
    ("empty call", "ks.noop()", "lib.noop()", "cdll.noop()"),
    ("primitives", "ks.add(1, 2)", "lib.add(1, 2)", "cdll.add(1, 2)"),
    ("struct by value", "ks.echo_pair(pair)", "lib.echo_pair(raw_pair)", "cdll.echo_pair(ct_pair)"),
    (
        "callback round trip",
        "ks.call_back(callback, None)",
        "lib.call_back(raw_callback, NULL)",
        "cdll.call_back(ct_callback, None)",
    ),
]


def ns(stmt: str) -> float:
    best = min(timeit.repeat(stmt, globals=globals(), number=N, repeat=5))
    return best / N * 1e9


print("| call | wrapper (ns) | raw cffi (ns) | ctypes (ns) | wrapper / raw |")
print("|---|---:|---:|---:|---:|")
for name, wrapped, raw, ct in cases:
    w, r, c = ns(wrapped), ns(raw), ns(ct)
    print(f"| {name} | {w:.0f} | {r:.0f} | {c:.0f} | {w / r:.2f}x |")
