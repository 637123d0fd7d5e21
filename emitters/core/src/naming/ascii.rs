//! [`Case`] conversion of ASCII names without `heck`'s per-character formatting.
//!
//! `heck` writes every character through `fmt` (`c.to_lowercase()` is a `Display`), which made
//! case conversion a tenth of an emitter's time on large models. Rust names are almost always
//! ASCII; for those this module repeats `heck`'s algorithm on bytes, with the same word
//! boundaries, so the result is the same string. Other names still go through `heck` (its
//! Unicode rules, such as the final sigma, stay its own). The tests compare the two on every
//! short string over an alphabet that exercises each rule.

use super::Case;

/// `name` converted to `case` (not [`Case::Keep`]), when `name` is ASCII.
pub(super) fn convert(case: Case, name: &str) -> Option<String> {
    if !name.is_ascii() || case == Case::Keep {
        return None;
    }
    let mut out = String::with_capacity(name.len() + 4);
    let mut first = true;
    words(name, |word| {
        let separator = matches!(case, Case::Snake | Case::ScreamingSnake) && !first;
        if separator {
            out.push('_');
        }
        match case {
            // Returned above: the caller keeps the name as it is.
            Case::Keep => {}
            Case::Snake => push_lowercase(&mut out, word),
            Case::ScreamingSnake => push_uppercase(&mut out, word),
            Case::Camel if first => push_lowercase(&mut out, word),
            Case::Pascal | Case::Camel => {
                // ASCII, so any split is a character boundary.
                let (head, tail) = word.split_at(word.len().min(1));
                push_uppercase(&mut out, head);
                push_lowercase(&mut out, tail);
            }
        }
        first = false;
    });
    Some(out)
}

fn push_lowercase(out: &mut String, ascii: &str) {
    out.extend(ascii.bytes().map(|b| char::from(b.to_ascii_lowercase())));
}

fn push_uppercase(out: &mut String, ascii: &str) {
    out.extend(ascii.bytes().map(|b| char::from(b.to_ascii_uppercase())));
}

/// `heck`'s words of an ASCII name, in order, never empty: runs of letters and digits, split
/// before an uppercase letter that follows a lowercase one (`myName` → `my`, `Name`) and before
/// the last capital of a run of capitals followed by a lowercase letter (`HTTPServer` → `HTTP`,
/// `Server`). A digit continues whatever came before it.
fn words(name: &str, mut word: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&part[start..i]);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use heck::{ToLowerCamelCase, ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

    use super::*;

    fn heck(case: Case, name: &str) -> String {
        match case {
            Case::Keep => name.to_string(),
            Case::Pascal => name.to_pascal_case(),
            Case::Camel => name.to_lower_camel_case(),
            Case::Snake => name.to_snake_case(),
            Case::ScreamingSnake => name.to_shouty_snake_case(),
        }
    }

    const CASES: [Case; 4] = [Case::Pascal, Case::Camel, Case::Snake, Case::ScreamingSnake];

    /// Every string of up to five characters over lower, upper, digit and separator
    /// characters (≈ 100k strings per case).
    #[test]
    fn agrees_with_heck_on_every_short_string() {
        let alphabet = ['a', 'b', 'Q', 'Z', '0', '7', '_', '-'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(last.iter().cloned());
        }
        for case in CASES {
            for s in &strings {
                assert_eq!(
                    convert(case, s).as_deref(),
                    Some(heck(case, s).as_str()),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_heck_on_real_names() {
        let names = [
            "my_game_function",
            "HTTPServer",
            "XMLHttpRequest2D",
            "Pair_f32",
            "_0",
            "__private__",
            "snake_case_42abc",
            "Vec3",
            "ABC",
            "a1B2c3D4",
            "service_new_with",
            "OwnedVec_Vec3",
            "m7_Em7i93",
            "CM3_I7",
        ];
        for case in CASES {
            for s in names {
                assert_eq!(
                    convert(case, s).as_deref(),
                    Some(heck(case, s).as_str()),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn leaves_other_names_to_heck() {
        assert_eq!(convert(Case::Snake, "Größe"), None);
    }
}
