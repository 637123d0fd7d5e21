"""A small program using the generated `reference` module: `mypy --strict` must accept it as
is (run by `tests/python_runtime.rs`, which also runs it, so it must work, not only type-check).
"""

from __future__ import annotations

import reference as r


def describe(shape: r.Shape) -> str:
    match shape:
        case r.ShapeCircle(radius):
            return f"circle {radius}"
        case r.ShapeRect(w=w, h=h):
            return f"rect {w * h}"
        case _:
            return "empty"


def event_text(event: r.Event) -> str:
    if isinstance(event, r.EventMove):
        return f"move {event.dx},{event.dy}"
    if isinstance(event, r.EventKey):
        return f"key {event._0}"
    return "quit"


def flip(v: r.Vec3) -> r.Vec3:
    return r.Vec3(x=-v.x, y=-v.y, z=-v.z)


def main() -> None:
    # Primitives, char, bool, NonZero.
    p = r.primitives_bump(r.Primitives(b=True, c="a", u64=1 << 40, f32=1.5, usize=3))
    letter: str = p.c
    flag: bool = p.b
    big: int = p.u64 + p.usize
    real: float = p.f32 + p.f64
    total: int = r.add_u8(1, 2) + r.add_i64(3, 4) + r.nonzero_double(5) + r.nonzero_or(0, 1)
    print(letter, flag, big, real, total, r.negate(False), r.next_char("y"), r.mul_f64(2.0, 3.0))

    # Raw pointers are cffi cdata; C strings take str, bytes or None.
    out: r.CData = r.ffi.new("uint32_t *")
    ok: bool = r.write_u32(out, 7) and not r.write_u32(None, 7)
    n = r.ffi.new("int32_t *", 1)
    r.increment(n)
    length: int = r.c_string_length("abc") + r.c_string_length(b"de") + r.c_string_length(None)
    print(ok, out[0], r.read_or(n, 0), r.read_or(None, -1), length)

    # Structs by value and by pointer, Option<&T>, nested structs and arrays.
    v: r.Vec3 = r.vec3_add(r.Vec3(x=1.0), r.Vec3(y=2.0))
    r.vec3_scale(v, 2.0)
    moved: r.Vec3 = r.my_game_function(None)
    t: r.Transform = r.transform_make(1.0)
    corner: r.Vec3 = t.corners[0]
    row: r.FixedArray[float] = t.matrix[1]
    row[0] = 2.5
    t.flags = [1, 2, 3]
    t.matrix = [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    flags: list[int] = list(t.flags)
    size: r.Size2 = r.Size2(2, 3)
    print(v, moved, corner, flags, r.transform_sum(t), r.size_area(size), t.copy() == t)
    pair: r.PairU8 = r.pair_swap_u8(r.PairU8(first=1, second=2))
    meters: r.Meters = r.meters_double(1.5)
    ident: r.IdVec3 = r.id_next(1)
    aligned: r.Aligned = r.aligned_make(9)
    wide: r.Wide = r.wide_make(1, 2, 3.0, 4)
    grid: int = r.grid_length(r.GridVec3(x=1, y=2, z=3))
    print(pair.first, r.pair_sum(r.PairF32(first=1.0)), meters, ident, aligned.tag)
    print(r.wide_check(wide), grid, r.Packed(a=1, b=2, c=3))

    # Enums and tagged unions.
    color: r.Color = r.color_next(r.Color.RED)
    small: r.Small = r.small_flip(r.Small.A)
    print(color.name, r.color_value(color), small, r.signed16_flip(r.Signed16.LOW))
    print(r.big32_flip(r.Big32.MAX), r.huge_value(r.Huge.MIN))
    shapes: list[r.Shape] = [r.shape_make(i) for i in range(3)] + [r.ShapeRect(w=1.0, h=2.0)]
    areas: list[float] = [r.shape_area(s) for s in shapes]
    print([describe(s) for s in shapes], areas)
    print(event_text(r.event_make(1)), r.event_code(r.EventKey(3)))
    mixed: r.Mixed = r.mixed_make(1)
    print(r.mixed_code(mixed), r.mixed_code(r.MixedTwo(1, 2)), isinstance(mixed, r.MixedTwo))

    # The union.
    number: r.Number = r.number_from_int(1)
    as_int: int = number.int_
    byte: int = number.bytes_[0]
    print(as_int, byte, r.number_as_real(r.Number(real=0.5)))

    # Opaque handles.
    counter: r.Counter = r.counter_new(1)
    count: int = r.counter_increment(counter) + r.counter_get(counter) + r.counter_get(None)
    freed: int = r.counter_free(counter)
    print(count, freed, r.handle_address(None))

    # Callbacks: functions, lambdas and callback objects; a Rust function pointer.
    def visit(value: int, user: r.CData) -> bool:
        return value < 3

    calls: int = r.visit_numbers(5, visit, None)
    flipped: r.Vec3 = r.apply_optional(r.Vec3(x=1.0), flip)
    same: r.Vec3 = r.apply_optional(r.Vec3(x=1.0), None)
    done: list[int] = []
    transformer = r.Transformer(apply=flip, on_done=done.append)
    out_v: r.Vec3 = r.run_transformer(transformer, r.Vec3(z=1.0))
    transformer.on_done = None
    doubler: r.FnI32RetI32 = r.get_doubler()
    doubled: int = doubler(21)
    callback = r.FnU32RetU32(lambda x: x + 1)
    print(calls, flipped, same, out_v, done, doubled, r.bench_callback(callback, 1))
    callback.release()

    # Constants and statics.
    answer: int = r.ANSWER
    tau: float = r.TAU_ISH
    enabled: bool = r.ENABLED
    origin: r.Vec3 = r.statics.ORIGIN
    r.statics.CALL_COUNT = r.statics.CALL_COUNT + 1
    print(answer == r.constant_answer(), tau == r.constant_tau_ish(), enabled, origin, r.LETTER)
    print(r.count_call(), r.only_on_linux(), r.extras_enabled())

    # The benchmark functions.
    r.bench_noop()
    print(r.bench_add(1, 2), r.bench_vec3(r.Vec3()))


def patterns() -> None:
    """The pattern idioms, typed: slices, strings, owned values, options, errors, services."""
    import array

    import numpy as np

    total: float = r.pattern_sum_f32([1.0, 2.0]) + r.pattern_sum_f32(array.array("f", [1.0]))
    total += r.pattern_sum_f32(np.ones(2, dtype=np.float32)) + r.pattern_sum_f32(b"")
    buf = bytearray(3)
    r.pattern_fill_bytes(buf, 1)
    greeting: str = r.pattern_greet("typed")
    values: list[int] = r.pattern_range(3)
    points: list[r.Vec3] = r.pattern_points(1)
    maybe: int | None = r.pattern_maybe(True, 1)
    scaled: r.Vec3 | None = r.pattern_scale(None, 1.0)
    flag: bool = r.pattern_not(False)
    chars: int = r.pattern_count_chars("abc") + r.pattern_c_string_len("ab")
    try:
        r.pattern_divide(1, 0)
    except r.PatternErrorException as e:
        err: r.PatternError = e.error
        print("error", err.name, e.code)
    summed: int = r.pattern_call_each(2, lambda v: v * 2)
    with r.Engine("typed", 4) as engine:
        engine.set_listener(lambda v: None)
        engine.push(1.0)
        engine.push_all([2.0])
        name: str = engine.name()
        got: list[float] = engine.values()
        print(name, got, engine.sum(), engine.get(0), engine.is_empty(), engine.view())
    try:
        engine.count()
    except r.ServiceClosedError:
        print("closed")
    fp: int = r.API_FINGERPRINT
    print(total, bytes(buf), greeting, values, points, maybe, scaled, flag, chars, summed, fp > 0)


if __name__ == "__main__":
    main()
    patterns()
