/* Drives the services example from C: create an engine, drop two bodies, count the
 * landings through a callback with state, read the results, release everything. */
#include <stdio.h>
#include <string.h>
#include "services.h"

typedef struct {
    unsigned landings;
    float fastest;
    unsigned released;
} Landings;

static void landed(uint32_t body, float speed, void *data) {
    Landings *l = (Landings *)data;
    l->landings++;
    if (speed > l->fastest) {
        l->fastest = speed;
    }
    printf("C: body %u landed at %.2f m/s\n", (unsigned)body, speed);
}

static void release(void *data) {
    ((Landings *)data)->released++;
}

int main(void) {
    Engine *engine = NULL;
    StrView name;
    Vec2 start[2];
    Slice_Vec2 bodies;
    Landings landings = {0, 0.0f, 0};
    Callback_OnLanding listener;
    OwnedString summary;
    OwnedVec_Vec2 positions;
    FfiOption_Vec2 first;
    int i;
    int ok = 1;

    if (!SERVICES_API_CHECK()) {
        fprintf(stderr, "C: libservices was built from another API than services.h; rebuild both\n");
        return 2;
    }

    name.ptr = (const uint8_t *)"moon";
    name.len = strlen("moon");
    if (engine_create(&engine, name, -1.62f) != ENGINE_ERROR_OK) {
        fprintf(stderr, "C: engine_create failed\n");
        return 1;
    }

    start[0].x = 0.0f; start[0].y = 1.0f;
    start[1].x = 3.0f; start[1].y = 4.0f;
    bodies.ptr = start;
    bodies.len = 2;
    ok &= engine_add_bodies(engine, bodies) == ENGINE_ERROR_OK;

    listener.call = landed;
    listener.data = &landings;
    listener.drop = release;
    engine_on_landing(engine, listener);

    ok &= engine_step(engine, 0.0f) == ENGINE_ERROR_INVALID_ARGUMENT;
    for (i = 0; i < 300; i++) {
        ok &= engine_step(engine, 0.01f) == ENGINE_ERROR_OK;
    }

    first = engine_position(engine, 0);
    ok &= first.is_some == 1 && first.value.y == 0.0f;
    ok &= engine_position(engine, 7).is_some == 0;

    positions = engine_positions(engine);
    ok &= positions.len == 2 && positions.ptr[1].x == 3.0f;
    services_free_OwnedVec_Vec2(positions);

    summary = engine_describe(engine);
    printf("C: %s\n", (const char *)summary.ptr);
    services_free_OwnedString(summary);

    engine_destroy(engine);
    ok &= landings.landings == 2 && landings.released == 1;
    printf("C: %u landings, fastest %.2f m/s, listener released %u time(s)\n",
           landings.landings, landings.fastest, landings.released);
    return ok ? 0 : 1;
}
