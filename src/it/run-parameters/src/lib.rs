//! A small key=value parser.

/// Parses `key=value` lines into owned pairs, `rounds` times over (to make the allocations visible).
#[inline(never)]
pub fn parse_pairs(text: &str, rounds: usize) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for _ in 0..rounds {
        for line in text.lines() {
            if let Some((key, value)) = line.split_once('=') {
                pairs.push((key.trim().to_string(), value.trim().to_string()));
            }
        }
    }
    pairs
}
