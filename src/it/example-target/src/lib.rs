//! A library with an optional, allocation-heavy part.

/// Grows a vector one element at a time: many reallocations.
#[cfg(feature = "extra")]
#[inline(never)]
pub fn churn(n: usize) -> Vec<u64> {
    let mut values = Vec::new();
    for i in 0..n {
        values.push(i as u64);
        if i % 1000 == 999 {
            values.shrink_to_fit();
        }
    }
    values
}
