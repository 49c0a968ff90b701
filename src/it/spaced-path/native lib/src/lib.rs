//! Profiled by the spaced-path IT: one buffer per line of its input, all alive at once.

/// Copies each line into a buffer of `size` bytes.
#[inline(never)]
pub fn buffer_lines(text: &str, size: usize) -> Vec<Vec<u8>> {
    text.lines()
        .map(|line| {
            let mut buffer = vec![0u8; size];
            buffer[..line.len()].copy_from_slice(line.as_bytes());
            buffer
        })
        .collect()
}
