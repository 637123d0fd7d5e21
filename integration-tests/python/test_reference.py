"""Runtime tests of the generated `reference` module against the real reference cdylib.

Run by `integration-tests/tests/python_runtime.rs` with `PYTHONPATH=<bindings dir>` (where the
build script wrote `reference.py` and `reference.json`) and `REFERENCE_LIBRARY=<cdylib>`.
Every exported function is called and every value checked, like `c/reference_test.c`.
"""

from __future__ import annotations

import enum
import gc
import json
import math
import os
import struct
import sys
from typing import Any

import pytest

import reference as r
from reference import ffi

BINDINGS = os.path.dirname(os.path.abspath(r.__file__))
U64_MAX = 2**64 - 1


def addr(p: Any) -> int:
    return int(ffi.cast("uintptr_t", p))


# ---- the module as a whole ---------------------------------------------------------------


def test_library_comes_from_the_environment_variable() -> None:
    assert r._LIBRARY_ENV == "REFERENCE_LIBRARY"
    assert os.environ["REFERENCE_LIBRARY"]
    assert r._LOADED, "the module did not load the library at import"


def test_every_exported_name_exists() -> None:
    missing = [name for name in r.__all__ if not hasattr(r, name)]
    assert missing == []


def test_excluded_and_cfg_gated_items_are_absent() -> None:
    # Excluded from Python explicitly by the build script (packed struct by value).
    assert not hasattr(r, "packed_make") and not hasattr(r, "packed_sum")
    # The feature is never on; `#[cfg(test)]` is not part of a library build.
    assert not hasattr(r, "never_exported") and not hasattr(r, "test_only")
    # Not public, so not exported.
    assert not hasattr(r, "PRIVATE")


def test_conversion_free_functions_are_cffi_functions() -> None:
    for name, symbol in r._DIRECT:
        assert getattr(r, name) is getattr(r._lib, symbol), name
    assert "bench_add" in dict(r._DIRECT) and "bench_noop" in dict(r._DIRECT)


def test_missing_library_is_reported_with_the_place_looked_at(tmp_path: Any) -> None:
    wrong = tmp_path / "libnothing.so"
    with pytest.raises(r.LibraryNotFoundError) as e:
        r.load(wrong)
    assert str(wrong) in str(e.value) and "no such file" in str(e.value)
    # The library loaded before is still in use.
    assert r.add_u8(1, 2) == 3


def test_load_again_from_the_explicit_path() -> None:
    lib = r.load(os.environ["REFERENCE_LIBRARY"])
    assert r._lib is lib
    assert r.bench_add is lib.bench_add
    assert r.bench_add(2, 3) == 5


def test_docs_are_docstrings() -> None:
    assert r.Vec3.__doc__ == "A point or direction."
    assert r.Vec3.x.__doc__ == "Left to right."
    assert r.Color.__doc__ == "Colours, with explicit and negative discriminants."
    assert r.vec3_scale.__doc__ == "Scales the vector in place."
    assert r.GridVec3.__doc__ == "Integer grid coordinates (not `geometry::Vec3`)."
    assert "null reads as 0" in (r.counter_get.__doc__ or "")


# ---- layout: cffi's numbers against the layout model's ----------------------------------


@pytest.mark.parametrize("name", sorted(r._LAYOUT))
def test_cffi_layout_matches_the_model(name: str) -> None:
    size, align, fields = r._LAYOUT[name]
    assert ffi.sizeof(name) == size
    assert ffi.alignof(name) == r._CFFI_ALIGN.get(name, align)
    for path, offset in fields.items():
        assert ffi.offsetof(name, *path.split(".")) == offset, path


def _json_layouts() -> dict[str, tuple[int, int, list[tuple[str, int]]]]:
    """`reference.json` (the model as the build wrote it): C type name → size, align, and the
    fields' Rust names and offsets in declaration order (tag first, then each variant's)."""
    with open(os.path.join(BINDINGS, "reference.json"), encoding="utf-8") as f:
        doc = json.load(f)
    out: dict[str, tuple[int, int, list[tuple[str, int]]]] = {}
    for ty, layout in zip(doc["model"]["types"], doc["layouts"]["types"]):
        if layout is None:
            continue  # opaque
        fields = [(fl["name"], fl["offset"]) for fl in layout["fields"]]
        for variant in layout.get("variants", []):
            fields += [(fl["name"], fl["offset"]) for fl in variant["fields"]]
        if ty["kind"]["kind"] == "transparent":
            fields = []  # an alias in C: no members of its own
        out[ty["name"]] = (layout["size"], layout["align"], fields)
    return out


def test_layout_table_agrees_with_reference_json() -> None:
    from_json = _json_layouts()
    assert sorted(from_json) == sorted(r._LAYOUT)
    for name, (size, align, fields) in r._LAYOUT.items():
        j_size, j_align, j_fields = from_json[name]
        assert (size, align) == (j_size, j_align), name
        assert [o for o in fields.values()] == [o for _, o in j_fields], name
        # cdef members are the Rust names, escaped with `_` when C or Python reserve them.
        for path, (rust_name, _) in zip(fields, j_fields):
            assert path.split(".")[-1].rstrip("_") == rust_name.rstrip("_"), (name, path)


def test_layout_numbers_known_from_rust() -> None:
    # The same numbers `reference_test.c` and rustc's own asserts check.
    assert r._LAYOUT["Wide"][:2] == (32, 8) and r._LAYOUT["Wide"][2]["big"] == 8
    assert r._LAYOUT["Packed"] == (7, 1, {"a": 0, "b": 1, "c": 5})
    assert r._LAYOUT["Aligned"][:2] == (16, 16)
    assert r._CFFI_ALIGN == {"Aligned": 8}
    assert r._LAYOUT["Primitives"][0] == 96
    assert ffi.sizeof("Small") == 1 and ffi.sizeof("Signed16") == 2 and ffi.sizeof("Huge") == 8
    assert r._LAYOUT["Mixed"][2]["tag"] == 0 and ffi.sizeof("Mixed") == 24


