// Leaks 48 bytes, then sleeps until it is killed (the recording of a program stopped by a time limit).
#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

#[inline(never)]
fn leak() {
    std::mem::forget(std::hint::black_box(vec![3u8; 48]));
}

fn main() {
    leak();
    std::thread::sleep(std::time::Duration::from_secs(600));
}
