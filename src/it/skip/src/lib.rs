//! A library for the skip IT.

/// Returns a greeting.
pub fn hello() -> String {
    String::from("hello")
}