# ---- primitives ---------------------------------------------------------------------------


def test_primitives_by_value() -> None:
    p = r.Primitives(
        b=True, c="a", u8=255, u16=65535, u32=7, u64=1 << 40, i8=-128, i16=-2, i32=-3, i64=-4,
        usize=U64_MAX, isize=-6, f32=1.5, f64=2.25, ci=10, cu=11, cl=12, cc=ord("A"),
    )
    q = r.primitives_bump(p)
    assert isinstance(q, r.Primitives)
    assert q.b is False
    assert q.c == "b"
    assert (q.u8, q.u16, q.u32, q.u64) == (0, 0, 8, (1 << 40) + 1)
    assert (q.i8, q.i16, q.i32, q.i64) == (-127, -1, -2, -3)
    assert (q.usize, q.isize) == (0, -5)  # usize is 64-bit: u64::MAX wraps to 0
    assert (q.f32, q.f64) == (2.5, 3.25)
    assert (q.ci, q.cu, q.cl, q.cc) == (11, 12, 13, ord("B"))
    # The argument was passed by value: unchanged.
    assert p.u8 == 255 and p.c == "a" and p.b is True
    assert q == r.primitives_bump(p)
    assert q != p
    assert repr(q).startswith("Primitives(b=False, c='b', u8=0, u16=0, u32=8, ")


def test_primitive_extremes_round_trip() -> None:
    p = r.Primitives(i64=-(2**63), u64=U64_MAX, isize=2**63 - 1, cl=-(2**63), c="\U0010fffe")
    q = r.primitives_bump(p)
    assert q.i64 == -(2**63) + 1 and q.u64 == 0 and q.isize == -(2**63) and q.cl == -(2**63) + 1
    assert q.c == "\U0010ffff"
    with pytest.raises(OverflowError):
        r.Primitives(u8=256)
    with pytest.raises(ValueError):
        r.Primitives(c="ab")


def test_integer_and_float_functions() -> None:
    assert r.add_u8(200, 100) == 44
    assert r.add_i64(-5_000_000_000, 1) == -4_999_999_999
    assert r.add_i64(2**63 - 1, 1) == -(2**63)
    assert r.mul_f64(1.5, 4.0) == 6.0
    assert r.negate(True) is False and r.negate(False) is True
    with pytest.raises(OverflowError):
        r.add_u8(256, 0)


def test_char() -> None:
    assert r.next_char("a") == "b"
    assert r.next_char("\U0001f600") == "\U0001f601"
    with pytest.raises(ValueError):
        r.next_char("\ud800")  # a surrogate is not a Rust `char`
    with pytest.raises(ValueError):
        r.next_char("ab")


def test_nonzero() -> None:
    assert r.nonzero_double(21) == 42
    with pytest.raises(ValueError):
        r.nonzero_double(0)  # zero would be undefined behaviour in Rust
    assert r.nonzero_or(0, 9) == 9 and r.nonzero_or(3, 9) == 3


def test_raw_pointers_and_none() -> None:
    out = ffi.new("uint32_t *")
    assert r.write_u32(out, 77) is True and out[0] == 77
    assert r.write_u32(None, 77) is False
    assert r.write_u32(ffi.NULL, 77) is False

    value = ffi.new("int32_t *", 41)
    r.increment(value)
    assert value[0] == 42
    assert r.read_or(value, 0) == 42
    assert r.read_or(None, -1) == -1

    a = ffi.new("uint16_t *", 1)
    b = ffi.new("uint16_t *", 2)
    r.swap_nonnull(a, b)
    assert (a[0], b[0]) == (2, 1)
    r.swap_nonnull(a, None)
    assert a[0] == 2


def test_untyped_memory_and_c_strings() -> None:
    data = ffi.new("uint8_t[]", [1, 2, 3, 250])
    assert r.sum_bytes(data, 4) == 256
    assert r.sum_bytes(None, 0) == 0
    assert r.sum_bytes(ffi.from_buffer(b"\x01\x02"), 2) == 3
    assert r.c_string_length("hello") == 5
    assert r.c_string_length("h\u00e9llo") == 6  # UTF-8 bytes
    assert r.c_string_length(b"abc") == 3
    assert r.c_string_length(None) == 0


# ---- structs ------------------------------------------------------------------------------


def test_struct_by_value() -> None:
    a = r.Vec3(x=1.0, y=2.0, z=3.0)
    b = r.Vec3(x=0.5, y=0.5, z=0.5)
    s = r.vec3_add(a, b)
    assert isinstance(s, r.Vec3)
    assert (s.x, s.y, s.z) == (1.5, 2.5, 3.5)
    assert s == r.Vec3(x=1.5, y=2.5, z=3.5)
    assert repr(s) == "Vec3(x=1.5, y=2.5, z=3.5)"
    # A result can be passed on, by value and by pointer.
    assert r.vec3_add(s, s) == r.Vec3(x=3.0, y=5.0, z=7.0)
    r.vec3_scale(s, 2.0)
    assert s == r.Vec3(x=3.0, y=5.0, z=7.0)


def test_struct_by_pointer_mutates_the_python_object() -> None:
    v = r.Vec3(x=1.0, y=2.0, z=3.0)
    r.vec3_scale(v, 2.0)
    assert (v.x, v.y, v.z) == (2.0, 4.0, 6.0)
    w = v.copy()
    r.vec3_scale(w, 0.5)
    assert v.x == 2.0 and w.x == 1.0


