/// Makes `n` allocations of 64 bytes and frees them; returns a checksum so the work is not optimised away.
pub fn churn(n: usize) -> usize {
    let mut sum = 0;
    for i in 0..n {
        let block = std::hint::black_box(vec![i as u8; 64]);
        sum += block[0] as usize;
    }
    sum
}
