"""Misuse `mypy --strict` must catch: each line marked `# error` is reported, no other."""

from __future__ import annotations

import kitchen_sink as ks


def main() -> None:
    ks.add("1", 2)  # error
    v: ks.Vec3 = ks.add(1, 2)  # error
    ks.Vec3(x="a")  # error
    ks.Vec3(w=1.0)  # error
    ks.my_game_function(ks.PairF32())  # error
    s: ks.ShapeRect = ks.echo_shape(ks.ShapeEmpty())  # error
    ks.call_back(lambda value: True, None)  # error
    ks.statics.ORIGIN = ks.Vec3()  # error
    ks.Everything(callback=None, nz=1, shape=ks.ShapeEmpty(), event=ks.EventQuit())  # error
    c: str = ks.next_color(ks.Color.RED)  # error
    ks.Grid()._0 = [1, 2, 3]  # error
    print(v, s, c)