def test_option_ref_with_none() -> None:
    b = r.Vec3(x=0.5, y=0.5, z=0.5)
    moved = r.my_game_function(b)
    assert (moved.x, moved.y, moved.z) == (0.5, 1.5, 0.5)
    assert r.my_game_function(None) == r.Vec3(x=0.0, y=1.0, z=0.0)


def test_tuple_struct_and_generic_pairs() -> None:
    size = r.Size2(6, 7)
    assert (size._0, size._1) == (6, 7)
    assert r.size_area(size) == 42
    assert r.size_area(r.Size2(_0=3, _1=5)) == 15
    match size:
        case r.Size2(w, h):
            assert (w, h) == (6, 7)
    assert r.pair_sum(r.PairF32(first=1.25, second=2.5)) == 3.75
    swapped = r.pair_swap_u8(r.PairU8(first=1, second=2))
    assert isinstance(swapped, r.PairU8)
    assert (swapped.first, swapped.second) == (2, 1)


def test_nested_struct_from_rust() -> None:
    t = r.transform_make(2.0)
    assert t.position == r.Vec3(x=2.0, y=3.0, z=4.0)
    assert len(t.corners) == 2
    assert t.corners[0] == r.Vec3(x=-2.0, y=0.0, z=0.0)
    assert t.corners[-1].z == 4.0
    assert [list(row) for row in t.matrix] == [[1.0, 2.0, 3.0], [4.0, 5.0, 2.0]]
    assert t.matrix[0][2] == 3.0 and t.matrix[1][2] == 2.0
    assert (t.size._0, t.size._1) == (3, 4)
    assert list(t.flags) == [1, 2, 3] and t.flags == [1, 2, 3] and t.flags[1:] == [2, 3]
    assert (t.weights.first, t.weights.second) == (0.25, 0.75)
    expected = 2.0 + 3.0 + 4.0 - 2.0 + 4.0 + 21.0 - 6.0 + 2.0 + 7.0 + 6.0 + 1.0
    assert r.transform_sum(t) == expected
    with pytest.raises(IndexError):
        t.flags[3]


def test_nested_struct_built_in_python() -> None:
    mine = r.Transform()
    assert r.transform_sum(mine) == 0.0
    mine.matrix[1][1] = 10.0
    mine.flags[1] = 5
    mine.size._1 = 100
    assert r.transform_sum(mine) == 115.0

    t = r.Transform(
        position=r.Vec3(x=1.0),
        corners=[r.Vec3(y=2.0), r.Vec3(z=3.0)],
        matrix=[[1.0, 0.0, 0.0], [0.0, 0.0, 4.0]],
        size=r.Size2(1, 2),
        flags=[1, 1, 1],
        weights=r.PairF32(first=0.5, second=0.5),
    )
    assert r.transform_sum(t) == 1.0 + 2.0 + 3.0 + 5.0 + 3.0 + 3.0 + 1.0
    # Fields of struct type are live views; arrays are writable sequences.
    t.position.x = 11.0
    t.corners[0] = r.Vec3(x=1.0, y=1.0, z=1.0)
    t.corners[1].z = 0.0
    t.matrix = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    t.flags = (0, 0, 2)
    t.weights = r.PairF32(first=1.0, second=1.0)
    assert t.position.x == 11.0 and t.corners[0] == r.Vec3(x=1.0, y=1.0, z=1.0)
    assert r.transform_sum(t) == 11.0 + 3.0 + 3.0 + 2.0 + 2.0
    corner = t.corners[0]
    del t
    gc.collect()
    assert corner == r.Vec3(x=1.0, y=1.0, z=1.0)  # a view keeps its memory alive
    with pytest.raises(ValueError):
        r.Transform(flags=[1, 2])
    with pytest.raises(ValueError):
        r.Transform(matrix=[[1.0, 2.0], [3.0, 4.0]])


def test_copy_and_equality_of_nested_structs() -> None:
    t = r.transform_make(1.0)
    c = t.copy()
    assert c == t
    c.matrix[0][0] = 99.0
    assert c != t and t.matrix[0][0] == 1.0
    assert "corners=[Vec3(x=-1.0, y=0.0, z=0.0), Vec3(" in repr(t)


def test_transparent_types() -> None:
    assert r.meters_double(1.25) == 2.5
    assert r.id_next(41) == 42
    m: r.Meters = 3.0
    assert r.meters_double(m) == 6.0


def test_over_aligned_struct() -> None:
    a = r.aligned_make(123456789012)
    assert isinstance(a, r.Aligned)
    assert (a.value, a.tag) == (123456789012, 7)
    assert a == r.Aligned(value=123456789012, tag=7)
    for _ in range(20):
        mine = r.Aligned(value=1)
        assert addr(mine._ptr) % 16 == 0
        assert addr(mine.copy()._ptr) % 16 == 0


def test_wide_u64_and_f64() -> None:
    w = r.wide_make(1, U64_MAX - 1, 2.5, 65000)
    assert (w.small, w.big, w.real, w.last) == (1, U64_MAX - 1, 2.5, 65000)
    assert r.wide_check(w) is True
    w.last = 1
    assert r.wide_check(w) is False
    mine = r.Wide(small=1, big=U64_MAX - 1, real=2.5, last=65000)
    assert r.wide_check(mine) is True
    assert mine == r.wide_make(1, U64_MAX - 1, 2.5, 65000)


def test_packed_struct_memory() -> None:
    p = r.Packed(a=1, b=0x01020304, c=0x0506)
    assert (p.a, p.b, p.c) == (1, 0x01020304, 0x0506)
    assert bytes(ffi.buffer(p._addr())) == struct.pack("<BIH", 1, 0x01020304, 0x0506)


def test_grid_vec3_is_a_distinct_type() -> None:
    g = r.GridVec3(x=1, y=-2, z=3)
    assert r.grid_length(g) == 6
    assert r.GridVec3 is not r.Vec3
    assert g != r.Vec3(x=1.0, y=-2.0, z=3.0)
    with pytest.raises(TypeError):
        r.GridVec3(x=1.5)  # integer fields
    with pytest.raises(TypeError):
        r.grid_length(r.Vec3())  # type: ignore[arg-type]


