//! Another workspace member: the plugin must not pick it.

/// Returns a fixed number.
pub fn answer() -> u32 {
    42
}
