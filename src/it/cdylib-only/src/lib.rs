//! A library meant to be loaded by a JVM (JNI/FFM): a cdylib only.

/// Adds two numbers; exported with the C ABI.
#[no_mangle]
pub extern "C" fn nativelib_add(a: i32, b: i32) -> i32 {
    a + b
}
