/// Allocates `n` strings and keeps their total length.
pub fn words(n: usize) -> usize {
    (0..n).map(|i| format!("word-{i}")).map(|s| s.len()).sum()
}
