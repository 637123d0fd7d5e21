//! A C program that includes the kitchen-sink header, fills its types and checks what it reads
//! back: enumerator and constant values and C types, tagged-union access, packed and nested
//! array fields at the byte offsets the layout model predicts, and function pointers, functions
//! and statics defined against the header's declarations.

mod common;

use interoptopus_c::Config;
use interoptopus_core::layout::TypeLayout;
use interoptopus_core::model::TypeId;
use interoptopus_core::Layouts;

fn layout(layouts: &Layouts, id: u32) -> &TypeLayout {
    match layouts.of(TypeId(id)) {
        Some(l) => l,
        None => panic!("type {id} has no layout"),
    }
}

fn program(layouts: &Layouts) -> String {
    let shape = layout(layouts, 9);
    let rect_w = shape.variants[1].fields[0].offset;
    let rect_h = shape.variants[1].fields[1].offset;
    let key = layout(layouts, 10).variants[0].fields[0].offset;
    let packed_b = layout(layouts, 4).fields[1].offset;
    let grid_1 = layout(layouts, 7).fields[1].offset;
    format!(
        r#"#include "kitchen_sink.h"
#include <stdio.h>
#include <string.h>

#define TYPE_IS(expr, type) _Generic((expr), type: 1, default: 0)
#define CHECK(cond) do {{ if (!(cond)) {{ printf("FAILED line %d: %s\n", __LINE__, #cond); failures++; }} }} while (0)

/* Definitions matching the header's declarations: the compiler checks they agree. */
const Vec3 ORIGIN = {{ 0.0f, 0.0f, 0.0f }};
uint32_t COUNTER = 3;
int32_t add(int32_t a, int32_t b) {{ return a + b; }}

static bool positive(uint32_t value, const Vec3 *point) {{
    return value > 0 && point != NULL && point->x > 0.0f;
}}

int main(void) {{
    int failures = 0;

    CHECK(COLOR_RED == 0 && COLOR_GREEN == 5 && COLOR_BLUE == -3);
    CHECK(sizeof(Color) == 4);
    CHECK(FLAGS_NONE == 0 && FLAGS_SOME == 1 && FLAGS_ALL == 255);
    CHECK(sizeof(Flags) == 1);
    {{ Flags f = FLAGS_ALL; CHECK(f == 255); }}
    CHECK(SHAPE_CIRCLE == 0 && SHAPE_RECT == 1 && SHAPE_EMPTY == 2);
    CHECK(EVENT_KEY == 0 && EVENT_QUIT == 1 && sizeof(Event_Tag) == 1);

    CHECK(TYPE_IS(MAX_U32, uint32_t) && MAX_U32 == UINT32_MAX);
    CHECK(TYPE_IS(MIN_I64, int64_t) && MIN_I64 == INT64_MIN);
    CHECK(TYPE_IS(MAX_U64, uint64_t) && MAX_U64 == UINT64_MAX);
    CHECK(TYPE_IS(NEG, int32_t) && NEG == -7);
    CHECK(TYPE_IS(HALF, float) && HALF == 0.5f);
    CHECK(TYPE_IS(PI, double) && PI == 3.141592653589793);
    CHECK(TYPE_IS(ENABLED, bool) && ENABLED == true);
    CHECK(TYPE_IS(BYTE, uint8_t) && BYTE == 200);

    {{
        Shape s;
        unsigned char bytes[sizeof(Shape)];
        float w; double h;
        memset(&s, 0, sizeof s);
        s.tag = SHAPE_RECT;
        s.payload.rect.w = 1.5f;
        s.payload.rect.h = 2.5;
        memcpy(bytes, &s, sizeof s);
        memcpy(&w, bytes + {rect_w}, sizeof w);
        memcpy(&h, bytes + {rect_h}, sizeof h);
        CHECK(w == 1.5f && h == 2.5);
        s.tag = SHAPE_CIRCLE;
        s.payload.circle._0 = 4.0f;
        CHECK(s.tag == SHAPE_CIRCLE && s.payload.circle._0 == 4.0f);
    }}
    {{
        Event e;
        unsigned char bytes[sizeof(Event)];
        uint32_t k;
        memset(&e, 0, sizeof e);
        e.key.tag = EVENT_KEY;
        e.key._0 = 42;
        memcpy(bytes, &e, sizeof e);
        memcpy(&k, bytes + {key}, sizeof k);
        CHECK(e.tag == EVENT_KEY && k == 42);
        e.tag = EVENT_QUIT;
        CHECK(e.key.tag == EVENT_QUIT);
    }}
    {{
        Packed p;
        unsigned char bytes[sizeof(Packed)];
        uint32_t b;
        p.a = 1;
        p.b = 0xA1B2C3D4u;
        memcpy(bytes, &p, sizeof p);
        memcpy(&b, bytes + {packed_b}, sizeof b);
        CHECK(sizeof(Packed) == 5 && b == 0xA1B2C3D4u);
    }}
    {{
        Grid g;
        unsigned char bytes[sizeof(Grid)];
        Vec3 v;
        memset(&g, 0, sizeof g);
        g._0[1][2] = 7;
        g._1[0].y = 9.0f;
        memcpy(bytes, &g, sizeof g);
        memcpy(&v, bytes + {grid_1}, sizeof v);
        CHECK(bytes[1 * 3 + 2] == 7 && v.y == 9.0f);
        CHECK(sizeof(g._0) == 6 && sizeof(g._0[0]) == 3);
    }}
    {{
        Everything all;
        Vec3 point = {{ 1.0f, 2.0f, 3.0f }};
        memset(&all, 0, sizeof all);
        all.callback = positive;
        all.maybe_callback = NULL;
        all.engine = NULL;
        all.void_ptr = &point;
        all.shape.tag = SHAPE_EMPTY;
        all.meters = 2.5;
        all.number.f = 1.0;
        CHECK(all.callback(1, &point) && !all.callback(0, &point));
        CHECK(all.maybe_callback == NULL && all.shape.tag == SHAPE_EMPTY && all.meters == 2.5);
        CHECK(sizeof(all.p_usize) == sizeof(void *) && sizeof(all.p_isize) == sizeof(void *));
        CHECK(sizeof(all.p_char) == 4 && sizeof(all.p_c_char) == 1);
        CHECK(_Alignof(Aligned) == 16 && sizeof(Aligned) == 16);
    }}
    CHECK(add(2, 3) == 5 && COUNTER == 3 && ORIGIN.x == 0.0f);

    if (failures == 0) printf("all checks passed\n");
    return failures == 0 ? 0 : 1;
}}
"#
    )
}

#[test]
fn declarations_behave_at_runtime() {
    let (model, layouts) = common::kitchen();
    let header = common::header_for(&model, &layouts, &Config::default());
    let source = program(&layouts);
    let dir = common::dir_with(&[("kitchen_sink.h", &header), ("main.c", &source)]);
    for compiler in ["gcc", "clang"] {
        let flags = [
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "main.c",
            "-o",
            "main",
        ];
        common::must_compile(dir.path(), compiler, &flags);
        let r = common::run(
            dir.path(),
            &common::path(&dir, "main").to_string_lossy(),
            &[],
        );
        assert!(
            r.ok && r.output.contains("all checks passed"),
            "{compiler}:\n{}",
            r.output
        );
    }
}
