// Committed by the workspace IT (scaffold generates only the missing memcheck/Cargo.toml).

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    // 500 strings of 10 * 200 = 2000 bytes each
    let words = wslib::repeat_words("workspace!", 200, 500);
    let bytes: usize = std::hint::black_box(&words).iter().map(String::len).sum();
    println!("memcheck: {} words, {bytes} bytes", words.len());
}
