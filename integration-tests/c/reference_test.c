/* Calls every function of the reference crate through its generated header and checks every
 * value round-trips. Prints "N passed, M failed" last; exits non-zero on any failure. */
#include <stdio.h>
#include <string.h>
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

/* Compares through memory: on i686, x87 registers carry excess precision, so a value returned
 * in st(0) can differ from the same value after rounding to a 64-bit double. */
static int same_double(double a, double b) {
    volatile double x = a;
    volatile double y = b;
    return x == y;
}

static uint32_t visited_sum = 0;

static bool visit(uint32_t value, void *user) {
    uint32_t *limit = (uint32_t *)user;
    visited_sum += value;
    return value < *limit;
}

static Vec3 flip(Vec3 v) {
    Vec3 out;
    out.x = -v.x;
    out.y = -v.y;
    out.z = -v.z;
    return out;
}

static uint32_t done_calls = 0;

static void on_done(uint32_t count) {
    done_calls += count;
}

static void primitives(void) {
    Primitives p;
    Primitives q;
    uint32_t out = 0;
    int32_t value = 41;
    uint16_t a = 1;
    uint16_t b = 2;
    uint8_t bytes[4] = {1, 2, 3, 250};
    memset(&p, 0, sizeof p);
    p.b = true;
    p.c = 'a';
    p.u8_ = 255;
    p.u16_ = 65535;
    p.u32_ = 7;
    p.u64_ = UINT64_C(1) << 40;
    p.i8_ = -128;
    p.i16_ = -2;
    p.i32_ = -3;
    p.i64_ = INT64_C(-4);
    p.usize_ = 5;
    p.isize_ = -6;
    p.f32_ = 1.5f;
    p.f64_ = 2.25;
    p.ci = 10;
    p.cu = 11;
    p.cl = 12;
    p.cc = 'A';
    q = primitives_bump(p);
    CHECK(q.b == false);
    CHECK(q.c == 'b');
    CHECK(q.u8_ == 0);
    CHECK(q.u16_ == 0);
    CHECK(q.u32_ == 8);
    CHECK(q.u64_ == (UINT64_C(1) << 40) + 1);
    CHECK(q.i8_ == -127);
    CHECK(q.i16_ == -1);
    CHECK(q.i32_ == -2);
    CHECK(q.i64_ == -3);
    CHECK(q.usize_ == 6);
    CHECK(q.isize_ == -5);
    CHECK(q.f32_ == 2.5f);
    CHECK(q.f64_ == 3.25);
    CHECK(q.ci == 11 && q.cu == 12 && q.cl == 13 && q.cc == 'B');
    CHECK(add_u8(200, 100) == 44);
    CHECK(add_i64(INT64_C(-5000000000), 1) == INT64_C(-4999999999));
    CHECK(mul_f64(1.5, 4.0) == 6.0);
    CHECK(negate(true) == false && negate(false) == true);
    CHECK(next_char(0x1F600) == 0x1F601);
    CHECK(nonzero_double(21) == 42);
    CHECK(nonzero_or(0, 9) == 9 && nonzero_or(3, 9) == 3);
    CHECK(write_u32(&out, 77) && out == 77);
    CHECK(!write_u32(NULL, 77));
    increment(&value);
    CHECK(value == 42);
    CHECK(read_or(&value, 0) == 42 && read_or(NULL, -1) == -1);
    swap_nonnull(&a, &b);
    CHECK(a == 2 && b == 1);
    swap_nonnull(&a, NULL);
    CHECK(a == 2);
    CHECK(sum_bytes(bytes, sizeof bytes) == 256);
    CHECK(sum_bytes(NULL, 0) == 0);
    CHECK(c_string_length("hello") == 5 && c_string_length(NULL) == 0);
}

