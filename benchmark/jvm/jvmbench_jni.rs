//! The benchmark's JNI library (`libjvmbench_jni.so`), std only, adapted from the JVM fixture's
//! (src/test/resources/jvm-fixture/rust/src/lib.rs): the JNI types and the few JNIEnv functions it calls are
//! declared by hand (a JNIEnv is a pointer to a table of function pointers, in the order of the JNI specification).
//! Built by run.sh with `rustc --crate-type cdylib -O`; called by jvm/java/jvmbench/JvmBench.java.
#![allow(non_snake_case, non_camel_case_types)]

use std::collections::HashMap;
use std::ffi::{c_char, c_void, CStr, CString};
use std::hint::black_box;
use std::os::raw::c_int;
use std::sync::Mutex;

type jint = c_int;
type jlong = i64;
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

/// Long-lived blocks: `keep` replaces one of them, so the library holds up to RING_SIZE blocks at once.
const RING_SIZE: usize = 4096;
static RING: Mutex<Vec<Option<Box<[u8]>>>> = Mutex::new(Vec::new());

/// Short-lived allocations of a few kinds, freed before returning: a growing Vec (its reallocations), a
/// format! string, a Box, a small HashMap at one of a few depths of recursion (distinct stacks).
#[no_mangle]
pub extern "system" fn Java_jvmbench_Native_work(_env: *mut JNIEnv, _class: jclass, seed: jint, n: jint) -> jlong {
    let depth = (seed & 3) as u32;
    nested(depth, seed as i64, n.max(1) as usize)
}

#[inline(never)]
fn nested(depth: u32, seed: i64, n: usize) -> jlong {
    if depth > 0 {
        return black_box(nested(depth - 1, seed, n)) + 1;
    }
    let mut v: Vec<i64> = Vec::new();
    for i in 0..n as i64 {
        v.push(seed ^ i);
    }
    let text = format!("item {seed} of {n}");
    let boxed = Box::new([seed; 4]);
    let mut map: HashMap<i64, usize> = HashMap::with_capacity(4);
    map.insert(seed, text.len());
    black_box((&v, &text, &boxed, &map));
    v.iter().sum::<i64>() + text.len() as i64 + map.len() as i64
}

/// Keeps a block of `size` bytes in a ring, freeing the one it replaces.
#[no_mangle]
pub extern "system" fn Java_jvmbench_Native_keep(_env: *mut JNIEnv, _class: jclass, slot: jint, size: jint) {
    let block = vec![slot as u8; size.max(1) as usize].into_boxed_slice();
    let mut ring = RING.lock().unwrap();
    if ring.is_empty() {
        ring.resize_with(RING_SIZE, || None);
    }
    let at = slot as usize % RING_SIZE;
    ring[at] = Some(block);
}

/// Frees the ring (so that the ring leaks nothing).
#[no_mangle]
pub extern "system" fn Java_jvmbench_Native_clear(_env: *mut JNIEnv, _class: jclass) {
    let mut ring = RING.lock().unwrap();
    ring.clear();
    ring.shrink_to_fit();
}

/// Calls back into the JVM: GetStringUTFChars and NewStringUTF allocate in the JVM, the CString in the library.
#[no_mangle]
pub unsafe extern "system" fn Java_jvmbench_Native_echo(env: *mut JNIEnv, _class: jclass, name: jstring) -> jstring {
    let chars = ((**env).get_string_utf_chars)(env, name, std::ptr::null_mut());
    let one = CStr::from_ptr(chars).to_string_lossy().into_owned();
    ((**env).release_string_utf_chars)(env, name, chars);
    let text = CString::new(format!("echo: {one}")).unwrap();
    ((**env).new_string_utf)(env, text.as_ptr())
}

/// Leaks `count` blocks of `size` bytes: exactly count * size bytes the library never frees.
#[no_mangle]
pub extern "system" fn Java_jvmbench_Native_leak(_env: *mut JNIEnv, _class: jclass, count: jint, size: jint) {
    for _ in 0..count {
        let block: Box<[u8]> = vec![7u8; size as usize].into_boxed_slice();
        black_box(Box::leak(block));
    }
}
