//! Evaluating constant expressions the way rustc would: literals, casts, unary and binary
//! operators, references to other constants (in any module), enum variants cast to integers,
//! and the primitives' associated constants (`u32::MAX`, `f64::consts::PI` …).

use interoptopus_core::model::{ConstValue, Primitive};
use syn::spanned::Spanned;

use super::builtins;
use super::index::ItemKind;
use super::resolve::{Entity, Namespace};
use super::types::Reported;
use super::Lowerer;

/// A value with the primitive type it is known to have (literals without suffix have none
/// until context gives one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Value {
    pub value: ConstValue,
    pub ty: Option<Primitive>,
}

impl Value {
    fn int(v: i128, ty: Option<Primitive>) -> Value {
        Value {
            value: ConstValue::Int(v),
            ty,
        }
    }
}

impl Lowerer<'_> {
    /// An integer constant expression (array lengths, discriminants).
    pub(super) fn eval_int(&mut self, expr: &syn::Expr, module: usize) -> Result<i128, Reported> {
        match self.eval(expr, module)?.value {
            ConstValue::Int(v) => Ok(v),
            _ => self.unsupported(
                module,
                expr.span(),
                "expected an integer",
                "use an integer expression",
            ),
        }
    }

    pub(super) fn eval_array_len(
        &mut self,
        expr: &syn::Expr,
        module: usize,
    ) -> Result<u64, Reported> {
        let v = self.eval_int(expr, module)?;
        match u64::try_from(v) {
            Ok(n) => Ok(n),
            Err(_) => self.unsupported(
                module,
                expr.span(),
                "array length out of range",
                "use a length that fits `usize`",
            ),
        }
    }

    pub(super) fn eval(&mut self, expr: &syn::Expr, module: usize) -> Result<Value, Reported> {
        match expr {
            syn::Expr::Lit(l) => self.eval_lit(&l.lit, module),
            syn::Expr::Paren(p) => self.eval(&p.expr, module),
            syn::Expr::Group(g) => self.eval(&g.expr, module),
            syn::Expr::Cast(c) => {
                let v = self.eval(&c.expr, module)?;
                let Some(target) = self.const_primitive(&c.ty, module) else {
                    return self.unsupported(module, c.ty.span(), "casts are only evaluated to primitive types", "cast to an integer or float type");
                };
                Ok(cast(v, target, self.options.target.pointer_width))
            }
            syn::Expr::Unary(u) => {
                let v = self.eval(&u.expr, module)?;
                let bits = self.options.target.pointer_width;
                match (&u.op, v.value) {
                    (syn::UnOp::Neg(_), ConstValue::Int(i)) => Ok(wrap(Value::int(-i, v.ty), bits)),
                    (syn::UnOp::Neg(_), ConstValue::Float(f)) => Ok(Value { value: ConstValue::Float(-f), ty: v.ty }),
                    (syn::UnOp::Not(_), ConstValue::Int(i)) => Ok(wrap(Value::int(!i, v.ty), bits)),
                    (syn::UnOp::Not(_), ConstValue::Bool(b)) => Ok(Value { value: ConstValue::Bool(!b), ty: v.ty }),
                    _ => self.unsupported(module, u.span(), "operator not defined for this value", "check the expression"),
                }
            }
            syn::Expr::Binary(b) => {
                let l = self.eval(&b.left, module)?;
                let r = self.eval(&b.right, module)?;
                match binary(&b.op, l, r, self.options.target.pointer_width) {
                    Some(v) => Ok(v),
                    None => self.unsupported(module, b.span(), "cannot evaluate this operation (overflow, division by zero or mixed types)", "simplify the expression"),
                }
            }
            syn::Expr::Path(p) => self.eval_path(&p.path, module),
            syn::Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
                syn::Stmt::Expr(e, None) => self.eval(e, module),
                _ => self.unsupported(module, b.span(), "cannot evaluate this block", "write a plain expression"),
            },
            _ => self.unsupported(
                module,
                expr.span(),
                "cannot evaluate this constant expression at generation time",
                "use literals, casts, arithmetic and other constants; or exclude the item with `Builder::exclude`",
            ),
        }
    }

    fn eval_lit(&mut self, lit: &syn::Lit, module: usize) -> Result<Value, Reported> {
        match lit {
            syn::Lit::Int(i) => {
                let ty = builtins::language_primitive(i.suffix());
                match i.base10_parse::<u128>() {
                    Ok(v) if v <= i128::MAX as u128 => Ok(Value::int(v as i128, ty)),
                    _ => self.unsupported(
                        module,
                        i.span(),
                        "integer literal too large",
                        "use a value that fits 128 bits",
                    ),
                }
            }
            syn::Lit::Float(f) => match f.base10_parse::<f64>() {
                Ok(v) => Ok(Value {
                    value: ConstValue::Float(v),
                    ty: builtins::language_primitive(f.suffix()),
                }),
                Err(_) => self.unsupported(
                    module,
                    f.span(),
                    "cannot read this float",
                    "check the literal",
                ),
            },
            syn::Lit::Bool(b) => Ok(Value {
                value: ConstValue::Bool(b.value),
                ty: Some(Primitive::Bool),
            }),
            syn::Lit::Char(c) => Ok(Value::int(c.value() as i128, Some(Primitive::Char32))),
            syn::Lit::Byte(b) => Ok(Value::int(b.value() as i128, Some(Primitive::U8))),
            _ => self.unsupported(
                module,
                lit.span(),
                "only numeric, bool and char constants can be exported",
                "exclude the item with `Builder::exclude`",
            ),
        }
    }

    fn eval_path(&mut self, path: &syn::Path, module: usize) -> Result<Value, Reported> {
        let span = path.span();
        match self.index.resolve_path(module, path, Namespace::Value) {
            Some(Entity::Item(item)) if item.kind == ItemKind::Const => {
                if !self.consts_in_progress.insert(item) {
                    return self.unsupported(
                        module,
                        span,
                        "constant refers to itself",
                        "break the cycle",
                    );
                }
                let syn::Item::Const(c) = self.item(item) else {
                    return self.unsupported(module, span, "not a constant", "check the path");
                };
                let result = self.eval(&c.expr, item.module);
                self.consts_in_progress.remove(&item);
                let v = result?;
                let ty = self.const_primitive(&c.ty, item.module);
                Ok(match ty {
                    Some(t) => cast(v, t, self.options.target.pointer_width),
                    None => v,
                })
            }
            Some(Entity::Associated(item, name)) if item.kind == ItemKind::Enum => {
                let syn::Item::Enum(e) = self.item(item) else {
                    return self.unsupported(module, span, "not an enum", "check the path");
                };
                let repr = super::attrs::repr(&e.attrs).unwrap_or_default();
                let int = repr.int.unwrap_or(interoptopus_core::model::IntKind::I32);
                let values = self.discriminants(e, item.module, int)?;
                match e.variants.iter().zip(values).find(|(v, _)| v.ident == name) {
                    Some((_, value)) => Ok(Value::int(value, Some(Primitive::from_int_kind(int)))),
                    None => self.unsupported(
                        module,
                        span,
                        &format!("no variant `{name}`"),
                        "check the name",
                    ),
                }
            }
            Some(Entity::External(ext)) => match associated_const(&ext) {
                Some(v) => Ok(v),
                None => self.unsupported(
                    module,
                    span,
                    &format!("unknown constant `{}`", ext.join("::")),
                    "refer to a constant of this crate or a primitive's associated constant",
                ),
            },
            _ => self.unsupported(
                module,
                span,
                "cannot resolve this constant",
                "check the path and its `use` items",
            ),
        }
    }

    /// The primitive a constant or cast names, if it is one (aliases followed).
    pub(super) fn const_primitive(&mut self, ty: &syn::Type, module: usize) -> Option<Primitive> {
        let errors = self.errors.len();
        let scope = super::types::TypeScope {
            module,
            generics: &[],
            self_ty: None,
        };
        let lowered = self.lower_type(ty, scope, super::types::Position::Value);
        self.errors.truncate(errors);
        match lowered {
            Ok(interoptopus_core::model::TypeRef::Primitive { primitive, .. }) => Some(primitive),
            _ => None,
        }
    }
}