static void geometry(void) {
    Vec3 a = {1.0f, 2.0f, 3.0f};
    Vec3 b = {0.5f, 0.5f, 0.5f};
    Vec3 sum = vec3_add(a, b);
    Vec3 moved;
    Size2 size = {6, 7};
    Pair_f32 pf = {1.25f, 2.5f};
    Pair_u8 pu = {1, 2};
    Pair_u8 swapped;
    Transform t = transform_make(2.0f);
    Transform mine;
    Packed p = packed_make(1, 0x01020304, 0x0506);
    Aligned al = aligned_make(UINT64_C(123456789012));
    Wide w = wide_make(1, UINT64_MAX - 1, 2.5, 65000);
    CHECK(sum.x == 1.5f && sum.y == 2.5f && sum.z == 3.5f);
    vec3_scale(&a, 2.0f);
    CHECK(a.x == 2.0f && a.y == 4.0f && a.z == 6.0f);
    moved = my_game_function(&b);
    CHECK(moved.y == 1.5f && moved.x == 0.5f);
    moved = my_game_function(NULL);
    CHECK(moved.x == 0.0f && moved.y == 1.0f && moved.z == 0.0f);
    CHECK(size_area(size) == 42);
    CHECK(pair_sum(pf) == 3.75f);
    swapped = pair_swap_u8(pu);
    CHECK(swapped.first == 2 && swapped.second == 1);
    CHECK(t.position.x == 2.0f && t.position.z == 4.0f);
    CHECK(t.corners[0].x == -2.0f && t.corners[1].z == 4.0f);
    CHECK(t.matrix[0][2] == 3.0f && t.matrix[1][2] == 2.0f);
    CHECK(t.size._0 == 3 && t.size._1 == 4);
    CHECK(t.flags[0] == 1 && t.flags[2] == 3);
    CHECK(t.weights.first == 0.25f && t.weights.second == 0.75f);
    CHECK(transform_sum(&t) == 2.0f + 3.0f + 4.0f - 2.0f + 4.0f + 21.0f - 6.0f + 2.0f + 7.0f + 6.0f + 1.0f);
    memset(&mine, 0, sizeof mine);
    mine.matrix[1][1] = 10.0f;
    mine.flags[1] = 5;
    mine.size._1 = 100;
    CHECK(transform_sum(&mine) == 115.0f);
    CHECK(meters_double(1.25) == 2.5);
    CHECK(id_next(41) == 42);
    CHECK(p.a == 1 && p.b == 0x01020304 && p.c == 0x0506);
    CHECK(packed_sum(p) == 1 + 0x01020304 + 0x0506);
    CHECK(sizeof(Packed) == 7);
    CHECK(al.value == UINT64_C(123456789012) && al.tag == 7);
    CHECK(sizeof(Aligned) == 16);
    CHECK(w.small == 1 && w.big == UINT64_MAX - 1 && w.real == 2.5 && w.last == 65000);
    CHECK(wide_check(w));
    w.last = 1;
    CHECK(!wide_check(w));
}

static void enums(void) {
    Shape circle = shape_make(0);
    Shape rect = shape_make(1);
    Shape empty = shape_make(2);
    Shape mine;
    Event key = event_make(0);
    Event mv = event_make(1);
    Event quit = event_make(2);
    Event built;
    Mixed one = mixed_make(0);
    Mixed two = mixed_make(1);
    Mixed nothing = mixed_make(2);
    Mixed m;
    CHECK(COLOR_RED == 0 && COLOR_GREEN == 10 && COLOR_BLUE == 11 && COLOR_NEGATIVE == -3);
    CHECK(color_next(COLOR_RED) == COLOR_GREEN && color_next(COLOR_BLUE) == COLOR_NEGATIVE);
    CHECK(color_value(COLOR_NEGATIVE) == -3);
    CHECK(small_flip(SMALL_A) == SMALL_B && SMALL_B == 200 && sizeof(Small) == 1);
    CHECK(signed16_flip(SIGNED16_LOW) == SIGNED16_HIGH && sizeof(Signed16) == 2);
    CHECK(big32_flip(BIG32_MAX) == BIG32_ZERO && BIG32_MAX == UINT32_C(4000000000));
    CHECK(huge_value(HUGE_MIN) == INT64_C(-9000000000) && sizeof(Huge) == 8);
    CHECK(circle.tag == SHAPE_CIRCLE && circle.payload.circle._0 == 1.5f);
    CHECK(rect.tag == SHAPE_RECT && rect.payload.rect.w == 2.0f && rect.payload.rect.h == 4.5);
    CHECK(empty.tag == SHAPE_EMPTY);
    CHECK(shape_area(rect) == 9.0 && shape_area(empty) == 0.0);
    memset(&mine, 0, sizeof mine);
    mine.tag = SHAPE_CIRCLE;
    mine.payload.circle._0 = 2.0f;
    CHECK(shape_area(mine) == 12.0);
    CHECK(key.tag == EVENT_KEY && key.key._0 == 65);
    CHECK(mv.tag == EVENT_MOVE && mv.move.dx == -2 && mv.move.dy == 3);
    CHECK(quit.tag == EVENT_QUIT);
    CHECK(event_code(&key) == 65 && event_code(&mv) == -1997 && event_code(&quit) == -1);
    memset(&built, 0, sizeof built);
    built.move.tag = EVENT_MOVE;
    built.move.dx = 4;
    built.move.dy = -5;
    CHECK(event_code(&built) == 3995);
    CHECK(one.tag == MIXED_ONE && one.payload.one._0 == 5);
    CHECK(two.tag == MIXED_TWO && two.payload.two._0 == UINT64_MAX && two.payload.two._1 == 3);
    CHECK(nothing.tag == MIXED_NOTHING && MIXED_NOTHING == 9 && sizeof(Mixed_Tag) == 2);
    CHECK(mixed_code(one) == 5 && mixed_code(nothing) == 9);
    memset(&m, 0, sizeof m);
    m.tag = MIXED_TWO;
    m.payload.two._0 = 10;
    m.payload.two._1 = 20;
    CHECK(mixed_code(m) == 30);
}

