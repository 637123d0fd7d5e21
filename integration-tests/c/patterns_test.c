/* Exercises every interoptopus pattern of the reference crate from C, error paths included:
 * slices (null with a length), UTF-8 views (invalid UTF-8), C strings, owned strings and
 * vectors (released with the generated free functions), options, booleans, error enums and
 * results, callbacks with state and destructors, panics caught by guarded functions, a
 * service, a struct whose Rust-only marker fields are skipped, and the API fingerprint.
 *
 * `patterns_test [rounds]` repeats the ownership part (strings out, vectors out, services
 * created and destroyed) `rounds` times, for the memory test under valgrind;
 * `patterns_test <rounds> leak` also leaks one owned string on purpose (the negative control
 * that shows the memory test can fail).
 * Prints "N passed, M failed" last; exits non-zero on any failure. */
#include <stdio.h>
#include <stdlib.h>
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

static Slice_f32 slice_f32(const float *ptr, size_t len) {
    Slice_f32 s;
    s.ptr = ptr;
    s.len = len;
    return s;
}

static StrView str_view(const char *text, size_t len) {
    StrView v;
    v.ptr = (const uint8_t *)text;
    v.len = len;
    return v;
}

static StrView str_of(const char *text) {
    return str_view(text, strlen(text));
}

/* ---- callbacks with state ---- */

typedef struct {
    uint32_t calls;
    uint32_t drops;
    float pushed;
} CallState;

static uint32_t times_ten(uint32_t value, void *data) {
    CallState *s = (CallState *)data;
    s->calls++;
    return value * 10;
}

static void on_push(float value, void *data) {
    CallState *s = (CallState *)data;
    s->calls++;
    s->pushed += value;
}

static void release_state(void *data) {
    CallState *s = (CallState *)data;
    s->drops++;
}

/* Heap-allocated user data the destructor frees: valgrind sees a leak if Rust skips it. */
static void free_heap_state(void *data) {
    free(data);
}

static void slices(void) {
    float values[4] = {1.0f, 2.0f, 3.5f, -0.5f};
    FfiResult_f32_PatternError r = pattern_sum_f32(slice_f32(values, 4));
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 6.0f);
    r = pattern_sum_f32(slice_f32(NULL, 0));
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 0.0f);
    /* Null with a length: refused, never read. */
    r = pattern_sum_f32(slice_f32(NULL, 3));
    CHECK(r.error == PATTERN_ERROR_NULL_POINTER);

    {
        Vec3 points[2];
        Slice_Vec3 s;
        Vec3 sum;
        points[0].x = 1.0f; points[0].y = 2.0f; points[0].z = 3.0f;
        points[1].x = 4.0f; points[1].y = 5.0f; points[1].z = 6.0f;
        s.ptr = points;
        s.len = 2;
        sum = pattern_sum_vec3(s);
        CHECK(sum.x == 5.0f && sum.y == 7.0f && sum.z == 9.0f);
    }
    {
        uint8_t bytes[5] = {0, 0, 0, 0, 0};
        SliceMut_u8 out;
        out.ptr = bytes;
        out.len = 5;
        CHECK(pattern_fill_bytes(out, 250) == PATTERN_ERROR_OK);
        CHECK(bytes[0] == 250 && bytes[4] == 254);
        out.ptr = NULL;
        CHECK(pattern_fill_bytes(out, 1) == PATTERN_ERROR_NULL_POINTER);
        out.len = 0;
        CHECK(pattern_fill_bytes(out, 1) == PATTERN_ERROR_OK);
    }
}