fn bits_of(p: Primitive, pointer_width: u32) -> Option<(u32, bool)> {
    Some(match p {
        Primitive::U8 => (8, false),
        Primitive::I8 => (8, true),
        Primitive::CChar => (8, true),
        Primitive::U16 => (16, false),
        Primitive::I16 => (16, true),
        Primitive::U32 | Primitive::Char32 => (32, false),
        Primitive::I32 => (32, true),
        Primitive::U64 => (64, false),
        Primitive::I64 => (64, true),
        Primitive::Usize => (pointer_width, false),
        Primitive::Isize => (pointer_width, true),
        _ => return None,
    })
}

/// Truncates an integer to its type's width (two's complement), as rustc's `as` does.
fn wrap_int(v: i128, p: Primitive, pointer_width: u32) -> i128 {
    let Some((bits, signed)) = bits_of(p, pointer_width) else {
        return v;
    };
    let mask = (1i128 << bits) - 1;
    let low = v & mask;
    if signed && low >> (bits - 1) == 1 {
        low - (1i128 << bits)
    } else {
        low
    }
}

fn wrap(v: Value, pointer_width: u32) -> Value {
    match (v.value, v.ty) {
        (ConstValue::Int(i), Some(t)) => Value::int(wrap_int(i, t, pointer_width), Some(t)),
        _ => v,
    }
}

