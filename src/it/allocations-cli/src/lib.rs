//! A library with a known allocation pattern, profiled by the allocations-cli IT.
//!
//! The functions are `#[inline(never)]` so that they stay the innermost frame of
//! the user's crate in every allocation's stack, even in an optimised build.

use std::hint::black_box;

/// Allocates `n` buffers of `size` bytes each, all alive at the same time.
///
/// This is the dominant allocation site: `n * size` bytes, `n + 1` allocations
/// (one for the outer vector).
#[inline(never)]
pub fn make_buffers(n: usize, size: usize) -> Vec<Vec<u8>> {
    let mut buffers = Vec::with_capacity(n);
    for i in 0..n {
        buffers.push(vec![(i % 251) as u8 + 1; size]);
    }
    buffers
}

/// Allocates `k` boxed slices of `size` bytes and never frees them.
#[inline(never)]
pub fn leak_boxes(k: usize, size: usize) {
    for _ in 0..k {
        let leaked: Box<[u8]> = black_box(vec![42u8; size].into_boxed_slice());
        std::mem::forget(leaked);
    }
}
