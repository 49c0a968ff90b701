// A std-only program that allocates in a loop, for benchmarking the heaptrack reader.
// Usage: alloc-loop <iterations>   (each iteration makes 6 allocations and about as many frees)
use std::hint::black_box;

#[inline(never)]
fn small_box(i: u64) -> Box<u64> {
    black_box(Box::new(i))
}

#[inline(never)]
fn medium_vec(i: usize) -> Vec<u8> {
    black_box(vec![i as u8; 16 + (i % 7) * 24])
}

#[inline(never)]
fn string_work(i: usize) -> usize {
    let s = black_box(format!("item-{}", i % 1000));
    s.len()
}

#[inline(never)]
fn big_buffer(i: usize) -> Vec<u64> {
    black_box(vec![i as u64; 64 + (i % 5) * 64])
}

#[inline(never)]
fn keep_some(pool: &mut Vec<Box<[u8; 48]>>, i: usize) {
    // a ring of kept blocks: it fills up, then every new block replaces an old one
    let b = Box::new([i as u8; 48]);
    if pool.len() < 20_000 {
        pool.push(b);
    } else {
        pool[i % 20_000] = b;
    }
}

#[inline(never)]
fn phase(pool: &mut Vec<Box<[u8; 48]>>, i: usize, sum: &mut usize) {
    let a = small_box(i as u64);
    let v = medium_vec(i);
    *sum += string_work(i);
    let big = big_buffer(i);
    keep_some(pool, i);
    let nested = black_box(Box::new(black_box(vec![1u16; 3 + i % 4])));
    *sum += (*a as usize) + v.len() + big.len() + nested.len();
}

#[inline(never)]
fn peak(n: usize) -> usize {
    // a burst in the middle of the run: the heap peak
    let held: Vec<Vec<u8>> = (0..n).map(|i| black_box(vec![0u8; 1024 + i % 512])).collect();
    held.iter().map(|v| v.len()).sum()
}

fn main() {
    let iterations: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let mut pool: Vec<Box<[u8; 48]>> = Vec::new();
    let mut sum = 0usize;
    for i in 0..iterations {
        phase(&mut pool, i, &mut sum);
        if i == iterations / 2 {
            sum += peak(50_000);
        }
    }
    // leak a little on purpose
    std::mem::forget(black_box(vec![0u8; 4096]));
    println!("{} {}", sum, pool.len());
}
