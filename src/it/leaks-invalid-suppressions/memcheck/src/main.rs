#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    leaky::make_cycle();
    let buffer = leaky::leak_buffer();
    buffer[0] = 1;
}