# ---- enums and tagged unions ---------------------------------------------------------------


@pytest.mark.parametrize("cls", [r.Color, r.Small, r.Signed16, r.Big32, r.Huge])
def test_enums_are_int_enums(cls: type[enum.IntEnum]) -> None:
    assert issubclass(cls, enum.IntEnum)


def test_enum_values_and_functions() -> None:
    assert [(m.name, int(m)) for m in r.Color] == [("RED", 0), ("GREEN", 10), ("BLUE", 11), ("NEGATIVE", -3)]
    assert r.color_next(r.Color.RED) is r.Color.GREEN
    assert r.color_next(r.Color.BLUE) is r.Color.NEGATIVE
    assert r.color_next(r.Color.NEGATIVE) is r.Color.RED
    assert r.color_value(r.Color.NEGATIVE) == -3
    assert r.small_flip(r.Small.A) is r.Small.B and r.Small.B == 200
    assert r.signed16_flip(r.Signed16.LOW) is r.Signed16.HIGH and r.Signed16.LOW == -300
    assert r.big32_flip(r.Big32.MAX) is r.Big32.ZERO and r.Big32.MAX == 4_000_000_000
    assert r.big32_flip(r.Big32.ZERO) is r.Big32.MAX
    assert r.huge_value(r.Huge.MIN) == -9_000_000_000 and r.huge_value(r.Huge.ONE) == 1


def test_shape_from_rust() -> None:
    circle, rect, empty = r.shape_make(0), r.shape_make(1), r.shape_make(2)
    assert isinstance(circle, r.ShapeCircle) and isinstance(circle, r.Shape)
    assert circle._0 == 1.5
    assert isinstance(rect, r.ShapeRect) and (rect.w, rect.h) == (2.0, 4.5)
    assert isinstance(empty, r.ShapeEmpty)
    assert repr(rect) == "ShapeRect(w=2.0, h=4.5)"
    assert r.shape_area(rect) == 9.0 and r.shape_area(empty) == 0.0
    assert r.shape_area(circle) == 1.5 * 1.5 * 3.0


def test_shape_built_in_python() -> None:
    assert r.shape_area(r.ShapeCircle(2.0)) == 12.0
    rect = r.ShapeRect(w=2.0, h=0.25)
    assert r.shape_area(rect) == 0.5
    rect.h = 4.0
    assert r.shape_area(rect) == 8.0
    assert r.shape_area(r.ShapeEmpty()) == 0.0
    assert rect == r.ShapeRect(w=2.0, h=4.0) and rect != r.ShapeEmpty()
    with pytest.raises(TypeError):
        r.Shape()


def area(s: r.Shape) -> float:
    match s:
        case r.ShapeCircle(radius):
            return radius
        case r.ShapeRect(w=w, h=h):
            return w * h
        case _:
            return -1.0


def test_match_on_variants() -> None:
    assert [area(r.shape_make(i)) for i in range(3)] == [1.5, 9.0, -1.0]


def test_event_both_sides() -> None:
    key, move, quit_ = r.event_make(0), r.event_make(1), r.event_make(2)
    assert isinstance(key, r.EventKey) and key._0 == 65
    assert isinstance(move, r.EventMove) and (move.dx, move.dy) == (-2, 3)
    assert isinstance(quit_, r.EventQuit)
    assert r.event_code(key) == 65 and r.event_code(move) == -1997 and r.event_code(quit_) == -1
    assert r.event_code(r.EventMove(dx=4, dy=-5)) == 3995
    assert r.event_code(r.EventKey(7)) == 7
    assert r.event_code(r.EventQuit()) == -1


def test_mixed_both_sides() -> None:
    one, two, nothing = r.mixed_make(0), r.mixed_make(1), r.mixed_make(2)
    assert isinstance(one, r.MixedOne) and one._0 == 5
    assert isinstance(two, r.MixedTwo) and (two._0, two._1) == (U64_MAX, 3)
    assert isinstance(nothing, r.MixedNothing)
    assert r.mixed_code(one) == 5 and r.mixed_code(nothing) == 9
    assert r.mixed_code(two) == 2  # u64::MAX + 3 wraps
    assert r.mixed_code(r.MixedTwo(10, 20)) == 30
    assert r.mixed_code(r.MixedOne(200)) == 200
    assert r.mixed_code(r.MixedNothing()) == 9


def test_tagged_union_read_from_bad_memory_is_refused() -> None:
    bad = ffi.new("Shape *")
    bad.tag = 77
    with pytest.raises(ValueError):
        r.Shape._copy_of(bad[0])


# ---- unions ---------------------------------------------------------------------------------


