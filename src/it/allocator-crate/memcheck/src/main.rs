#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    let buffer = fastlib::scratch(1 << 16);
    println!("{}", buffer.len());
}
