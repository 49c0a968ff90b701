// Harness of the run-lock IT: `memcheck <allocations> <sleep-ms>` allocates, then sleeps, so that a second build
// of the same run starts while this one is still recording.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args[1].parse().expect("arg 1: allocations");
    let sleep_ms: u64 = args[2].parse().expect("arg 2: milliseconds to sleep");
    println!("checksum {}", lockable::churn(n));
    std::thread::sleep(std::time::Duration::from_millis(sleep_ms));
}
