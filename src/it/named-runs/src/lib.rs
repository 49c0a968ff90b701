/// Builds `n` strings of 100 bytes each.
pub fn words(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{:0100}", i)).collect()
}