/// `value as target`.
pub(super) fn cast(v: Value, target: Primitive, pointer_width: u32) -> Value {
    let value = match (v.value, target) {
        (ConstValue::Int(i), Primitive::F32) => ConstValue::Float(i as f32 as f64),
        (ConstValue::Int(i), Primitive::F64) => ConstValue::Float(i as f64),
        (ConstValue::Int(i), Primitive::Bool) => ConstValue::Bool(i != 0),
        (ConstValue::Int(i), t) => ConstValue::Int(wrap_int(i, t, pointer_width)),
        (ConstValue::Float(f), Primitive::F32) => ConstValue::Float(f as f32 as f64),
        (ConstValue::Float(f), Primitive::F64) => ConstValue::Float(f),
        (ConstValue::Float(f), t) => {
            // Float-to-int casts saturate (NaN becomes 0).
            let (bits, signed) = bits_of(t, pointer_width).unwrap_or((64, true));
            let (min, max) = if signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            let i = if f.is_nan() {
                0
            } else {
                (f.trunc() as i128).clamp(min, max)
            };
            ConstValue::Int(i)
        }
        (ConstValue::Bool(b), Primitive::Bool) => ConstValue::Bool(b),
        (ConstValue::Bool(b), _) => ConstValue::Int(i128::from(b)),
    };
    Value {
        value,
        ty: Some(target),
    }
}

fn binary(op: &syn::BinOp, l: Value, r: Value, pointer_width: u32) -> Option<Value> {
    use syn::BinOp::*;
    let ty = l.ty.or(r.ty);
    let v = match (l.value, r.value) {
        (ConstValue::Int(a), ConstValue::Int(b)) => match op {
            Add(_) => ConstValue::Int(a.checked_add(b)?),
            Sub(_) => ConstValue::Int(a.checked_sub(b)?),
            Mul(_) => ConstValue::Int(a.checked_mul(b)?),
            Div(_) => ConstValue::Int(a.checked_div(b)?),
            Rem(_) => ConstValue::Int(a.checked_rem(b)?),
            BitAnd(_) => ConstValue::Int(a & b),
            BitOr(_) => ConstValue::Int(a | b),
            BitXor(_) => ConstValue::Int(a ^ b),
            Shl(_) => ConstValue::Int(a.checked_shl(u32::try_from(b).ok()?)?),
            Shr(_) => ConstValue::Int(a.checked_shr(u32::try_from(b).ok()?)?),
            Eq(_) => return Some(bool_value(a == b)),
            Ne(_) => return Some(bool_value(a != b)),
            Lt(_) => return Some(bool_value(a < b)),
            Le(_) => return Some(bool_value(a <= b)),
            Gt(_) => return Some(bool_value(a > b)),
            Ge(_) => return Some(bool_value(a >= b)),
            _ => return None,
        },
        (ConstValue::Float(a), ConstValue::Float(b)) => match op {
            Add(_) => ConstValue::Float(a + b),
            Sub(_) => ConstValue::Float(a - b),
            Mul(_) => ConstValue::Float(a * b),
            Div(_) => ConstValue::Float(a / b),
            Rem(_) => ConstValue::Float(a % b),
            Eq(_) => return Some(bool_value(a == b)),
            Ne(_) => return Some(bool_value(a != b)),
            Lt(_) => return Some(bool_value(a < b)),
            Le(_) => return Some(bool_value(a <= b)),
            Gt(_) => return Some(bool_value(a > b)),
            Ge(_) => return Some(bool_value(a >= b)),
            _ => return None,
        },
        (ConstValue::Bool(a), ConstValue::Bool(b)) => match op {
            And(_) | BitAnd(_) => ConstValue::Bool(a && b),
            Or(_) | BitOr(_) => ConstValue::Bool(a || b),
            BitXor(_) | Ne(_) => ConstValue::Bool(a != b),
            Eq(_) => ConstValue::Bool(a == b),
            _ => return None,
        },
        _ => return None,
    };
    let mut out = Value { value: v, ty };
    if ty == Some(Primitive::F32) {
        if let ConstValue::Float(f) = out.value {
            out.value = ConstValue::Float(f as f32 as f64);
        }
    }
    // Arithmetic past the type's range is a compile error in rustc; we mirror the wrap so
    // that `!0u8`-style expressions stay right, and leave overflow detection to rustc.
    Some(wrap(out, pointer_width))
}

