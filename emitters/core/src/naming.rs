//! Case conversion and keyword escaping shared by emitters.

pub use heck::{ToLowerCamelCase, ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// How an emitter should spell names it derives from Rust names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Case {
    /// Keep the Rust spelling.
    #[default]
    Keep,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
}

impl Case {
    pub fn apply(self, name: &str) -> String {
        match self {
            Case::Keep => name.to_string(),
            Case::Pascal => name.to_pascal_case(),
            Case::Camel => name.to_lower_camel_case(),
            Case::Snake => name.to_snake_case(),
            Case::ScreamingSnake => name.to_shouty_snake_case(),
        }
    }
}

/// Appends `suffix` to `name` when it is one of `keywords` (the C and Python convention).
pub fn escape_with_suffix(name: &str, keywords: &[&str], suffix: &str) -> String {
    if keywords.binary_search(&name).is_ok() {
        format!("{name}{suffix}")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(Case::Pascal.apply("my_game_function"), "MyGameFunction");
        assert_eq!(Case::ScreamingSnake.apply("MyEnum"), "MY_ENUM");
        assert_eq!(Case::Snake.apply("Vec3"), "vec3");
        assert_eq!(Case::Keep.apply("Pair_f32"), "Pair_f32");
    }

    #[test]
    fn escape() {
        let kw = ["for", "int", "while"];
        assert_eq!(escape_with_suffix("int", &kw, "_"), "int_");
        assert_eq!(escape_with_suffix("x", &kw, "_"), "x");
    }
}
