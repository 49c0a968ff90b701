//! A JNI library whose tests have known memory behaviour, std only: the JNI types and the one JNIEnv function it
//! calls are declared by hand (a JNIEnv is a pointer to a table of function pointers, in the JNI specification's
//! order).
#![allow(non_snake_case, non_camel_case_types)]

use std::ffi::{c_char, c_void, CString};
use std::os::raw::c_int;

type jint = c_int;
type jobject = *mut c_void;
type jclass = jobject;
type jstring = jobject;

/// The JNI function table up to NewStringUTF (slot 167); only that slot is typed.
#[repr(C)]
pub struct JNINativeInterface {
    reserved_and_unused: [*const c_void; 167],
    new_string_utf: unsafe extern "system" fn(*mut JNIEnv, *const c_char) -> jstring,
}

pub type JNIEnv = *const JNINativeInterface;

/// Leaks `pages` blocks of 4096 bytes.
#[no_mangle]
pub extern "system" fn Java_heldout_jni_Codec_leakPages(_env: *mut JNIEnv, _class: jclass, pages: jint) {
    for _ in 0..pages {
        // black_box: without it the optimiser may drop an allocation nobody reads
        std::mem::forget(std::hint::black_box(Vec::<u8>::with_capacity(4096)));
    }
}

/// Holds 32 blocks of 64 KiB (2 MiB) at once, then frees them all: a peak, no leak.
#[no_mangle]
pub extern "system" fn Java_heldout_jni_Codec_holdTwoMiB(_env: *mut JNIEnv, _class: jclass) -> jint {
    let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(32);
    for i in 0..32 {
        blocks.push(vec![i as u8; 64 * 1024]);
    }
    std::hint::black_box(&blocks);
    blocks.iter().map(|b| b[0] as jint).sum()
}

/// Calls back into the JVM (NewStringUTF allocates there, not in the library) and leaks 64 bytes of its own.
#[no_mangle]
pub unsafe extern "system" fn Java_heldout_jni_Codec_greetAndLeak(env: *mut JNIEnv, _class: jclass) -> jstring {
    std::mem::forget(std::hint::black_box(Vec::<u8>::with_capacity(64)));
    let text = CString::new("hello from Rust").unwrap();
    ((**env).new_string_utf)(env, text.as_ptr())
}

/// Allocates and frees n blocks of 100 bytes: library allocations, no leak.
#[no_mangle]
pub extern "system" fn Java_heldout_jni_Codec_decode(_env: *mut JNIEnv, _class: jclass, n: jint) -> jint {
    let blocks: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; 100]).collect();
    std::hint::black_box(&blocks);
    blocks.len() as jint
}
