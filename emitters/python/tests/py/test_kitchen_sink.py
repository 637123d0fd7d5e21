"""Runtime tests of the generated `kitchen_sink` module against the fixture cdylib.

Run by `tests/runtime.rs` with the module, the library next to it, and a second copy of the
library in `elsewhere/`.
"""

from __future__ import annotations

import gc
import math
import os
import subprocess
import sys
import textwrap

import pytest

import kitchen_sink as ks
from kitchen_sink import ffi

HERE = os.path.dirname(os.path.abspath(__file__))
LIB_FILE = ks._LIBRARY_FILE


# ---- layout: cffi's numbers against the layout model's ----------------------------------

@pytest.mark.parametrize("name", sorted(ks._LAYOUT))
def test_layout_matches_model(name: str) -> None:
    size, align, fields = ks._LAYOUT[name]
    assert ffi.sizeof(name) == size
    assert ffi.alignof(name) == ks._CFFI_ALIGN.get(name, align)
    for path, offset in fields.items():
        assert ffi.offsetof(name, *path.split(".")) == offset, path


def test_layout_covers_every_record() -> None:
    for name in ["Vec3", "Packed", "Aligned", "Pair_f32", "Grid", "Number", "Shape", "Event", "Everything"]:
        assert name in ks._LAYOUT
    assert ks._CFFI_ALIGN == {"Aligned": 4, "Everything": 8}


def test_over_aligned_values_are_allocated_aligned() -> None:
    for _ in range(50):
        a = ks.Aligned(v=1)
        e = ks.Everything(nz=1, callback=lambda v, p: True, shape=ks.ShapeEmpty(), event=ks.EventQuit())
        assert int(ffi.cast("uintptr_t", a._ptr)) % 16 == 0
        assert int(ffi.cast("uintptr_t", e._ptr)) % 16 == 0
        assert int(ffi.cast("uintptr_t", e.aligned._addr())) % 16 == 0


# ---- functions --------------------------------------------------------------------------

def test_noop_and_add() -> None:
    # Loaded at import, so conversion-free functions are cffi's own function objects.
    assert ks.add is ks._lib.add and ks.noop is ks._lib.noop
    assert ks.my_game_function.__doc__ == "Calls `my_game_function`."
    assert ks.noop() is None
    assert ks.add(2, 3) == 5
    assert ks.add(2**31 - 1, 1) == -(2**31)


def test_struct_pointer_param_and_return_by_value() -> None:
    v = ks.my_game_function(ks.Vec3(x=1.0, y=2.0, z=3.0))
    assert isinstance(v, ks.Vec3)
    assert (v.x, v.y, v.z) == (2.0, 4.0, -3.0)
    assert v == ks.Vec3(x=2.0, y=4.0, z=-3.0)
    assert repr(v) == "Vec3(x=2.0, y=4.0, z=-3.0)"


def test_option_ref_accepts_none() -> None:
    assert ks.my_game_function(None) == ks.Vec3()


def test_returned_struct_can_be_passed_by_pointer() -> None:
    v = ks.my_game_function(ks.Vec3(x=0.0, y=1.0, z=1.0))
    w = ks.my_game_function(v)
    assert w == ks.Vec3(x=2.0, y=4.0, z=1.0)


def test_name_of_takes_str_bytes_none() -> None:
    assert ks.name_of("hello") == 5
    assert ks.name_of(b"abc") == 3
    assert ks.name_of("héllo") == 6
    assert ks.name_of(None) == 0


def test_engine_handle() -> None:
    e = ks.engine_new()
    assert isinstance(e, ks.Engine)
    assert ks.engine_value(e) == 42
    assert repr(e).startswith("Engine(0x")
    with pytest.raises(TypeError):
        ks.Engine()


def test_references_returned() -> None:
    o = ks.origin_ref()
    assert o == ks.Vec3(x=1.0, y=2.0, z=3.0)
    assert ks.null_vec3() is None


def test_enums() -> None:
    assert issubclass(ks.Color, int)
    assert ks.Color.RED == 0 and ks.Color.GREEN == 5 and ks.Color.BLUE == -3
    assert ks.next_color(ks.Color.RED) is ks.Color.GREEN
    assert ks.next_color(ks.Color.GREEN) is ks.Color.BLUE
    assert ks.next_color(ks.Color.BLUE) is ks.Color.RED
    assert ks.echo_flags(ks.Flags.ALL) is ks.Flags.ALL
    assert [m.name for m in ks.Flags] == ["NONE", "SOME", "ALL"]


def test_transparent_and_char() -> None:
    assert ks.double_meters(1.25) == 2.5
    assert ks.next_char("a") == "b"
    assert ks.next_char("\u00e9") == "\u00ea"
    with pytest.raises(ValueError):
        ks.next_char("\ud800")


