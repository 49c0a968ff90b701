#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    // proves the user's environment reached the program (through xctrace's --env on macOS)
    println!("{} ({})", maclib::greeting("mac"), std::env::var("GREETING_STYLE").unwrap_or_default());
}
