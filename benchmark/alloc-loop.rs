// The program the benchmark records: std only (no crates), it allocates and frees in a loop.
//
//   rustc -g -O alloc-loop.rs -o alloc-loop && heaptrack -o rec ./alloc-loop 4280000
//
// Each iteration makes 7 allocations (a Box, Vecs of varying sizes, a String from format!, a boxed Vec) and frees
// all but the one it keeps in a ring of 20,000 blocks; it runs at one of 24 recursion depths through two
// functions, so the same sites are reached by a few hundred distinct call stacks with ten thousand distinct
// (size, stack) pairs, as in a real program. Half way through, 50,000 blocks of 1-1.5 KiB are held at once: the
// heap peak (about 76 MB). One 4 KiB buffer is leaked on purpose.
//
// 4,280,000 iterations make about 60 million '+' and '-' records.
use std::hint::black_box;

#[inline(never)]
fn small_box(i: u64) -> Box<u64> {
    black_box(Box::new(i))
}

#[inline(never)]
fn medium_vec(i: usize) -> Vec<u8> {
    black_box(vec![i as u8; 16 + (i % 97) * 8])
}

#[inline(never)]
fn string_work(i: usize) -> usize {
    let s = black_box(format!("item-{}", i % 100_000));
    s.len()
}

#[inline(never)]
fn big_buffer(i: usize) -> Vec<u64> {
    black_box(vec![i as u64; 64 + (i % 251) * 4])
}

#[inline(never)]
fn keep_some(pool: &mut Vec<Vec<u8>>, i: usize) {
    // a ring of kept blocks: it fills up, then every new block replaces an old one
    let b = vec![i as u8; 32 + (i % 61) * 16];
    if pool.len() < 20_000 {
        pool.push(b);
    } else {
        pool[(i * 7919) % 20_000] = b;
    }
}

#[inline(never)]
fn work(pool: &mut Vec<Vec<u8>>, i: usize, sum: &mut usize) {
    let a = small_box(i as u64);
    let v = medium_vec(i);
    *sum += string_work(i);
    let big = big_buffer(i);
    keep_some(pool, i);
    let nested = black_box(Box::new(black_box(vec![1u16; 3 + i % 13])));
    *sum += (*a as usize) + v.len() + big.len() + nested.len();
}

#[inline(never)]
fn descend(depth: usize, pool: &mut Vec<Vec<u8>>, i: usize, sum: &mut usize) {
    if depth == 0 {
        work(pool, i, sum)
    } else if depth % 2 == 0 {
        descend_other(depth - 1, pool, i, sum)
    } else {
        descend(depth - 1, pool, i, sum)
    }
    black_box(());
}

#[inline(never)]
fn descend_other(depth: usize, pool: &mut Vec<Vec<u8>>, i: usize, sum: &mut usize) {
    if depth == 0 {
        work(pool, i, sum)
    } else {
        descend(depth - 1, pool, i, sum)
    }
    black_box(());
}

#[inline(never)]
fn peak(n: usize) -> usize {
    let held: Vec<Vec<u8>> = (0..n).map(|i| black_box(vec![0u8; 1024 + i % 512])).collect();
    held.iter().map(|v| v.len()).sum()
}

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(4_280_000);
    let mut pool = Vec::new();
    let mut sum = 0usize;
    for i in 0..iterations {
        descend(i % 24, &mut pool, i, &mut sum);
        if i == iterations / 2 {
            sum += peak(50_000);
        }
    }
    std::mem::forget(black_box(vec![0u8; 4096]));
    println!("{} {}", sum, pool.len());
}