def test_fields_named_like_builtins() -> None:
    # `int`, `property`, `str`, `float`, `bytes` would rebind names the class body uses.
    s = ks.Shadows(int_=-1, property_=2, str_=True, float_=0.5, bytes_=[1, 2], id=7)
    assert (s.int_, s.property_, s.str_, s.float_, list(s.bytes_), s.id) == (-1, 2, True, 0.5, [1, 2], 7)
    s.bytes_[1] = 9
    assert repr(s) == "Shadows(int_=-1, property_=2, str_=True, float_=0.5, bytes_=[1, 9], id=7)"
    assert s == s.copy()


def test_constants() -> None:
    assert ks.MAX_U32 == 2**32 - 1
    assert ks.MIN_I64 == -(2**63)
    assert ks.MAX_U64 == 2**64 - 1
    assert ks.NEG == -7
    assert ks.HALF == 0.5
    assert ks.PI == math.pi
    assert ks.ENABLED is True
    assert ks.BYTE == 200


def test_statics() -> None:
    assert ks.statics.ORIGIN == ks.Vec3(x=1.0, y=2.0, z=3.0)
    snapshot = ks.statics.ORIGIN
    snapshot.x = 9.0
    assert ks.statics.ORIGIN.x == 1.0
    assert ks.statics.COUNTER == 42
    ks.statics.COUNTER = 7
    assert ks.statics.COUNTER == 7
    with pytest.raises(AttributeError):
        ks.statics.ORIGIN = ks.Vec3()  # type: ignore[misc]


# ---- structs, unions, arrays ------------------------------------------------------------

def test_nested_struct_fields_are_views() -> None:
    g = ks.Grid()
    g._1[1].z = 5.0
    assert g._1[1].z == 5.0
    p = g._1[0]
    del g
    gc.collect()
    p.x = 1.0  # the view keeps the grid's memory alive
    assert p.x == 1.0


def test_fixed_arrays_read_write() -> None:
    g = ks.Grid([[1, 2, 3], [4, 5, 6]], [ks.Vec3(x=1.0), ks.Vec3(y=2.0)])
    assert g._0 == [[1, 2, 3], [4, 5, 6]]
    assert len(g._0) == 2 and len(g._0[0]) == 3
    g._0[1][2] = 9
    assert g._0[1] == [4, 5, 9]
    assert list(g._0[-1]) == [4, 5, 9]
    assert g._0[0][0:2] == [1, 2]
    g._0[0] = [7, 8, 9]  # type: ignore[assignment]
    g._0[1].assign([1, 1, 1])
    assert g._0 == [[7, 8, 9], [1, 1, 1]]
    g._1 = [ks.Vec3(z=1.0), ks.Vec3(z=2.0)]
    assert [v.z for v in g._1] == [1.0, 2.0]
    with pytest.raises(ValueError):
        g._0 = [[1, 2, 3]]
    with pytest.raises(IndexError):
        g._0[2]
    assert repr(g).startswith("Grid(_0=[[7, 8, 9], [1, 1, 1]], _1=[Vec3(")


def test_struct_by_value_with_arrays() -> None:
    g = ks.echo_grid(ks.Grid([[1, 2, 3], [4, 5, 6]], [ks.Vec3(), ks.Vec3(z=1.5)]))
    assert g._0 == [[1, 2, 3], [4, 5, 7]]
    assert g._1[1].z == 3.0


def test_pair_by_value() -> None:
    assert ks.echo_pair(ks.PairF32(a=1.0, b=2.0)) == ks.PairF32(a=2.0, b=1.0)


def test_packed_struct() -> None:
    p = ks.Packed(a=1, b=0x01020304)
    assert ks.packed_sum(p) == 0x01020305


def test_aligned_by_value() -> None:
    r = ks.echo_aligned(3, ks.Aligned(v=7), 4)
    assert r.v == 734


def test_union() -> None:
    n = ks.Number(i=41)
    assert ks.echo_number(n).i == 42
    assert ks.Number(f=1.5).f == 1.5
    with pytest.raises(ValueError):
        ks.Number(i=1, f=2.0)
    assert ks.Number(i=3) == ks.Number(i=3)
    assert ks.Number(i=3) != ks.Number(i=4)


def test_copy_is_independent() -> None:
    v = ks.Vec3(x=1.0)
    w = v.copy()
    w.x = 2.0
    assert v.x == 1.0 and w.x == 2.0


# ---- tagged unions ----------------------------------------------------------------------

