// Harness of the run-parameters IT: `memcheck 40 "two words"`, with RI_IT_MODE=profiled,
// run in a directory that holds input.txt. Exits with status 3 when any of that is not so.

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn fail(message: String) -> ! {
    eprintln!("memcheck: {message}");
    std::process::exit(3)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args != ["40", "two words"] {
        fail(format!("unexpected arguments {args:?}"));
    }
    match std::env::var("RI_IT_MODE") {
        Ok(mode) if mode == "profiled" => {}
        other => fail(format!("unexpected RI_IT_MODE {other:?}")),
    }
    let text = std::fs::read_to_string("input.txt").unwrap_or_else(|e| {
        fail(format!("no input.txt in {:?}: {e}", std::env::current_dir()))
    });

    let rounds: usize = args[0].parse().unwrap();
    let pairs = paramlib::parse_pairs(&text, rounds);
    if pairs.len() != 4 * rounds {
        fail(format!("parsed {} pairs", pairs.len()));
    }
    println!("memcheck: parsed {} pairs in {}", pairs.len(), std::env::current_dir().unwrap().display());
}
