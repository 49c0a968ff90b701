//! A JNI library with known memory behaviour, std only: the JNI types and the few JNIEnv functions it calls are
//! declared by hand (a JNIEnv is a pointer to a table of function pointers, in the order of the JNI specification).
#![allow(non_snake_case, non_camel_case_types)]

use std::ffi::{c_char, c_void, CStr, CString};
use std::os::raw::c_int;

type jint = c_int;
type jobject = *mut c_void;
type jclass = jobject;
type jstring = jobject;
type jboolean = u8;

/// The JNI function table up to the string functions; only the used slots are typed.
#[repr(C)]
pub struct JNINativeInterface {
    reserved_and_unused: [*const c_void; 167],
    // 167..=170 in the specification's numbering
    new_string_utf: unsafe extern "system" fn(*mut JNIEnv, *const c_char) -> jstring,
    get_string_utf_length: *const c_void,
    get_string_utf_chars: unsafe extern "system" fn(*mut JNIEnv, jstring, *mut jboolean) -> *const c_char,
    release_string_utf_chars: unsafe extern "system" fn(*mut JNIEnv, jstring, *const c_char),
}

pub type JNIEnv = *const JNINativeInterface;

unsafe fn utf_of(env: *mut JNIEnv, s: jstring) -> String {
    let chars = ((**env).get_string_utf_chars)(env, s, std::ptr::null_mut());
    let text = CStr::from_ptr(chars).to_string_lossy().into_owned();
    ((**env).release_string_utf_chars)(env, s, chars);
    text
}

/// Leaks `count` blocks of `size` bytes: exactly count * size bytes the library never frees.
#[no_mangle]
pub extern "system" fn Java_com_example_jvmfixture_Leaky_leakBlocks(_env: *mut JNIEnv, _class: jclass,
        count: jint, size: jint) {
    for _ in 0..count {
        let block: Box<[u8]> = vec![7u8; size as usize].into_boxed_slice();
        std::hint::black_box(Box::leak(block));
    }
}

/// Allocates and frees: library allocations, no leak.
#[no_mangle]
pub extern "system" fn Java_com_example_jvmfixture_Leaky_churn(_env: *mut JNIEnv, _class: jclass, n: jint) -> jint {
    let mut v: Vec<u64> = Vec::new();
    for i in 0..n {
        v.push(i as u64);
    }
    std::hint::black_box(&v);
    v.len() as jint
}

/// Calls back into the JVM: GetStringUTFChars / NewStringUTF allocate in the JVM, the CString in the library.
#[no_mangle]
pub unsafe extern "system" fn Java_com_example_jvmfixture_Leaky_greet__Ljava_lang_String_2(env: *mut JNIEnv,
        _class: jclass, name: jstring) -> jstring {
    let text = CString::new(format!("hello, {}", utf_of(env, name))).unwrap();
    ((**env).new_string_utf)(env, text.as_ptr())
}

/// The overload greet(String, int).
#[no_mangle]
pub unsafe extern "system" fn Java_com_example_jvmfixture_Leaky_greet__Ljava_lang_String_2I(env: *mut JNIEnv,
        _class: jclass, name: jstring, times: jint) -> jstring {
    let one = utf_of(env, name);
    let text = CString::new(vec![one.as_str(); times.max(0) as usize].join(" ")).unwrap();
    ((**env).new_string_utf)(env, text.as_ptr())
}

/// Forgets ReleaseStringUTFChars: the JVM's copy leaks, made by the JVM inside a callback, not by the library.
#[no_mangle]
pub unsafe extern "system" fn Java_com_example_jvmfixture_Leaky_00024Inner_forget_1release(env: *mut JNIEnv,
        _class: jclass, s: jstring) -> jint {
    let chars = ((**env).get_string_utf_chars)(env, s, std::ptr::null_mut());
    CStr::from_ptr(chars).to_bytes().len() as jint
}

/// An exported function for FFM downcalls (no JNIEnv): allocates and frees.
#[no_mangle]
pub extern "C" fn leaky_sum(n: jint) -> i64 {
    let v: Vec<i64> = (0..n as i64).collect();
    v.iter().sum()
}

/// The FFM twin of leakBlocks: leaks `count` blocks of `size` bytes.
#[no_mangle]
pub extern "C" fn leaky_leak(count: jint, size: jint) {
    for _ in 0..count {
        // black_box: without it the optimiser drops an allocation nobody reads
        std::mem::forget(std::hint::black_box(vec![1u8; size as usize]));
    }
}
