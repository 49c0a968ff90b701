#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    println!("{}", unsound::read_after_free());
}
