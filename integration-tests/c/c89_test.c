/* A C89 program (`-std=c89 -pedantic`) using the reference crate through its C89 header
 * (`reference_c89.h`): structs by value and by pointer, the `bool` typedef, 64-bit constants
 * spelled from 32-bit halves, an opaque handle, and the exported arrays. Prints
 * "N passed, M failed" last. */
#include <stdio.h>
#include <string.h>
#include "reference_c89.h"

static int passed = 0;
static int failed = 0;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (cond) {                                                         \
            passed++;                                                       \
        } else {                                                            \
            failed++;                                                       \
            printf("FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);        \
        }                                                                   \
    } while (0)

/* The high and low 32 bits, so no `long long` is needed to compare 64-bit values. */
static int halves(uint64_t v, unsigned long hi, unsigned long lo) {
    return (unsigned long)(v >> 16 >> 16) == hi && (unsigned long)(v & 0xFFFFFFFFUL) == lo;
}

int main(void) {
    Vec3 a;
    Vec3 b;
    Vec3 sum;
    Vec3 defaulted;
    Counter *counter;
    reference_bool yes = 1;
    int i;

    a.x = 1.0f;
    a.y = 2.0f;
    a.z = 3.0f;
    b = a;
    sum = vec3_add(a, b);
    CHECK(sum.x == 2.0f && sum.y == 4.0f && sum.z == 6.0f);
    defaulted = my_game_function(NULL);
    CHECK(defaulted.y == 1.0f);

    CHECK(sizeof(reference_bool) == 1);
    CHECK(negate(yes) == 0 && negate(0) == 1);
    CHECK(extras_enabled() == 1 && ENABLED == 1);

    CHECK(halves(BIG, 0xFFFFFFFFUL, 0xFFFFFFFFUL));
    CHECK(halves((uint64_t)SMALLEST, 0x80000000UL, 0UL));
    CHECK(SMALLEST < 0 && sizeof(SMALLEST) == 8);
    CHECK(halves(SHIFTED, 0x100UL, 0UL));
    CHECK(add_i64(SMALLEST, 1) == SMALLEST + 1);

    counter = counter_new(SHIFTED);
    CHECK(counter != NULL);
    CHECK(halves(counter_increment(counter), 0x100UL, 1UL));
    CHECK(halves(counter_get(counter), 0x100UL, 1UL));
    CHECK(counter_free(counter) == 1);

    for (i = 0; i < 4; i++) {
        SCRATCH[i] = (uint8_t)PRIMES[i];
    }
    CHECK(scratch_sum() == 2 + 3 + 5 + 7);
    memset(SCRATCH, 0, sizeof SCRATCH);
    CHECK(legacy_sum(20, 22) == 42);

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
