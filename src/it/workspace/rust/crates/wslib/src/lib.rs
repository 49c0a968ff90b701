//! The workspace member under test.

/// Returns `n` copies of `word` repeated `times` times each: `n` strings of `word.len() * times` bytes.
#[inline(never)]
pub fn repeat_words(word: &str, times: usize, n: usize) -> Vec<String> {
    let mut words = Vec::with_capacity(n);
    for _ in 0..n {
        words.push(word.repeat(times));
    }
    words
}