static void strings(void) {
    static const char invalid[] = {'o', 'k', (char)0xff, '!', 0};
    FfiResult_u32_PatternError r = pattern_count_chars(str_of("gr\xc3\xbc\xc3\x9f"));
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 4);
    r = pattern_count_chars(str_view(NULL, 0));
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 0);
    r = pattern_count_chars(str_view(invalid, 4));
    CHECK(r.error == PATTERN_ERROR_INVALID_UTF8);
    r = pattern_count_chars(str_view(NULL, 2));
    CHECK(r.error == PATTERN_ERROR_NULL_POINTER);
    /* Not NUL-terminated: only `len` bytes count. */
    r = pattern_count_chars(str_view("abcdef", 3));
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 3);

    r = pattern_c_string_len("hello");
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 5);
    r = pattern_c_string_len(invalid);
    CHECK(r.error == PATTERN_ERROR_INVALID_UTF8);
    r = pattern_c_string_len(NULL);
    CHECK(r.error == PATTERN_ERROR_NULL_POINTER);
}

static void owned(void) {
    OwnedString s = pattern_greet(str_of("C"));
    CHECK(s.len == 9);
    CHECK(strcmp((const char *)s.ptr, "Hello, C!") == 0);
    reference_free_OwnedString(s);

    s = pattern_greet(str_view("\xff", 1));
    CHECK(strcmp((const char *)s.ptr, "Hello, stranger!") == 0);
    reference_free_OwnedString(s);

    {
        OwnedVec_u32 v = pattern_range(5);
        CHECK(v.len == 5 && v.ptr != NULL && v.ptr[0] == 0 && v.ptr[4] == 4);
        reference_free_OwnedVec_u32(v);
        v = pattern_range(0);
        CHECK(v.len == 0 && v.ptr == NULL);
        reference_free_OwnedVec_u32(v);
    }
    {
        OwnedVec_Vec3 p = pattern_points(3);
        CHECK(p.len == 3 && p.ptr[2].x == 2.0f && p.ptr[2].y == 0.0f);
        reference_free_OwnedVec_Vec3(p);
    }
}

static void options_and_bools(void) {
    FfiOption_Vec3 in;
    FfiOption_Vec3 out;
    FfiOption_u32 m;
    memset(&in, 0, sizeof in);
    in.value.x = 1.0f;
    in.value.y = -2.0f;
    in.value.z = 0.5f;
    in.is_some = 1;
    out = pattern_scale(in, 2.0f);
    CHECK(out.is_some == 1 && out.value.x == 2.0f && out.value.y == -4.0f && out.value.z == 1.0f);
    in.is_some = 0;
    out = pattern_scale(in, 2.0f);
    CHECK(out.is_some == 0);
    m = pattern_maybe(1, 7);
    CHECK(m.is_some == 1 && m.value == 7);
    m = pattern_maybe(0, 7);
    CHECK(m.is_some == 0 && m.value == 0);
    CHECK(pattern_not(0) == 1);
    CHECK(pattern_not(1) == 0);
    CHECK(pattern_not(5) == 0);
    CHECK(sizeof(Bool) == 1);
}

static void errors(void) {
    FfiResult_i32_PatternError r = pattern_divide(10, 3);
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 3);
    r = pattern_divide(1, 0);
    CHECK(r.error == PATTERN_ERROR_INVALID_ARGUMENT && r.value == 0);
    CHECK(pattern_check_even(4) == PATTERN_ERROR_OK);
    CHECK(pattern_check_even(5) == PATTERN_ERROR_INVALID_ARGUMENT);
}

static void panics(void) {
    FfiResult_u32_PatternError r;
    CHECK(pattern_panic_error(0) == PATTERN_ERROR_OK);
    CHECK(pattern_panic_error(1) == PATTERN_ERROR_PANIC);
    r = pattern_panic_result(4);
    CHECK(r.error == PATTERN_ERROR_OK && r.value == 25);
    r = pattern_panic_result(0);
    CHECK(r.error == PATTERN_ERROR_PANIC);
    CHECK(pattern_panic_value(9) == 9);
    CHECK(pattern_panic_value(0) == 4242);
    /* The library keeps working after a caught panic. */
    CHECK(pattern_panic_error(0) == PATTERN_ERROR_OK);
}

