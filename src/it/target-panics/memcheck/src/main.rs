// Harness of the target-panics IT: allocates 16 records of 64 KiB, then panics (exit status 101).

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    let records = paniclib::load_records(16, 65536);
    paniclib::check_records(&records);
    println!("memcheck: not reached");
}
