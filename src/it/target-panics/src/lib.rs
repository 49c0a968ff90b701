//! A library whose checker panics on bad input.

/// Allocates `n` records of `size` bytes.
#[inline(never)]
pub fn load_records(n: usize, size: usize) -> Vec<Box<[u8]>> {
    let mut records = Vec::with_capacity(n);
    for i in 0..n {
        records.push(vec![(i % 200) as u8 + 1; size].into_boxed_slice());
    }
    records
}

/// Panics: every record is "corrupt".
#[inline(never)]
pub fn check_records(records: &[Box<[u8]>]) {
    let corrupt = records.iter().filter(|r| r[0] != 0).count();
    if corrupt > 0 {
        panic!("{corrupt} corrupt records");
    }
}
