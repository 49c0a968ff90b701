// Harness of the spaced-path IT.
// `memcheck <input file>`: reads the file relative to its working directory, buffers its lines, and writes the
// working directory it started in to `cwd.txt` there.

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    let input = std::env::args().nth(1).expect("arg 1: input file");
    let text = std::fs::read_to_string(&input).expect("read the input file from the working directory");
    let buffers = spacedlib::buffer_lines(&text, 4096);
    let cwd = std::env::current_dir().expect("current dir");
    std::fs::write("cwd.txt", cwd.to_str().expect("utf-8 path")).expect("write cwd.txt");
    println!("memcheck: {} lines buffered", std::hint::black_box(&buffers).len());
}
