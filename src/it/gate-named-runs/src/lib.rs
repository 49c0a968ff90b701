/// `n` vectors of 1 KiB each, all alive together.
pub fn blocks(n: usize) -> Vec<Vec<u8>> {
    (0..n).map(|i| vec![i as u8; 1024]).collect()
}