def test_tagged_union_round_trip() -> None:
    r = ks.echo_shape(ks.ShapeRect(w=1.0, h=2.5))
    assert isinstance(r, ks.ShapeRect) and isinstance(r, ks.Shape)
    assert (r.w, r.h) == (2.0, 5.0)
    c = ks.echo_shape(ks.ShapeCircle(1.5))
    assert c == ks.ShapeCircle(3.0)
    assert ks.echo_shape(ks.ShapeEmpty()) == ks.ShapeEmpty()
    assert repr(r) == "ShapeRect(w=2.0, h=5.0)"
    assert not hasattr(r, "_0")
    with pytest.raises(TypeError):
        ks.Shape()


def test_tagged_union_pattern_matching() -> None:
    match ks.echo_shape(ks.ShapeCircle(2.0)):
        case ks.ShapeCircle(r):
            assert r == 4.0
        case _:
            pytest.fail("wrong variant")


def test_inline_tagged_union() -> None:
    assert ks.echo_event(ks.EventKey(41)) == ks.EventKey(42)
    assert ks.echo_event(ks.EventQuit()) == ks.EventQuit()


def test_pointer_to_tagged_union() -> None:
    assert ks.shape_area(ks.ShapeRect(w=2.0, h=3.0)) == 6.0
    assert ks.shape_area(None) == -1.0


def test_tagged_field_is_read_as_copy() -> None:
    e = _everything()
    s = e.shape
    e.shape = ks.ShapeCircle(1.0)
    assert isinstance(s, ks.ShapeRect)  # the earlier read does not change variant
    assert isinstance(e.shape, ks.ShapeCircle)


# ---- callbacks --------------------------------------------------------------------------

def test_callback_from_rust() -> None:
    seen: list[tuple[int, ks.Vec3 | None]] = []

    def cb(value: int, point: ks.Vec3 | None) -> bool:
        seen.append((value, None if point is None else point.copy()))
        return True

    assert ks.call_back(cb, None) == 101
    assert seen == [(7, ks.Vec3(x=1.0, y=2.0, z=3.0))]
    assert ks.call_back(lambda v, p: False, cb) == 10
    assert seen[-1] == (8, None)


def test_callback_object_and_lifetime() -> None:
    cb = ks.Callback(lambda v, p: v == 7)
    assert cb(7, None) is True and cb(8, None) is False
    assert "Callback(<function" in repr(cb)
    before = len(ks._KEPT)
    assert ks.call_back(cb, cb) == 1
    assert len(ks._KEPT) == before + 1  # pinned: the library may have kept it
    cb.release()
    assert len(ks._KEPT) == before


def test_callback_object_stored_in_a_struct_survives() -> None:
    e = _everything()
    e.maybe_callback = ks.Callback(lambda v, p: v == 3)  # no other reference
    gc.collect()
    stored = e.maybe_callback
    assert stored is not None and stored(3, None) is True and stored(4, None) is False


def test_plain_callables_are_kept_alive_once() -> None:
    def f(v: int, p: ks.Vec3 | None) -> bool:
        return True

    before = len(ks._KEPT)
    ks.call_back(f, f)
    ks.call_back(f, None)
    assert len(ks._KEPT) == before + 1
    del f
    gc.collect()
    assert len(ks._KEPT) == before + 1  # still alive: Rust might call it


def test_callback_with_by_value_unions() -> None:
    def m(shape: ks.Shape, event: ks.Event) -> ks.Shape:
        assert event == ks.EventKey(5)
        assert isinstance(shape, ks.ShapeRect)
        return ks.ShapeRect(w=shape.w * 10, h=shape.h * 10)

    r = ks.map_shape(m, ks.ShapeRect(w=1.0, h=2.0), ks.EventKey(5))
    assert r == ks.ShapeRect(w=10.0, h=20.0)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_callback_exception_returns_zero() -> None:
    def boom(v: int, p: ks.Vec3 | None) -> bool:
        raise RuntimeError("boom")

    assert ks.call_back(boom, None) == 100


# ---- Everything: every field, and the struct by value -----------------------------------

def _everything() -> ks.Everything:
    engine = ks.engine_new()
    return ks.Everything(
        p_bool=True,
        p_char="\u00e9",
        p_c_char=-5,
        p_u8=250,
        p_u16=65000,
        p_u32=4000000000,
        p_u64=2**64 - 1,
        p_i8=-100,
        p_i16=-30000,
        p_i32=-2000000000,
        p_i64=-(2**63),
        p_usize=2**64 - 2,
        p_isize=-(2**62),
        p_f32=0.5,
        p_f64=1e300,
        nz=7,
        engine=engine,
        void_ptr=None,
        callback=lambda v, p: True,
        maybe_callback=None,
        color=ks.Color.BLUE,
        flags=ks.Flags.SOME,
        meters=2.5,
        packed=ks.Packed(a=1, b=2),
        aligned=ks.Aligned(v=3),
        pair=ks.PairF32(a=4.0, b=5.0),
        grid=ks.Grid([[1, 2, 3], [4, 5, 6]], [ks.Vec3(x=1.0), ks.Vec3(y=1.0)]),
        number=ks.Number(i=9),
        shape=ks.ShapeRect(w=1.0, h=2.0),
        event=ks.EventKey(3),
    )