fn bool_value(b: bool) -> Value {
    Value {
        value: ConstValue::Bool(b),
        ty: Some(Primitive::Bool),
    }
}

/// `u32::MAX`, `core::i8::MIN`, `f64::EPSILON`, `std::f64::consts::PI` ….
fn associated_const(path: &[String]) -> Option<Value> {
    let mut segs: Vec<&str> = path.iter().map(String::as_str).collect();
    if matches!(segs.first(), Some(&("std" | "core"))) {
        segs.remove(0);
    }
    let (name, owner) = segs.split_last()?;
    let owner: Vec<&str> = owner.to_vec();
    let ty = builtins::language_primitive(owner.first()?)?;
    if owner.len() == 2 && owner[1] == "consts" {
        let v = match *name {
            "PI" => std::f64::consts::PI,
            "TAU" => std::f64::consts::TAU,
            "E" => std::f64::consts::E,
            "SQRT_2" => std::f64::consts::SQRT_2,
            "LN_2" => std::f64::consts::LN_2,
            "LN_10" => std::f64::consts::LN_10,
            "FRAC_PI_2" => std::f64::consts::FRAC_PI_2,
            "FRAC_PI_4" => std::f64::consts::FRAC_PI_4,
            "FRAC_1_SQRT_2" => std::f64::consts::FRAC_1_SQRT_2,
            _ => return None,
        };
        let v = if ty == Primitive::F32 {
            v as f32 as f64
        } else {
            v
        };
        return Some(Value {
            value: ConstValue::Float(v),
            ty: Some(ty),
        });
    }
    if owner.len() != 1 {
        return None;
    }
    let int = |v: i128| Some(Value::int(v, Some(ty)));
    let float = |v: f64| {
        Some(Value {
            value: ConstValue::Float(v),
            ty: Some(ty),
        })
    };
    match (ty, *name) {
        (Primitive::F32, "MAX") => float(f32::MAX as f64),
        (Primitive::F32, "MIN") => float(f32::MIN as f64),
        (Primitive::F32, "EPSILON") => float(f32::EPSILON as f64),
        (Primitive::F32, "MIN_POSITIVE") => float(f32::MIN_POSITIVE as f64),
        (Primitive::F32 | Primitive::F64, "INFINITY") => float(f64::INFINITY),
        (Primitive::F32 | Primitive::F64, "NEG_INFINITY") => float(f64::NEG_INFINITY),
        (Primitive::F32 | Primitive::F64, "NAN") => float(f64::NAN),
        (Primitive::F64, "MAX") => float(f64::MAX),
        (Primitive::F64, "MIN") => float(f64::MIN),
        (Primitive::F64, "EPSILON") => float(f64::EPSILON),
        (Primitive::F64, "MIN_POSITIVE") => float(f64::MIN_POSITIVE),
        (t, "MAX" | "MIN" | "BITS") => {
            // usize/isize follow the host here; the caller casts to the declared type, and
            // `usize::MAX` is rare in exported constants.
            let (bits, signed) = bits_of(t, 64)?;
            match *name {
                "BITS" => int(i128::from(bits)),
                "MAX" if signed => int((1i128 << (bits - 1)) - 1),
                "MAX" => int((1i128 << bits) - 1),
                _ if signed => int(-(1i128 << (bits - 1))),
                _ => int(0),
            }
        }
        _ => None,
    }
}
