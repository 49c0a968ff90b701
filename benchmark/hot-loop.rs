// The benchmark's second program: one hot allocation site, as in issue #8. std only (no crates).
//
//   rustc -g -O hot-loop.rs -o hot-loop && heaptrack -o rec ./hot-loop 30000000
//
// Each iteration formats its number into a String and drops it: one allocation and one free from the same call
// stack, so 30,000,000 iterations make about 60 million '+'/'-' records over a handful of allocation infos
// (one per string length), all of them temporary.
use std::hint::black_box;

fn main() {
    let iterations: u64 = std::env::args().nth(1).map(|a| a.parse().expect("a number")).unwrap_or(30_000_000);
    let mut total = 0usize;
    for i in 0..iterations {
        let s = black_box(format!("{i}"));
        total += s.len();
    }
    println!("{total}");
}
