"""A small program using the generated module; `mypy --strict` must accept it as is."""

from __future__ import annotations

import kitchen_sink as ks


def area(shape: ks.Shape) -> float:
    match shape:
        case ks.ShapeRect(w=w, h=h):
            return w * h
        case ks.ShapeCircle(r):
            return 3.0 * r * r
        case _:
            return 0.0


def on_value(value: int, point: ks.Vec3 | None) -> bool:
    return point is not None and point.x > 0.0 and value > 3


def main() -> None:
    v: ks.Vec3 = ks.my_game_function(ks.Vec3(x=1.0, y=2.0, z=3.0))
    total: float = v.x + v.y + v.z
    n: int = ks.add(1, 2) + ks.name_of("abc") + ks.name_of(b"x") + ks.name_of(None)
    print(total, n, repr(ks.my_game_function(None)))

    color: ks.Color = ks.next_color(ks.Color.RED)
    flags: ks.Flags = ks.echo_flags(ks.Flags.ALL)
    meters: ks.Meters = ks.double_meters(2.0)
    print(color.name, int(flags), meters, ks.next_char("a"))

    shape = ks.echo_shape(ks.ShapeRect(w=1.0, h=2.0))
    print(area(shape), isinstance(ks.echo_event(ks.EventKey(1)), ks.EventKey))

    cb = ks.Callback(on_value)
    ok: bool = cb(5, ks.Vec3(x=1.0))
    print(ok, ks.call_back(cb, None), ks.call_back(lambda value, point: True, on_value))

    grid = ks.Grid([[1, 2, 3], [4, 5, 6]], [ks.Vec3(), ks.Vec3()])
    row: ks.FixedArray[int] = grid._0[0]
    row[1] = 9
    grid._0 = [[0, 0, 0], [1, 1, 1]]
    points: list[float] = [p.z for p in grid._1]
    print(row, points, len(grid._0))

    engine = ks.engine_new()
    if engine is not None:
        value: int = ks.engine_value(engine)
        print(engine, value)

    number = ks.echo_number(ks.Number(i=1))
    aligned = ks.echo_aligned(1, ks.Aligned(v=2), 3)
    print(number.i, aligned.v, ks.packed_sum(ks.Packed(a=1, b=2)))

    origin: ks.Vec3 = ks.statics.ORIGIN
    ks.statics.COUNTER = ks.statics.COUNTER + 1
    everything = ks.Everything(
        nz=1, callback=on_value, shape=ks.ShapeEmpty(), event=ks.EventQuit(), color=ks.Color.GREEN
    )
    everything.pair.a = 1.5
    everything.maybe_callback = None
    done: bool = ks.echo_everything(everything, everything.copy())
    maximum: int = ks.MAX_U32
    pi: float = ks.PI
    print(origin, done, maximum, pi, ks.shape_area(shape))
    shadows = ks.Shadows(int_=1, bytes_=[1, 2])
    shadow_sum: int = shadows.int_ + shadows.bytes_[0] + shadows.id
    print(shadow_sum, shadows.str_, shadows.float_ * 2.0)
    raw: ks.CData = ks.ffi.new("uint32_t *")
    print(raw)


if __name__ == "__main__":
    main()
