/// `n` boxes of 1000 bytes, all alive together, `leak` of them never freed.
pub fn boxes(n: usize, leak: usize) -> usize {
    let all: Vec<Box<[u8; 1000]>> = (0..n).map(|_| Box::new([1u8; 1000])).collect();
    let count = all.len();
    for (i, b) in all.into_iter().enumerate() {
        if i < leak {
            std::mem::forget(b);
        }
    }
    count
}
