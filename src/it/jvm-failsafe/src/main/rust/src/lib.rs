//! The JNI library of the jvm-failsafe IT, std only: two static native methods of com.example.failsafe.Codec,
//! neither of which touches its JNIEnv.
#![allow(non_snake_case)]

use std::ffi::c_void;
use std::os::raw::c_int;

/// `Codec.retain(count, size)`: keeps `count` blocks of `size` bytes forever (exactly count * size leaked bytes).
#[no_mangle]
pub extern "system" fn Java_com_example_failsafe_Codec_retain(_env: *mut c_void, _class: *mut c_void,
        count: c_int, size: c_int) {
    for _ in 0..count {
        std::mem::forget(std::hint::black_box(vec![3u8; size as usize]));
    }
}

/// `Codec.churn(n)`: grows a vector to n elements and frees it; returns n.
#[no_mangle]
pub extern "system" fn Java_com_example_failsafe_Codec_churn(_env: *mut c_void, _class: *mut c_void,
        n: c_int) -> c_int {
    let mut v: Vec<u32> = Vec::new();
    for i in 0..n {
        v.push(i as u32);
    }
    std::hint::black_box(&v).len() as c_int
}
