#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    if std::env::var("CRASH").is_ok() {
        panic!("asked to crash");
    }
    let n: usize = std::env::args().nth(1).expect("arg: count").parse().expect("a number");
    let words = runlib::words(n);
    println!("{} words", words.len());
}
