//! Case conversion and keyword escaping shared by emitters.

mod ascii;

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
    /// `name` in this case, as `heck` spells it (ASCII names take a faster path with the same
    /// result, see `ascii.rs`).
    pub fn apply(self, name: &str) -> String {
        if self == Case::Keep {
            return name.to_string();
        }
        if let Some(converted) = ascii::convert(self, name) {
            return converted;
        }
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

/// Exported symbol names that the Rust side derives in two places — the `#[ffi_service]`
/// macro that generates the functions and the build-time scanner that describes them — so
/// both call these functions instead of keeping two copies of the rules.
pub mod symbols {
    use heck::ToSnakeCase;

    /// The default symbol prefix of a service: the type's name in snake case plus `_`
    /// (`Engine` → `engine_`, `HttpServer` → `http_server_`).
    pub fn service_prefix(type_name: &str) -> String {
        format!("{}_", type_name.to_snake_case())
    }

    /// A service constructor's or method's symbol: `prefix` + the Rust method name
    /// (`engine_` + `new` → `engine_new`). A raw identifier loses its `r#`.
    pub fn service_function(prefix: &str, method: &str) -> String {
        format!("{prefix}{}", method.strip_prefix("r#").unwrap_or(method))
    }

    /// The Rust method name a service's destructor takes (no method of the service may use it).
    pub const SERVICE_DESTRUCTOR: &str = "destroy";

    /// A service destructor's symbol: `prefix` + `destroy`.
    pub fn service_destructor(prefix: &str) -> String {
        service_function(prefix, SERVICE_DESTRUCTOR)
    }

    /// The parameter a service constructor writes the new handle to.
    pub const SERVICE_OUT_PARAM: &str = "out";

    /// The parameter carrying the handle into a service method or destructor.
    pub const SERVICE_THIS_PARAM: &str = "this";

    /// The function returning the API fingerprint: `<lib_name>_api_fingerprint`.
    pub fn fingerprint_function(lib_name: &str) -> String {
        format!("{lib_name}_api_fingerprint")
    }

    /// The function releasing an owned value of the model type `type_name` (`OwnedString`,
    /// `OwnedVec_Vec3`): `<lib_name>_free_<type_name>`.
    pub fn free_function(lib_name: &str, type_name: &str) -> String {
        format!("{lib_name}_free_{type_name}")
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
    fn symbols() {
        use super::symbols::*;
        assert_eq!(service_prefix("HttpServer"), "http_server_");
        assert_eq!(service_function("engine_", "r#type"), "engine_type");
        assert_eq!(service_destructor("engine_"), "engine_destroy");
        assert_eq!(fingerprint_function("my_lib"), "my_lib_api_fingerprint");
        assert_eq!(
            free_function("my_lib", "OwnedVec_Vec3"),
            "my_lib_free_OwnedVec_Vec3"
        );
    }

    #[test]
    fn escape() {
        let kw = ["for", "int", "while"];
        assert_eq!(escape_with_suffix("int", &kw, "_"), "int_");
        assert_eq!(escape_with_suffix("x", &kw, "_"), "x");
    }
}
