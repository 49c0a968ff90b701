//! A library with a command-line tool (src/bin/tally.rs).

#[cfg(feature = "not-in-this-build")]
compile_error!("built with the default features: noDefaultFeatures was not applied");

use std::collections::HashMap;

/// Counts the words of `text`, `rounds` times over.
#[inline(never)]
pub fn tally(text: &str, rounds: usize) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for _ in 0..rounds {
        for word in text.split_whitespace() {
            *counts.entry(word.to_lowercase()).or_insert(0) += 1;
        }
    }
    counts
}
