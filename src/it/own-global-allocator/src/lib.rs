//! A library that counts its allocations by installing its own global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes allocated so far through [`Counting`].
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

/// Delegates to [`System`] and counts the bytes it hands out.
pub struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Returns the number of bytes allocated so far.
pub fn allocated() -> usize {
    ALLOCATED.load(Ordering::Relaxed)
}
