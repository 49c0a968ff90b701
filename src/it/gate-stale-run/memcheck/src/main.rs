#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(64));
}

fn main() {
    // std keeps some memory on purpose (stdout's buffer, thread bookkeeping, thread-locals): the plugin's
    // suppressions must hide it so that a clean library reports no definitely lost bytes
    let args: Vec<String> = std::env::args().collect();
    let worker = std::thread::spawn(|| tidy::count_words("a b a c b a").len());
    let distinct = worker.join().unwrap();
    SCRATCH.with(|s| s.borrow_mut().push(1));
    println!("{} args, {} distinct words", args.len(), distinct);
}