def test_union_number() -> None:
    n = r.number_from_int(0x4000000000000000)
    assert isinstance(n, r.Number)
    assert n.int_ == 0x4000000000000000
    assert r.number_as_real(n) == 2.0
    assert n.real == 2.0
    mine = r.Number(real=0.5)
    assert r.number_as_real(mine) == 0.5
    assert mine.bytes_[7] == 0x3F and list(mine.bytes_) == list(struct.pack("<d", 0.5))
    mine.bytes_ = list(struct.pack("<d", -1.0))
    assert r.number_as_real(mine) == -1.0
    assert r.Number(int_=4) == r.Number(bytes_=[4, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError):
        r.Number(int_=1, real=2.0)


# ---- opaque types ---------------------------------------------------------------------------


def test_counter_handle() -> None:
    c = r.counter_new(5)
    assert isinstance(c, r.Counter)
    assert r.counter_increment(c) == 6 and r.counter_increment(c) == 7
    assert r.counter_get(c) == 7 and r.counter_get(None) == 0
    assert c == c and hash(c) == hash(c) and c.address != 0
    assert repr(c) == f"Counter({hex(c.address)})"
    other = r.counter_new(0)
    assert other != c
    assert r.counter_free(c) == 2 and r.counter_free(other) == 0 and r.counter_free(None) == 0
    with pytest.raises(TypeError):
        r.Counter()


def test_handle() -> None:
    # Only the library creates handles; here one is made from an address for the test.
    h = r.Handle._from_ptr(ffi.cast("Handle *", 0x1000))
    assert r.handle_address(h) == 0x1000 and h.address == 0x1000
    assert r.handle_address(None) == 0
    with pytest.raises(TypeError):
        r.Handle()


# ---- callbacks ------------------------------------------------------------------------------


def test_visit_numbers_with_a_user_pointer() -> None:
    seen: list[int] = []

    def visit(value: int, user: Any) -> bool:
        seen.append(value)
        return value < ffi.cast("uint32_t *", user)[0]

    limit = ffi.new("uint32_t *", 3)
    assert r.visit_numbers(10, visit, limit) == 3
    assert seen == [1, 2, 3]
    # No user pointer: the visitor gets NULL.
    nulls: list[bool] = []
    assert r.visit_numbers(2, lambda v, u: nulls.append(u == ffi.NULL) is None, None) == 2
    assert nulls == [True, True]


def test_visit_numbers_with_a_python_object_as_user_data() -> None:
    class State:
        total = 0

    def visit(value: int, user: Any) -> bool:
        state = ffi.from_handle(user)
        state.total += value
        return True

    state = State()
    handle = ffi.new_handle(state)
    assert r.visit_numbers(4, visit, handle) == 4
    assert state.total == 10


def test_visitor_object_is_pinned_until_released() -> None:
    v = r.Visitor(lambda value, user: value < 2)
    assert v(1, None) is True and v(5, None) is False
    assert ("pinned", id(v)) not in r._KEPT and v not in r.Visitor._PTRS
    assert r.visit_numbers(5, v, None) == 2
    assert ("pinned", id(v)) in r._KEPT and r.Visitor._PTRS[v] == v._cdata
    v.release()
    assert ("pinned", id(v)) not in r._KEPT and v not in r.Visitor._PTRS
    assert r.visit_numbers(5, v, None) == 2  # handed over again: pinned again
    assert v in r.Visitor._PTRS
    v.release()


def test_callables_of_every_kind_convert_once() -> None:
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Unhashable)

        def __call__(self, x: int) -> int:
            return x + 100

    class Adder:
        def __init__(self, n: int) -> None:
            self.n = n

        def add(self, x: int) -> int:
            return x + self.n

    def kept() -> int:
        return len(r._KEPT)

    unhashable = Unhashable()
    assert r.bench_callback(unhashable, 1) == 101
    n = kept()
    assert r.bench_callback(unhashable, 2) == 102 and kept() == n
    assert unhashable not in list(r._FnU32RetU32_PTRS)  # only hashable keys in the fast table

    adder = Adder(5)
    assert r.bench_callback(adder.add, 1) == 6
    n = kept()
    # A new bound-method object each time, equal to the first: converted once.
    for i in range(3):
        assert r.bench_callback(adder.add, i) == i + 5
    assert kept() == n
    assert r._FnU32RetU32_PTRS[adder.add] is not None


