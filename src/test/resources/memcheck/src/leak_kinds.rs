// Leaks in three of memcheck's four classes, with sizes known in advance (x86_64):
//   definitely lost 300 bytes in 2 blocks: Box::leak of 100 bytes, mem::forget of a Vec of 200 bytes
//   possibly lost    64 bytes in 1 block:  only a pointer into the middle of the block survives
//   still reachable  32 bytes in 1 block:  a Vec<u32> of 8 kept in a static
// (indirectly lost memory comes from rc_cycle.rs)
#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

use std::hint::black_box;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Mutex;

static KEPT: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static INTERIOR: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());

#[inline(never)]
fn leak_box() -> &'static mut [u8; 100] {
    Box::leak(black_box(Box::new([7u8; 100])))
}

#[inline(never)]
fn forget_vec() {
    let v: Vec<u64> = black_box(vec![1; 25]);
    std::mem::forget(v);
}

#[inline(never)]
fn keep_in_static() {
    KEPT.lock().unwrap().extend_from_slice(black_box(&[1, 2, 3, 4, 5, 6, 7, 8]));
}

#[inline(never)]
fn keep_interior_pointer() {
    let block: &'static mut [u8; 64] = Box::leak(black_box(Box::new([0u8; 64])));
    INTERIOR.store(block.as_mut_ptr().wrapping_add(16), Ordering::SeqCst);
}

fn main() {
    let leaked = leak_box();
    forget_vec();
    keep_in_static();
    keep_interior_pointer();
    // read the statics, or the optimiser drops the stores and the blocks become definitely lost
    black_box(INTERIOR.load(Ordering::SeqCst));
    black_box(KEPT.lock().unwrap().len());
    println!("leaked {}", leaked[0]);
}
