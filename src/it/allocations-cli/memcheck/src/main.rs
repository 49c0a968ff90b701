// Harness committed by the allocations-cli IT: `scaffold` must leave it untouched.
// Usage: memcheck <buffers> <buffer-size>   (passed with -Drust-instruments.args=64,65536)

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

/// Number of boxes `mylib::leak_boxes` leaks, and the size of each.
const LEAKED_BOXES: usize = 5;
const LEAKED_BOX_SIZE: usize = 1000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).expect("arg 1: number of buffers");
    let size: usize = args.get(1).and_then(|a| a.parse().ok()).expect("arg 2: buffer size");

    let buffers = mylib::make_buffers(n, size);
    let total: usize = std::hint::black_box(&buffers).iter().map(|b| b.len()).sum();
    assert_eq!(total, n * size);
    drop(buffers);

    mylib::leak_boxes(LEAKED_BOXES, LEAKED_BOX_SIZE);
    println!("memcheck: {n} buffers of {size} bytes, {LEAKED_BOXES} boxes of {LEAKED_BOX_SIZE} bytes leaked");
}