static void callbacks(void) {
    CallState state = {0, 0, 0.0f};
    Callback_OnValue cb;
    cb.call = times_ten;
    cb.data = &state;
    cb.drop = release_state;
    CHECK(pattern_call_each(3, cb) == 60);
    CHECK(state.calls == 3);
    CHECK(state.drops == 1); /* Rust released the data once, at the end of the call. */

    cb.drop = NULL; /* Keep ownership: Rust must not call a destructor. */
    CHECK(pattern_call_each(2, cb) == 30);
    CHECK(state.calls == 5 && state.drops == 1);

    cb.call = NULL; /* No function: Rust skips the calls. */
    cb.drop = release_state;
    CHECK(pattern_call_each(4, cb) == 0);
    CHECK(state.calls == 5 && state.drops == 2);

    {
        CallState *heap = (CallState *)calloc(1, sizeof(CallState));
        cb.call = times_ten;
        cb.data = heap;
        cb.drop = free_heap_state;
        CHECK(pattern_call_each(1, cb) == 10);
    }
}

/* Any non-null value: a failing constructor must overwrite it with NULL. */
static int not_a_handle;

static void service(void) {
    Engine *engine = (Engine *)(void *)&not_a_handle;
    CallState listener_state = {0, 0, 0.0f};
    CallState first_state = {0, 0, 0.0f};
    Callback_OnPush listener;
    float more[2] = {10.0f, 20.0f};

    CHECK(engine_new(&engine, str_of("dead"), 0) == PATTERN_ERROR_INVALID_ARGUMENT);
    CHECK(engine == NULL);
    CHECK(engine_new(NULL, str_of("nowhere"), 4) == PATTERN_ERROR_NULL_POINTER);
    CHECK(engine_new(&engine, str_view("\xc3\x28", 2), 4) == PATTERN_ERROR_INVALID_UTF8);
    CHECK(engine == NULL);
    CHECK(engine_new(&engine, str_of("main"), 4) == PATTERN_ERROR_OK);
    CHECK(engine != NULL);
    if (engine == NULL) {
        return;
    }
    CHECK(engine_is_empty(engine) == 1);

    listener.call = on_push;
    listener.data = &first_state;
    listener.drop = release_state;
    engine_set_listener(engine, listener);
    CHECK(engine_push(engine, 1.5f) == PATTERN_ERROR_OK);
    CHECK(first_state.calls == 1 && first_state.pushed == 1.5f);
    listener.data = &listener_state;
    engine_set_listener(engine, listener); /* the first listener's destructor runs now */
    CHECK(first_state.drops == 1);

    CHECK(engine_push(engine, 2.5f) == PATTERN_ERROR_OK);
    CHECK(engine_push_all(engine, slice_f32(more, 2)) == PATTERN_ERROR_OK);
    CHECK(engine_push(engine, 99.0f) == PATTERN_ERROR_INVALID_ARGUMENT); /* full */
    CHECK(engine_push_all(engine, slice_f32(NULL, 1)) == PATTERN_ERROR_NULL_POINTER);
    CHECK(listener_state.calls == 3 && listener_state.pushed == 32.5f);
    CHECK(engine_count(engine) == 4);
    CHECK(engine_is_empty(engine) == 0);
    CHECK(engine_sum(engine) == 34.0f);
    {
        FfiResult_f32_PatternError g = engine_get(engine, 1);
        CHECK(g.error == PATTERN_ERROR_OK && g.value == 2.5f);
        g = engine_get(engine, 10);
        CHECK(g.error == PATTERN_ERROR_INVALID_ARGUMENT);
    }
    {
        OwnedString name = engine_name(engine);
        CHECK(strcmp((const char *)name.ptr, "main") == 0);
        reference_free_OwnedString(name);
    }
    {
        OwnedVec_f32 values = engine_values(engine);
        Slice_f32 view = engine_view(engine);
        CHECK(values.len == 4 && values.ptr[3] == 20.0f);
        CHECK(view.len == 4 && view.ptr[0] == 1.5f);
        reference_free_OwnedVec_f32(values);
    }
    /* A panic inside a method is caught; the engine stays usable. */
    CHECK(engine_explode(engine) == PATTERN_ERROR_PANIC);
    CHECK(engine_count(engine) == 4);

    /* A null handle is an error (or zero), not a crash. */
    CHECK(engine_push(NULL, 1.0f) == PATTERN_ERROR_NULL_POINTER);
    CHECK(engine_sum(NULL) == 0.0f);
    CHECK(engine_get(NULL, 0).error == PATTERN_ERROR_NULL_POINTER);
    CHECK(engine_name(NULL).ptr == NULL);
    engine_destroy(NULL);

    engine_destroy(engine);
    CHECK(listener_state.drops == 1); /* the listener went with the engine */
}

