//! A JNI library with one function, std only: it leaks what it is asked to.
#![allow(non_snake_case)]

use std::ffi::c_void;
use std::os::raw::c_int;

/// Leaks one block of `size` bytes.
#[no_mangle]
pub extern "system" fn Java_com_example_oldplatform_Codec_leak(_env: *mut c_void, _class: *mut c_void, size: c_int) {
    let block: Box<[u8]> = vec![7u8; size as usize].into_boxed_slice();
    std::hint::black_box(Box::leak(block));
}
