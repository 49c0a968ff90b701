//! The allocation-heavy library the stats-overhead benchmark profiles; run.sh copies it to
//! bench-lib/src/lib.rs. Per iteration about 7 allocation calls (a box, a growing vector, a
//! formatted string, a kept block, a map entry) and about as many frees.
use std::collections::HashMap;
use std::hint::black_box;

fn work(iterations: u64, seed: u64) -> u64 {
    let mut ring: Vec<Option<Box<[u8; 64]>>> = (0..1024).map(|_| None).collect();
    let mut map: HashMap<u64, String> = HashMap::new();
    let mut sum = 0u64;
    for i in 0..iterations {
        let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed;
        // a small box, freed at once
        sum += *black_box(Box::new(x)) & 1;
        // a vector that grows: one allocation, then reallocs
        let mut v = Vec::new();
        for j in 0..(x % 24) {
            v.push(j as u32);
        }
        sum += black_box(&v).len() as u64;
        // a formatted string
        let s = format!("item-{}", x % 10_000);
        sum += s.len() as u64;
        // a block kept for a while: it replaces (frees) an older one
        ring[(x % 1024) as usize] = Some(Box::new([x as u8; 64]));
        // a map entry, removed later
        if i % 4 == 0 {
            map.insert(x % 4096, s);
        } else {
            map.remove(&(x % 4096));
        }
    }
    sum + map.len() as u64 + ring.iter().flatten().count() as u64
}

/// Runs `iterations` in total, split over `threads` threads that allocate at the same time.
pub fn churn(iterations: u64, threads: usize) -> u64 {
    let per_thread = iterations / threads as u64;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || work(per_thread, t as u64)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}
