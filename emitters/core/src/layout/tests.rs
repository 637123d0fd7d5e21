//! Layout numbers checked by hand against the System V ABIs (x86_64 and i386).

use super::*;
use crate::fixtures::kitchen_sink;

fn layouts(target: TargetInfo) -> Layouts {
    match Layouts::compute(&kitchen_sink(), &target) {
        Ok(l) => l,
        Err(e) => panic!("layout failed: {e}"),
    }
}

fn of(l: &Layouts, id: u32) -> &TypeLayout {
    l.of(TypeId(id))
        .unwrap_or_else(|| panic!("no layout for {id}"))
}

fn offsets(t: &TypeLayout) -> Vec<u64> {
    t.fields.iter().map(|f| f.offset).collect()
}

#[test]
fn x86_64_numbers() {
    let l = layouts(TargetInfo::x86_64_linux());
    assert_eq!((of(&l, 0).size, of(&l, 0).align), (12, 4)); // Vec3
    assert_eq!((of(&l, 1).size, of(&l, 2).size), (4, 1)); // Color, Flags
    assert_eq!((of(&l, 3).size, of(&l, 3).align), (8, 8)); // Meters
    assert_eq!((of(&l, 4).size, of(&l, 4).align), (5, 1)); // Packed
    assert_eq!(offsets(of(&l, 4)), vec![0, 1]);
    assert_eq!((of(&l, 5).size, of(&l, 5).align), (16, 16)); // Aligned
    assert_eq!((of(&l, 7).size, offsets(of(&l, 7))), (32, vec![0, 8])); // Grid: 6 bytes + pad to 8
    assert_eq!((of(&l, 8).size, of(&l, 8).align), (8, 8)); // Number
                                                           // Shape: int tag, payload union {f32 | {f32, f64} | {}} aligned to 8 → payload at 8, size 16.
    let shape = of(&l, 9);
    assert_eq!(
        (shape.size, shape.align, shape.payload_offset),
        (24, 8, Some(8))
    );
    assert_eq!(
        shape.variants[1]
            .fields
            .iter()
            .map(|f| f.offset)
            .collect::<Vec<_>>(),
        vec![8, 16]
    );
    // Event: union { {u8 tag, u32} | {u8 tag} } → 8 bytes, align 4, Key's field at 4.
    let event = of(&l, 10);
    assert_eq!((event.size, event.align), (8, 4));
    assert_eq!(event.variants[0].fields[0].offset, 4);
    assert!(l.of(TypeId(11)).is_none()); // opaque
    assert_eq!(of(&l, 12).size, 8); // fn pointer
}

#[test]
fn i686_differs_in_eight_byte_alignment() {
    let l = layouts(TargetInfo::i686_linux());
    assert_eq!((of(&l, 3).size, of(&l, 3).align), (8, 4)); // Meters: f64 aligned to 4
    assert_eq!((of(&l, 8).size, of(&l, 8).align), (8, 4)); // Number
    let shape = of(&l, 9);
    assert_eq!(
        (shape.size, shape.align, shape.payload_offset),
        (16, 4, Some(4))
    );
    assert_eq!(
        shape.variants[1]
            .fields
            .iter()
            .map(|f| f.offset)
            .collect::<Vec<_>>(),
        vec![4, 8]
    );
    assert_eq!(of(&l, 12).size, 4);
}
