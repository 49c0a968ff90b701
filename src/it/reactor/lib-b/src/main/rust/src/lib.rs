/// Builds a vector of `n` boxed numbers.
pub fn boxes(n: u64) -> u64 {
    (0..n).map(Box::new).map(|b| *b).sum()
}
