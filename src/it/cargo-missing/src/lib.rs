//! A library that is never profiled: a tool is missing.

/// Returns a greeting.
pub fn hello() -> String {
    String::from("hello")
}
