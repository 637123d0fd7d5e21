#include <stdio.h>
#include "hello_world.h"

int main(void) {
    Vec3 input = {1.0f, 2.0f, 3.0f};
    Vec3 moved = my_game_function(&input);
    Vec3 from_origin = my_game_function(NULL);
    printf("C: my_game_function({1, 2, 3}) = {%g, %g, %g}\n", moved.x, moved.y, moved.z);
    printf("C: my_game_function(NULL) = {%g, %g, %g}\n", from_origin.x, from_origin.y, from_origin.z);
    return (moved.y == 3.0f && from_origin.y == 1.0f) ? 0 : 1;
}