static void unions_and_opaque(void) {
    Number n = number_from_int(INT64_C(0x4000000000000000));
    Number mine;
    Counter *c = counter_new(5);
    CHECK(n.int_ == INT64_C(0x4000000000000000));
    CHECK(number_as_real(n) == 2.0);
    mine.real = 0.5;
    CHECK(number_as_real(mine) == 0.5 && mine.bytes[7] == 0x3f);
    CHECK(c != NULL);
    CHECK(counter_increment(c) == 6 && counter_increment(c) == 7);
    CHECK(counter_get(c) == 7 && counter_get(NULL) == 0);
    CHECK(counter_free(c) == 2 && counter_free(NULL) == 0);
    CHECK(handle_address((const Handle *)(uintptr_t)0x1000) == 0x1000 && handle_address(NULL) == 0);
}

static void callbacks(void) {
    uint32_t limit = 3;
    Vec3 v = {1.0f, -2.0f, 3.0f};
    Vec3 out;
    Transformer t;
    fn_i32_ret_i32 doubler = get_doubler();
    CHECK(visit_numbers(10, visit, &limit) == 3 && visited_sum == 6);
    out = apply_optional(v, flip);
    CHECK(out.x == -1.0f && out.y == 2.0f && out.z == -3.0f);
    out = apply_optional(v, NULL);
    CHECK(out.x == 1.0f && out.y == -2.0f);
    t.apply = flip;
    t.on_done = on_done;
    out = run_transformer(&t, v);
    CHECK(out.z == -3.0f && done_calls == 1);
    t.on_done = NULL;
    out = run_transformer(&t, v);
    CHECK(done_calls == 1);
    CHECK(doubler(21) == 42);
}

static void constants_and_statics(void) {
    CHECK(ANSWER == constant_answer() && ANSWER == 42);
    CHECK(NEGATIVE == -84);
    CHECK(MASK == 127);
    CHECK(SHIFTED == UINT64_C(1099511627776));
    CHECK(BIG == UINT64_MAX);
    CHECK(SMALLEST == INT64_MIN);
    CHECK(HALF == 0.5f);
    CHECK(same_double(TAU_ISH, constant_tau_ish()));
    CHECK(ENABLED == true);
    CHECK(LETTER == 'Z');
    CHECK(AS_CAST == 4464);
    CHECK(SIZE == 12);
    CHECK(ORIGIN.x == 0.0f && ORIGIN.y == 0.0f && ORIGIN.z == 0.0f);
    CHECK(count_call() == 1 && CALL_COUNT == 1);
    CALL_COUNT = 10;
    CHECK(count_call() == 11);
}

static void cfg_gated(void) {
    CHECK(only_on_linux() == 1);
    CHECK(extras_enabled());
}

/* The current half of the legacy module (the deprecated half is c/deprecated_test.c, which
 * expects warnings), and the exported arrays. */
static void legacy_and_arrays(void) {
    CHECK(legacy_sum(40, 2) == 42);
    CHECK(sizeof PRIMES / sizeof PRIMES[0] == 4);
    CHECK(PRIMES[0] == 2 && PRIMES[1] == 3 && PRIMES[2] == 5 && PRIMES[3] == 7);
    CHECK(scratch_sum() == 0);
    SCRATCH[0] = 1;
    SCRATCH[3] = 200;
    CHECK(scratch_sum() == 201);
    memset(SCRATCH, 0, sizeof SCRATCH);
    CHECK(scratch_sum() == 0);
}

int main(void) {
    primitives();
    geometry();
    enums();
    unions_and_opaque();
    callbacks();
    constants_and_statics();
    cfg_gated();
    legacy_and_arrays();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
