"""Calls the Rust library through the generated hello_world.py (cffi, ABI mode)."""

import sys

import hello_world
from hello_world import Vec3, my_game_function

moved = my_game_function(Vec3(x=1.0, y=2.0, z=3.0))
from_origin = my_game_function(None)
print(f"Python: my_game_function(Vec3(1, 2, 3)) = {moved!r}")
print(f"Python: my_game_function(None) = {from_origin!r}")
ok = moved == Vec3(x=1.0, y=3.0, z=3.0) and from_origin.y == 1.0
print(f"Python: loaded {hello_world.__name__} module, checks {'passed' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
