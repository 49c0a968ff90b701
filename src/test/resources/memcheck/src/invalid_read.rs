// Two memory errors that are not leaks, through raw pointers: a read of freed memory and a read one element
// past the end of a Vec's block. Leaks nothing.
#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

#[inline(never)]
fn use_after_free() -> u8 {
    let b = Box::new([5u8; 16]);
    let p: *const u8 = b.as_ptr();
    drop(b);
    unsafe { std::ptr::read_volatile(p.add(3)) }
}

#[inline(never)]
fn out_of_bounds() -> u32 {
    let v: Vec<u32> = std::hint::black_box(vec![1, 2, 3, 4]);
    let p = v.as_ptr();
    unsafe { std::ptr::read_volatile(p.add(4)) }
}

fn main() {
    let a = use_after_free();
    let b = out_of_bounds();
    println!("{} {}", a, b);
}
