"""Drives the `services` example engine from Python through the generated services.py.

A world of falling bodies: created with a name and gravity, bodies added one by one and from a
list (a slice of `Vec2`), a landing listener (any callable: Rust keeps it
alive until the engine drops it), stepping, positions back as `Vec2 | None` and as a list,
a description string (owned by Python once returned), and errors as exceptions.
"""

from __future__ import annotations

import sys

import services as s


def main() -> int:
    landings: list[tuple[int, float]] = []
    with s.Engine.create("demo world", -9.81) as engine:
        engine.on_landing(lambda body, speed: landings.append((body, round(speed, 2))))
        first = engine.add_body(s.Vec2(x=0.0, y=10.0), s.Vec2(x=1.0, y=0.0))
        engine.add_bodies([s.Vec2(x=5.0, y=1.0), s.Vec2(x=6.0, y=2.0)])
        for _ in range(200):
            engine.step(0.01)
        print(f"Python: {engine.describe()}")
        print(f"Python: body {first} at {engine.position(first)!r}, unknown body -> {engine.position(99)!r}")
        print(f"Python: positions {[(round(p.x, 2), p.y) for p in engine.positions()]}")
        print(f"Python: landings (body, speed) {sorted(landings)}")
        try:
            engine.step(0.0)
        except s.EngineErrorException as e:
            print(f"Python: step(0.0) raised {type(e).__name__}: {e.error.name}")
        count = engine.body_count()
    try:
        engine.time()
    except s.ServiceClosedError:
        print("Python: the engine is closed after the with block")
    try:
        s.Engine.create(b"\xff", -1.0)
    except s.EngineErrorException as e:
        print(f"Python: a non-UTF-8 name raised {e.error.name}")
    ok = count == 3 and len(landings) == 3
    print(f"Python: services example {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
