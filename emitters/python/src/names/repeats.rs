//! Collisions inside one small scope (the fields of a class, the parameters of a function).
//!
//! Such a scope is known whole before it is checked, so sorting its names finds every repeat
//! without a map, a hash or a copy of any name (a model has tens of thousands of these scopes).

/// `(later, first)` for every name that repeats an earlier one: the index of the repeat and of
/// the first name it equals, ordered by `later`.
pub(crate) fn repeats(names: &[&str]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    // Stable, so equal names keep their index order and the first of a run is the original.
    order.sort_by_key(|&i| names[i]);
    let mut out = Vec::new();
    for run in order.chunk_by(|&a, &b| names[a] == names[b]) {
        if let [first, rest @ ..] = run {
            out.extend(rest.iter().map(|&later| (later, *first)));
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::repeats;

    #[test]
    fn finds_every_repeat_with_its_first() {
        assert_eq!(repeats(&["a", "b", "c"]), vec![]);
        assert_eq!(
            repeats(&["x", "y", "x", "x", "y"]),
            vec![(2, 0), (3, 0), (4, 1)]
        );
        assert_eq!(repeats(&[]), vec![]);
    }
}
