// Frees everything it allocates, while using the parts of std that keep memory until exit on purpose:
// threads (spawned and joined, scoped), thread_local!, println!/eprintln!, stdin, std::env::args,
// std::thread::current(), a caught panic (with RUST_BACKTRACE=1 std keeps its backtrace symbol cache).
#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

use std::cell::RefCell;
use std::io::BufRead;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(256));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let lines = std::io::stdin().lock().lines().count();
    SCRATCH.with(|s| s.borrow_mut().extend_from_slice(b"main"));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            std::thread::Builder::new()
                .name(format!("worker-{i}"))
                .spawn(move || {
                    SCRATCH.with(|s| s.borrow_mut().extend_from_slice(b"worker"));
                    println!("hello from {}", std::thread::current().name().unwrap());
                    format!("result {i}")
                })
                .unwrap()
        })
        .collect();
    let results: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let scoped = std::thread::scope(|s| s.spawn(|| results.len()).join().unwrap());
    let caught = std::panic::catch_unwind(|| {
        if std::env::var_os("RI_NEVER_SET").is_none() {
            panic!("expected panic, caught");
        }
    });
    eprintln!("{} args, {} stdin lines, {} results, scoped {}, caught {}", args.len(), lines, results.len(),
        scoped, caught.is_err());
}