def test_none_and_non_callables_are_refused_where_a_callback_is_required() -> None:
    with pytest.raises(TypeError):
        r.bench_callback(None, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        r.bench_callback(42, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        r.Transformer(apply=None)  # type: ignore[arg-type]
    # Where the callback is optional, None is NULL.
    assert r.apply_optional(r.Vec3(x=1.0), None).x == 1.0


def flip(v: r.Vec3) -> r.Vec3:
    return r.Vec3(x=-v.x, y=-v.y, z=-v.z)


def test_apply_optional_with_and_without_a_callback() -> None:
    v = r.Vec3(x=1.0, y=-2.0, z=3.0)
    assert r.apply_optional(v, flip) == r.Vec3(x=-1.0, y=2.0, z=-3.0)
    assert r.apply_optional(v, None) == v
    assert r.apply_optional(v, r.FnVec3RetVec3(flip)) == r.Vec3(x=-1.0, y=2.0, z=-3.0)


def test_callback_argument_is_a_copy() -> None:
    kept: list[r.Vec3] = []

    def keep(v: r.Vec3) -> r.Vec3:
        kept.append(v)
        return v

    r.apply_optional(r.Vec3(x=1.0), keep)
    r.apply_optional(r.Vec3(x=2.0), keep)
    assert [k.x for k in kept] == [1.0, 2.0]


def test_run_transformer_with_a_struct_of_callbacks() -> None:
    done: list[int] = []
    t = r.Transformer(apply=flip, on_done=done.append)
    v = r.Vec3(x=1.0, y=-2.0, z=3.0)
    assert r.run_transformer(t, v) == r.Vec3(x=-1.0, y=2.0, z=-3.0)
    assert done == [1]
    assert t.on_done is not None and isinstance(t.apply, r.FnVec3RetVec3)
    t.on_done = None
    assert t.on_done is None
    assert r.run_transformer(t, v).z == -3.0
    assert done == [1]
    # Function pointers read back from the struct call the same code.
    assert t.apply(r.Vec3(x=5.0)) == r.Vec3(x=-5.0, y=-0.0, z=-0.0)


def test_callbacks_survive_garbage_collection() -> None:
    calls: list[int] = []
    t = r.Transformer(apply=lambda v: r.Vec3(x=v.x * 10.0), on_done=lambda n: calls.append(n))
    for _ in range(3):
        gc.collect()
    for i in range(3):
        assert r.run_transformer(t, r.Vec3(x=float(i))).x == 10.0 * i
    assert calls == [1, 1, 1]
    # Plain callables handed over as arguments stay valid too.
    assert r.apply_optional(r.Vec3(x=1.0), lambda v: r.Vec3(x=v.x + 1.0)).x == 2.0
    assert r.bench_callback(lambda x: x * 3, 5) == 15
    gc.collect()
    assert r.bench_callback(lambda x: x * 3, 7) == 21
    assert r.visit_numbers(3, lambda value, user: True, None) == 3


def test_same_callable_is_converted_once() -> None:
    def triple(x: int) -> int:
        return x * 3

    before = len(r._KEPT)
    for i in range(5):
        assert r.bench_callback(triple, i) == 3 * i
    assert len(r._KEPT) == before + 1


def test_function_pointer_from_rust() -> None:
    doubler = r.get_doubler()
    assert isinstance(doubler, r.FnI32RetI32)
    assert doubler(21) == 42 and doubler(-4) == -8
    gc.collect()
    assert r.get_doubler()(100) == 200
    assert "function pointer 0x" in repr(doubler)


def test_bench_callback_round_trip() -> None:
    assert r.bench_callback(lambda x: x + 1, 41) == 42
    cb = r.FnU32RetU32(lambda x: x * 2)
    assert cb(4) == 8 and r.bench_callback(cb, 4) == 8
    cb.release()


def test_exception_in_a_callback_gives_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: reported.append(u.exc_value))

    def boom(x: int) -> int:
        raise RuntimeError("boom")

    assert r.bench_callback(boom, 5) == 0
    assert len(reported) == 1 and isinstance(reported[0], RuntimeError)


# ---- constants and statics -----------------------------------------------------------------


def test_constants_match_rust() -> None:
    assert r.ANSWER == r.constant_answer() == 42
    assert r.NEGATIVE == -84
    assert r.MASK == 127
    assert r.SHIFTED == 1 << 40
    assert r.BIG == U64_MAX
    assert r.SMALLEST == -(2**63)
    assert r.HALF == 0.5
    assert r.TAU_ISH == r.constant_tau_ish() and math.isclose(r.TAU_ISH, 2 * math.pi)
    assert r.ENABLED is True
    assert r.LETTER == "Z"
    assert r.AS_CAST == 4464
    assert r.SIZE == 12
    assert type(r.HALF) is float and type(r.ANSWER) is int and type(r.LETTER) is str


def test_statics() -> None:
    assert r.statics.ORIGIN == r.Vec3(x=0.0, y=0.0, z=0.0)
    snapshot = r.statics.ORIGIN
    snapshot.x = 5.0  # a snapshot: the library's static is untouched
    assert r.statics.ORIGIN.x == 0.0
    before = r.statics.CALL_COUNT
    assert r.count_call() == before + 1
    assert r.statics.CALL_COUNT == before + 1
    r.statics.CALL_COUNT = 10
    assert r.statics.CALL_COUNT == 10
    assert r.count_call() == 11
    with pytest.raises(AttributeError):
        r.statics.ORIGIN = r.Vec3()  # type: ignore[misc]


# ---- cfg-gated functions ------------------------------------------------------------------


def test_cfg_gated_functions() -> None:
    assert r.only_on_linux() == 1
    assert r.extras_enabled() is True


# ---- the benchmark functions ---------------------------------------------------------------


def test_bench_functions() -> None:
    assert r.bench_noop() is None
    assert r.bench_add(2, 3) == 5 and r.bench_add(2**31 - 1, 1) == -(2**31)
    assert r.bench_vec3(r.Vec3(x=1.0, y=2.0, z=3.0)) == r.Vec3(x=2.0, y=2.0, z=3.0)


# ---- patterns (slices, strings, owned values, options, errors, callbacks, services) -------

import array  # noqa: E402
import resource  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402


def test_slices_accept_lists_buffers_and_numpy() -> None:
    assert r.pattern_sum_f32([1.0, 2.0, 3.5]) == 6.5
    assert r.pattern_sum_f32((1.0, 2.0)) == 3.0
    assert r.pattern_sum_f32(array.array("f", [1.0, 2.0])) == 3.0
    assert r.pattern_sum_f32(memoryview(array.array("f", [4.0]))) == 4.0
    assert r.pattern_sum_f32(np.arange(4, dtype=np.float32)) == 6.0
    # Another element type is copied (converted), not reinterpreted.
    assert r.pattern_sum_f32(np.arange(4, dtype=np.float64)) == 6.0
    assert r.pattern_sum_f32(array.array("d", [1.5])) == 1.5
    assert r.pattern_sum_f32(x * 0.5 for x in range(3)) == 1.5
    assert r.pattern_sum_f32([]) == 0.0
    assert r.pattern_sum_f32(None) == 0.0
    # A strided numpy view is not contiguous: copied.
    assert r.pattern_sum_f32(np.arange(6, dtype=np.float32)[::2]) == 6.0
    v = r.pattern_sum_vec3([r.Vec3(x=1, y=2, z=3), r.Vec3(x=1, y=1, z=1)])
    assert (v.x, v.y, v.z) == (2.0, 3.0, 4.0)
    assert r.pattern_sum_vec3([]) == r.Vec3()


def test_slices_are_zero_copy_for_matching_buffers() -> None:
    a = np.ones(3, dtype=np.float32)
    ptr, n = r._slice_in(a, "float[]", "f", 4, None, False)
    assert n == 3 and addr(ptr) == a.ctypes.data
    b = array.array("f", [1.0, 2.0])
    ptr, n = r._slice_in(b, "float[]", "f", 4, None, False)
    assert n == 2 and addr(ptr) == b.buffer_info()[0]
    ptr, n = r._slice_in(np.ones(3), "float[]", "f", 4, None, False)
    assert n == 3 and addr(ptr) != 0  # float64: a converted copy


def test_mutable_slices_write_through() -> None:
    b = bytearray(4)
    r.pattern_fill_bytes(b, 7)
    assert b == bytearray([7, 8, 9, 10])
    n = np.zeros(3, dtype=np.uint8)
    r.pattern_fill_bytes(n, 250)
    assert list(n) == [250, 251, 252]
    lst = [0, 0, 0]
    r.pattern_fill_bytes(lst, 1)
    assert lst == [1, 2, 3]
    m = memoryview(bytearray(2))
    r.pattern_fill_bytes(m, 5)
    assert m.tobytes() == b"\x05\x06"
    with pytest.raises(TypeError):
        r.pattern_fill_bytes(b"abc", 1)  # read-only
    with pytest.raises(TypeError):
        r.pattern_fill_bytes(np.zeros(2, dtype=np.int32), 1)  # wrong element type
    r.pattern_fill_bytes(None, 1)


def test_null_slice_with_a_length_is_an_error() -> None:
    lib = r.load()
    raw = lib.pattern_sum_f32({"ptr": ffi.NULL, "len": 3})
    assert raw.error == r.PatternError.NULL_POINTER
    assert lib.pattern_fill_bytes({"ptr": ffi.NULL, "len": 2}, 0) == r.PatternError.NULL_POINTER
    # The wrappers never build one: `None` is the empty slice.
    assert r.pattern_sum_f32(None) == 0.0


def test_strings_in() -> None:
    assert r.pattern_count_chars("héllo") == 5
    assert r.pattern_count_chars(b"abc") == 3
    assert r.pattern_count_chars("") == 0
    assert r.pattern_c_string_len("héllo") == 6
    assert r.pattern_c_string_len(b"") == 0


def test_invalid_utf8_raises() -> None:
    with pytest.raises(r.PatternErrorException) as e:
        r.pattern_count_chars(b"\xff\xfe")
    assert e.value.error is r.PatternError.INVALID_UTF8
    assert e.value.code == 2 and e.value.function == "pattern_count_chars"
    assert isinstance(e.value, r.FfiError)
    with pytest.raises(r.PatternErrorException):
        r.pattern_c_string_len(b"\xc3")
    with pytest.raises(UnicodeEncodeError):
        r.pattern_count_chars("\ud800")  # a lone surrogate is not encodable


def test_owned_strings_and_vectors_out() -> None:
    assert r.pattern_greet("Bob") == "Hello, Bob!"
    assert r.pattern_greet("ünï") == "Hello, ünï!"
    assert r.pattern_greet(b"\xff") == "Hello, stranger!"
    assert r.pattern_range(5) == [0, 1, 2, 3, 4]
    assert r.pattern_range(0) == []
    pts = r.pattern_points(3)
    assert [p.x for p in pts] == [0.0, 1.0, 2.0] and all(isinstance(p, r.Vec3) for p in pts)


def test_options_and_bools() -> None:
    s = r.pattern_scale(r.Vec3(x=1, y=2, z=3), 2.0)
    assert s is not None and (s.x, s.y, s.z) == (2.0, 4.0, 6.0)
    assert r.pattern_scale(None, 2.0) is None
    assert r.pattern_maybe(True, 7) == 7
    assert r.pattern_maybe(False, 7) is None
    assert r.pattern_not(True) is False
    assert r.pattern_not(False) is True


def test_error_enums_and_results_raise() -> None:
    assert r.pattern_divide(7, 2) == 3
    with pytest.raises(r.PatternErrorException) as e:
        r.pattern_divide(1, 0)
    assert e.value.error is r.PatternError.INVALID_ARGUMENT
    assert r.pattern_check_even(4) is None
    with pytest.raises(r.PatternErrorException) as e2:
        r.pattern_check_even(3)
    assert e2.value.error is r.PatternError.INVALID_ARGUMENT
    assert issubclass(r.PatternErrorException, r.FfiError)
    # Raw forms: the cffi functions return the plain values.
    lib = r.load()
    raw = lib.pattern_divide(1, 0)
    assert raw.error == 3
    assert lib.pattern_check_even(3) == 3


def test_panics_become_the_designated_error() -> None:
    r.pattern_panic_error(False)
    with pytest.raises(r.PatternErrorException) as e:
        r.pattern_panic_error(True)
    assert e.value.error is r.PatternError.PANIC
    assert r.pattern_panic_result(5) == 20
    with pytest.raises(r.PatternErrorException) as e2:
        r.pattern_panic_result(0)
    assert e2.value.error is r.PatternError.PANIC
    assert r.pattern_panic_value(9) == 9
    assert r.pattern_panic_value(0) == 4242


def test_callbacks_with_state_take_any_callable_and_are_released() -> None:
    seen: list[int] = []

    def each(v: int) -> int:
        seen.append(v)
        return v * 10

    before = len(r._CB_LIVE)
    assert r.pattern_call_each(3, each) == 60
    assert seen == [1, 2, 3]
    assert len(r._CB_LIVE) == before, "the drop callback released the Python object"

    class Adder:
        total = 0

        def __call__(self, v: int) -> int:
            self.total += v
            return 1

    a = Adder()
    assert r.pattern_call_each(4, a) == 4 and a.total == 10
    assert r.pattern_call_each(2, None) == 0
    with pytest.raises(TypeError):
        r.pattern_call_each(1, 5)  # type: ignore[arg-type]
    assert len(r._CB_LIVE) == before


def test_service_methods() -> None:
    pushed: list[float] = []
    with r.Engine("eng", 4) as e:
        assert e.is_empty() is True
        e.set_listener(pushed.append)
        e.push(1.5)
        e.push_all(np.array([2.0], dtype=np.float32))
        e.push_all([0.5])
        assert e.sum() == 4.0 and e.count() == 3 and e.is_empty() is False
        assert e.get(1) == 2.0
        assert e.name() == "eng"
        assert e.values() == [1.5, 2.0, 0.5]
        assert e.view() == [1.5, 2.0, 0.5]
        assert pushed == [1.5, 2.0, 0.5]
        with pytest.raises(r.PatternErrorException):
            e.get(10)
        with pytest.raises(r.PatternErrorException) as full:
            e.push_all([1.0, 2.0])
        assert full.value.error is r.PatternError.INVALID_ARGUMENT
        with pytest.raises(r.PatternErrorException) as boom:
            e.explode()
        assert boom.value.error is r.PatternError.PANIC
        e.set_listener(None)
    assert e.closed


def test_service_constructors() -> None:
    e = r.Engine.new("x", 1)
    assert isinstance(e, r.Engine) and not e.closed
    e.close()
    e.close()  # idempotent
    with pytest.raises(r.PatternErrorException) as bad:
        r.Engine("x", 0)
    assert bad.value.error is r.PatternError.INVALID_ARGUMENT
    with pytest.raises(r.PatternErrorException) as utf:
        r.Engine.new(b"\xff", 1)
    assert utf.value.error is r.PatternError.INVALID_UTF8


def test_use_after_close_raises() -> None:
    e = r.Engine("closed", 2)
    e.close()
    for call in (e.sum, e.count, e.values, e.name, lambda: e.push(1.0)):
        with pytest.raises(r.ServiceClosedError):
            call()


def test_services_are_released_by_the_gc_with_their_listener() -> None:
    before = len(r._CB_LIVE)
    e = r.Engine("gc", 2)
    e.set_listener(lambda v: None)
    assert len(r._CB_LIVE) == before + 1
    del e
    gc.collect()
    assert len(r._CB_LIVE) == before, "destroying the engine dropped its listener"


def test_services_and_owned_values_in_a_loop_do_not_leak() -> None:
    def round_trip() -> None:
        with r.Engine("loop", 100) as e:
            e.set_listener(lambda v: None)
            e.push_all(array.array("f", range(50)))
            assert len(e.values()) == 50 and e.name() == "loop"
        assert r.pattern_greet("x" * 100).startswith("Hello")
        assert len(r.pattern_range(1000)) == 1000
        assert len(r.pattern_points(10)) == 10
        r.pattern_call_each(2, lambda v: v)

    for _ in range(200):
        round_trip()
    gc.collect()
    tracemalloc.start()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    snap0 = tracemalloc.take_snapshot()
    for _ in range(3000):
        round_trip()
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in snap1.compare_to(snap0, "filename"))
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert grown < 64 * 1024, f"Python heap grew by {grown} bytes"
    # 3000 rounds of ~4 KiB of Rust allocations each: a leak would add ~12 MiB.
    assert rss1 - rss0 < 4 * 1024, f"RSS grew by {rss1 - rss0} KiB"
    assert not r._CB_LIVE


