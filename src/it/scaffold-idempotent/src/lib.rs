//! A library for the scaffold-idempotent IT.

/// Formats `n` numbered lines.
#[inline(never)]
pub fn numbered_lines(n: usize) -> Vec<String> {
    let mut lines = Vec::with_capacity(n);
    for i in 0..n {
        lines.push(format!("line {i:>6}: the quick brown fox jumps over the lazy dog"));
    }
    lines
}