def test_everything_fields() -> None:
    e = _everything()
    assert e.p_bool is True and e.p_char == "\u00e9" and e.p_c_char == -5
    assert (e.p_u8, e.p_u16, e.p_u32, e.p_u64) == (250, 65000, 4000000000, 2**64 - 1)
    assert (e.p_i8, e.p_i16, e.p_i32, e.p_i64) == (-100, -30000, -2000000000, -(2**63))
    assert (e.p_usize, e.p_isize, e.p_f32, e.p_f64) == (2**64 - 2, -(2**62), 0.5, 1e300)
    assert e.nz == 7
    assert isinstance(e.engine, ks.Engine) and ks.engine_value(e.engine) == 42
    assert e.void_ptr == ffi.NULL
    assert isinstance(e.callback, ks.Callback) and e.callback(1, None) is True
    assert e.maybe_callback is None
    assert e.color is ks.Color.BLUE and e.flags is ks.Flags.SOME and e.meters == 2.5
    assert (e.packed.a, e.packed.b, e.aligned.v) == (1, 2, 3)
    assert e.pair == ks.PairF32(a=4.0, b=5.0)
    assert e.grid._0 == [[1, 2, 3], [4, 5, 6]]
    assert e.number.i == 9
    assert e.shape == ks.ShapeRect(w=1.0, h=2.0) and e.event == ks.EventKey(3)
    e.pair.a = 40.0  # nested field through a view
    assert e.pair.a == 40.0
    e.maybe_callback = ks.Callback(lambda v, p: False)
    assert e.maybe_callback is not None and e.maybe_callback(0, None) is False
    with pytest.raises(ValueError):
        e.nz = 0
    with pytest.raises(ValueError):
        e.p_char = "ab"
    assert "engine=0x" in repr(e)


def test_everything_by_value() -> None:
    e = _everything()
    out = ks.Everything(nz=1, callback=lambda v, p: False, shape=ks.ShapeEmpty(), event=ks.EventQuit())
    assert ks.echo_everything(e, out) is True
    assert out == e
    assert out.shape == ks.ShapeRect(w=1.0, h=2.0)
    assert ks.sum_everything(out) == 4000000000 + 1e300 + 21 + 2 + 3


# ---- loading ----------------------------------------------------------------------------

def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, PYTHONPATH=HERE, **env)
    full.pop("KITCHEN_SINK_LIBRARY", None)
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=full, capture_output=True, text=True, cwd=HERE
    )


def test_loads_next_to_module() -> None:
    r = _python("import kitchen_sink as ks; print(ks.add(1, 2))", {})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "3"


def test_loads_from_env_var(tmp_path: object) -> None:
    path = os.path.join(HERE, "elsewhere", LIB_FILE)
    r = _python(
        "import kitchen_sink as ks; lib = ks.load(); print(ks.add(1, 2), lib is ks._lib)",
        {"KITCHEN_SINK_LIBRARY": path},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "3 True"


def test_explicit_path_wins() -> None:
    path = os.path.join(HERE, "elsewhere", LIB_FILE)
    r = _python(
        f"import kitchen_sink as ks; ks.load({path!r}); print(ks.add(2, 2))",
        {"KITCHEN_SINK_LIBRARY": "/nonexistent/lib.so"},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "4"


def test_missing_library_error_lists_places() -> None:
    r = _python(
        """
        import kitchen_sink as ks
        try:
            ks.add(1, 2)
        except ks.LibraryNotFoundError as e:
            print(e)
        """,
        {"KITCHEN_SINK_LIBRARY": "/nonexistent/libkitchen_sink.so"},
    )
    assert r.returncode == 0, r.stderr
    assert "$KITCHEN_SINK_LIBRARY: /nonexistent/libkitchen_sink.so (no such file)" in r.stdout
    r = _python(
        """
        import kitchen_sink as ks
        try:
            ks.load("/nope/x.so")
        except OSError as e:
            print(type(e).__name__, e)
        """,
        {},
    )
    assert "LibraryNotFoundError" in r.stdout and "the `path` argument: /nope/x.so" in r.stdout