def test_skipped_fields_are_absent_and_the_rest_cross_by_value() -> None:
    # `Reading` has two zero-sized Rust-only markers (`#[ffi(skip)]`): neither the class nor
    # the cdef struct has them, and the others sit at Rust's offsets (passed by value).
    made = r.pattern_reading(7, 2.5, 4)
    assert (made.id, made.value, made.scale) == (7, 2.5, 4)
    assert sorted(f for f, _ in ffi.typeof("Reading").fields) == ["id", "scale", "value"]
    for marker in ("source", "checked"):
        assert not hasattr(made, marker)
        with pytest.raises(TypeError):
            r.Reading(**{marker: 1})  # type: ignore[arg-type]
    nxt = r.pattern_reading_next(made)
    assert (nxt.id, nxt.value, nxt.scale) == (8, 10.0, 4)
    mine = r.Reading(id=2**32 - 1, value=-0.75, scale=65535)
    nxt = r.pattern_reading_next(mine)
    assert (nxt.id, nxt.value, nxt.scale) == (0, -0.75 * 65535, 65535)


def test_fingerprint_is_checked_at_load() -> None:
    assert r.load().reference_api_fingerprint() == r.API_FINGERPRINT
    with open(os.path.join(BINDINGS, "reference.json"), encoding="utf-8") as f:
        model = json.load(f)
    model = model.get("model", model)
    assert model["fingerprint"]["value"] == r.API_FINGERPRINT
    assert issubclass(r.ApiMismatchError, OSError)


