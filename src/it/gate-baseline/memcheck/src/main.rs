#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    let n: usize = std::env::args().nth(1).expect("arg: count").parse().expect("a number");
    let blocks = sized::blocks(n);
    println!("{} blocks", blocks.len());
}
