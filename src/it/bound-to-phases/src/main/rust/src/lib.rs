//! A library for the bound-to-phases IT.

/// Squares every value.
pub fn squares(values: &[u64]) -> Vec<u64> {
    values.iter().map(|v| v * v).collect()
}
