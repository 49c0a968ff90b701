// Harness of the run-lock IT: `memcheck <allocations> <wait>` allocates, then waits, so that a second build of the
// same run starts while this one is still recording. <wait> is milliseconds to sleep, or a file to watch: then the
// program waits (at most 3 minutes) until that file says another build is waiting for this run, which keeps the
// test independent of how long the second build takes to start on a busy machine.
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args[1].parse().expect("arg 1: allocations");
    println!("checksum {}", lockable::churn(n));
    match args[2].parse::<u64>() {
        Ok(ms) => std::thread::sleep(Duration::from_millis(ms)),
        Err(_) => {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(180) {
                let log = std::fs::read_to_string(&args[2]).unwrap_or_default();
                if log.contains("another build is recording this run") {
                    println!("the other build waits");
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}