# ---- deprecated items and static arrays ---------------------------------------------------


def test_deprecated_function_warns_at_the_caller_and_still_works() -> None:
    with pytest.warns(
        DeprecationWarning, match=r"`legacy_add` is deprecated: use legacy_sum instead \(deprecated since 0\.9\.0\)"
    ) as record:
        assert r.legacy_add(1, 2) == 3
    assert record[0].filename == __file__
    assert r.legacy_add.__doc__ is not None and "Deprecated: use legacy_sum instead" in r.legacy_add.__doc__


def test_current_functions_do_not_warn() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert r.legacy_sum(40, 2) == 42
        assert r.old_point_sum(r.OldPoint(x=40, y=2)) == 42
    assert r.OldPoint.__doc__ is not None and "Deprecated: use Vec3" in r.OldPoint.__doc__
    assert r.OLD_LIMIT == 10


def test_static_arrays_read_and_write() -> None:
    assert list(r.statics.PRIMES) == [2, 3, 5, 7]
    with pytest.raises(AttributeError):
        r.statics.PRIMES = [1, 1, 1, 1]  # type: ignore[misc]
    assert r.scratch_sum() == 0
    r.statics.SCRATCH = [1, 2, 3, 200]
    assert r.scratch_sum() == 206
    assert list(r.statics.SCRATCH) == [1, 2, 3, 200]
    r.statics.SCRATCH = [0, 0, 0, 0]
    assert r.scratch_sum() == 0
