//! A library without a harness: the scaffold-fresh IT lets the plugin generate one.

/// Joins `parts` with commas.
pub fn join(parts: &[&str]) -> String {
    parts.join(",")
}
