// Harness of the interrupted IT. `memcheck quick`: a short run. `memcheck forever <marker>`: writes the marker
// file once it runs, then allocates until it is stopped, so that Maven can be interrupted in the middle.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "quick" {
        println!("checksum {}", stoppable::churn(1000));
        return;
    }
    std::fs::write(&args[2], "running\n").expect("write the marker file");
    loop {
        std::hint::black_box(stoppable::churn(100));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
