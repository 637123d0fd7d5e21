/* Uses the deprecated part of the reference crate: the compiler must warn for each use, with
 * the note from `#[deprecated]`, and the program must still link and run. Prints
 * "N passed, M failed" last. */
#include <stdio.h>
#include "reference.h"

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

int main(void) {
    OldPoint p;
    p.x = 40;
    p.y = 2;
    CHECK(legacy_add(1, 2) == 3);
    CHECK(old_point_sum(p) == 42);
    CHECK(OLD_LIMIT == 10);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
