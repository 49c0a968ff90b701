//! The library of the jvm-ffm IT, std only: plain exported `extern "C"` functions, called from Java through FFM
//! downcalls (no JNI).
use std::os::raw::c_int;

/// Leaks `count` blocks of `size` bytes: exactly count * size bytes never freed.
#[no_mangle]
pub extern "C" fn ffm_leak(count: c_int, size: c_int) {
    for _ in 0..count {
        std::mem::forget(std::hint::black_box(vec![5u8; size as usize]));
    }
}

/// Collects 0..n into a vector, frees it and returns the sum: allocations, no leak.
#[no_mangle]
pub extern "C" fn ffm_sum(n: c_int) -> i64 {
    let v: Vec<i64> = (0..n as i64).collect();
    std::hint::black_box(&v).iter().sum()
}
