//! A library that takes far too long.

use std::time::Duration;

/// Allocates a little, then sleeps for `seconds`.
#[inline(never)]
pub fn slow_job(seconds: u64) -> Vec<u8> {
    let buffer = vec![1u8; 4096];
    std::thread::sleep(Duration::from_secs(seconds));
    buffer
}
