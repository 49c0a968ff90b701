//! A library for the tool-executables IT.

/// Returns a greeting.
pub fn hello() -> String {
    String::from("hello")
}