/* `Reading` has two zero-sized Rust-only markers, skipped: C sees `id`, `value`, `scale`
 * at Rust's offsets, so the struct crosses by value in both directions. */
static void skipped_fields(void) {
    Reading made = pattern_reading(7, 2.5, 4);
    Reading next;
    CHECK(made.id == 7 && made.value == 2.5 && made.scale == 4);
    next = pattern_reading_next(made);
    CHECK(next.id == 8 && next.value == 10.0 && next.scale == 4);
    /* Built in C: every member the header declares is one Rust reads. */
    made.id = 0xFFFFFFFFu;
    made.value = -0.75;
    made.scale = 65535;
    next = pattern_reading_next(made);
    CHECK(next.id == 0 && next.value == -0.75 * 65535.0 && next.scale == 65535);
}

static void fingerprint(void) {
    CHECK(REFERENCE_API_CHECK());
    CHECK(reference_api_fingerprint() == REFERENCE_API_FINGERPRINT);
    CHECK(REFERENCE_API_FINGERPRINT != 0);
}

/* Strings out, vectors out, services created and destroyed: repeated for the memory test. */
static void ownership_round(uint32_t i) {
    OwnedString s = pattern_greet(str_of("loop"));
    OwnedVec_u32 v = pattern_range(i % 17);
    OwnedVec_Vec3 p = pattern_points(i % 5);
    Engine *engine = NULL;
    CallState *heap = (CallState *)calloc(1, sizeof(CallState));
    Callback_OnPush listener;
    CHECK(s.ptr != NULL && v.len == i % 17 && p.len == i % 5);
    reference_free_OwnedString(s);
    reference_free_OwnedVec_u32(v);
    reference_free_OwnedVec_Vec3(p);
    CHECK(engine_new(&engine, str_of("round"), 8) == PATTERN_ERROR_OK);
    listener.call = on_push;
    listener.data = heap;
    listener.drop = free_heap_state;
    engine_set_listener(engine, listener);
    CHECK(engine_push(engine, (float)i) == PATTERN_ERROR_OK);
    {
        OwnedString name = engine_name(engine);
        OwnedVec_f32 values = engine_values(engine);
        CHECK(values.len == 1);
        reference_free_OwnedString(name);
        reference_free_OwnedVec_f32(values);
    }
    if (i % 10 == 0) {
        CHECK(engine_explode(engine) == PATTERN_ERROR_PANIC);
    }
    engine_destroy(engine);
}

int main(int argc, char **argv) {
    uint32_t rounds = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 3;
    uint32_t i;
    fingerprint();
    slices();
    strings();
    owned();
    options_and_bools();
    errors();
    panics();
    callbacks();
    service();
    skipped_fields();
    for (i = 0; i < rounds; i++) {
        ownership_round(i);
    }
    if (argc > 2 && strcmp(argv[2], "leak") == 0) {
        OwnedString forgotten = pattern_greet(str_of("leak"));
        CHECK(forgotten.len == 12);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
