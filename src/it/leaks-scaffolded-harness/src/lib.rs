use std::collections::HashMap;

/// Interns `n` names into a map that is leaked on purpose: every block of it is definitely lost.
pub fn leak_names(n: usize) -> usize {
    let mut names: HashMap<String, usize> = HashMap::new();
    for i in 0..n {
        names.insert(format!("name-{i}"), i);
    }
    let leaked: &'static mut HashMap<String, usize> = Box::leak(Box::new(names));
    leaked.len()
}

/// Leaks one 4 KiB buffer through a Vec.
pub fn leak_buffer() -> usize {
    // black_box: an optimised build would otherwise remove an allocation that is never read nor freed
    let buffer = std::hint::black_box(vec![7u8; 4096]);
    let len = buffer.len();
    std::mem::forget(buffer);
    len
}
