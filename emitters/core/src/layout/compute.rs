use crate::model::{Field, Model, StructRepr, TagStyle, TypeKind, TypeRef};

use super::{FieldLayout, TargetInfo, TypeLayout, VariantLayout};

/// A type whose layout cannot be computed. Carries the type's exported name; the caller maps it
/// back to a source span through the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError {
    pub type_name: String,
    pub message: String,
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for LayoutError {}

pub(super) fn compute(model: &Model, target: &TargetInfo) -> Result<super::Layouts, LayoutError> {
    let mut done: Vec<Option<TypeLayout>> = Vec::with_capacity(model.types.len());
    // Types are dependency-sorted, so every by-value dependency is already laid out.
    for def in &model.types {
        let err = |message: String| LayoutError {
            type_name: def.name.clone(),
            message,
        };
        let layout = match &def.kind {
            TypeKind::Opaque => None,
            TypeKind::FnPtr { .. } => Some(scalar(target.pointer_bytes(), target.pointer_bytes())),
            TypeKind::Enum { int, .. } => {
                let (size, align) = target.int_layout(*int);
                Some(scalar(size, align))
            }
            TypeKind::Transparent { field } => {
                let (size, align) = field_size_align(target, &done, field).map_err(err)?;
                Some(TypeLayout {
                    size,
                    align,
                    fields: vec![FieldLayout {
                        name: field.name.clone(),
                        offset: 0,
                        size,
                    }],
                    payload_offset: None,
                    variants: Vec::new(),
                })
            }
            TypeKind::Struct { fields, repr, .. } => {
                Some(struct_layout(target, &done, fields, *repr).map_err(err)?)
            }
            TypeKind::Union { fields, repr } => {
                Some(union_layout(target, &done, fields, *repr).map_err(err)?)
            }
            TypeKind::TaggedUnion {
                tag,
                style,
                variants,
            } => {
                let tag_field = Field {
                    name: "tag".into(),
                    rust_name: "tag".into(),
                    docs: Default::default(),
                    ty: TypeRef::primitive(crate::model::Primitive::from_int_kind(*tag)),
                };
                let (tag_size, tag_align) = target.int_layout(*tag);
                let mut variant_layouts = Vec::new();
                let mut size = tag_size;
                let mut align = tag_align;
                let mut payload_offset = None;
                match style {
                    TagStyle::Inline => {
                        // union { struct { tag; fields… } per variant }
                        for v in variants {
                            let mut all = vec![tag_field.clone()];
                            all.extend(v.fields.iter().cloned());
                            let l = struct_layout(target, &done, &all, StructRepr::default())
                                .map_err(err)?;
                            size = size.max(l.size);
                            align = align.max(l.align);
                            variant_layouts.push(VariantLayout {
                                name: v.name.clone(),
                                fields: l.fields[1..].to_vec(),
                            });
                        }
                        size = round_up(size, align);
                    }
                    TagStyle::Separate => {
                        // struct { tag; union { struct { fields… } per variant } }
                        let mut union_size = 0;
                        let mut union_align = 1;
                        let mut per_variant = Vec::new();
                        for v in variants {
                            let l = struct_layout(target, &done, &v.fields, StructRepr::default())
                                .map_err(err)?;
                            union_size = union_size.max(l.size);
                            union_align = union_align.max(l.align);
                            per_variant.push((v.name.clone(), l));
                        }
                        union_size = round_up(union_size, union_align);
                        let payload = round_up(tag_size, union_align);
                        align = tag_align.max(union_align);
                        size = round_up(payload + union_size, align);
                        payload_offset = Some(payload);
                        for (name, l) in per_variant {
                            variant_layouts.push(VariantLayout {
                                name,
                                fields: l
                                    .fields
                                    .into_iter()
                                    .map(|f| FieldLayout {
                                        offset: f.offset + payload,
                                        ..f
                                    })
                                    .collect(),
                            });
                        }
                    }
                }
                Some(TypeLayout {
                    size,
                    align,
                    fields: vec![FieldLayout {
                        name: "tag".into(),
                        offset: 0,
                        size: tag_size,
                    }],
                    payload_offset,
                    variants: variant_layouts,
                })
            }
        };
        done.push(layout);
    }
    Ok(super::Layouts {
        target: target.clone(),
        types: done,
    })
}

fn scalar(size: u64, align: u64) -> TypeLayout {
    TypeLayout {
        size,
        align,
        fields: Vec::new(),
        payload_offset: None,
        variants: Vec::new(),
    }
}

fn round_up(value: u64, align: u64) -> u64 {
    value.div_ceil(align.max(1)) * align.max(1)
}

fn field_size_align(
    target: &TargetInfo,
    done: &[Option<TypeLayout>],
    field: &Field,
) -> Result<(u64, u64), String> {
    size_align(target, done, &field.ty).ok_or_else(|| {
        format!(
            "field `{}` has no size (an opaque type or `void` used by value)",
            field.name
        )
    })
}

fn struct_layout(
    target: &TargetInfo,
    done: &[Option<TypeLayout>],
    fields: &[Field],
    repr: StructRepr,
) -> Result<TypeLayout, String> {
    let mut offset = 0u64;
    let mut align = 1u64;
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        let (size, natural) = field_size_align(target, done, field)?;
        let field_align = match repr.packed {
            Some(pack) => natural.min(u64::from(pack)),
            None => natural,
        };
        offset = round_up(offset, field_align);
        out.push(FieldLayout {
            name: field.name.clone(),
            offset,
            size,
        });
        offset = offset
            .checked_add(size)
            .ok_or_else(|| "struct size overflows".to_string())?;
        align = align.max(field_align);
    }
    if let Some(min_align) = repr.align {
        align = align.max(u64::from(min_align));
    }
    Ok(TypeLayout {
        size: round_up(offset, align),
        align,
        fields: out,
        payload_offset: None,
        variants: Vec::new(),
    })
}

fn union_layout(
    target: &TargetInfo,
    done: &[Option<TypeLayout>],
    fields: &[Field],
    repr: StructRepr,
) -> Result<TypeLayout, String> {
    let mut size = 0u64;
    let mut align = 1u64;
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        let (field_size, natural) = field_size_align(target, done, field)?;
        let field_align = match repr.packed {
            Some(pack) => natural.min(u64::from(pack)),
            None => natural,
        };
        out.push(FieldLayout {
            name: field.name.clone(),
            offset: 0,
            size: field_size,
        });
        size = size.max(field_size);
        align = align.max(field_align);
    }
    if let Some(min_align) = repr.align {
        align = align.max(u64::from(min_align));
    }
    Ok(TypeLayout {
        size: round_up(size, align),
        align,
        fields: out,
        payload_offset: None,
        variants: Vec::new(),
    })
}

pub(super) fn size_align(
    target: &TargetInfo,
    done: &[Option<TypeLayout>],
    ty: &TypeRef,
) -> Option<(u64, u64)> {
    match ty {
        TypeRef::Void => None,
        TypeRef::Primitive { primitive, .. } => Some(target.primitive_layout(*primitive)),
        TypeRef::Pointer { .. } => Some((target.pointer_bytes(), target.pointer_bytes())),
        TypeRef::Array { element, len } => {
            let (size, align) = size_align(target, done, element)?;
            Some((size.checked_mul(*len)?, align))
        }
        TypeRef::Named { id, .. } => done
            .get(id.0 as usize)
            .and_then(Option::as_ref)
            .map(|l| (l.size, l.align)),
    }
}
