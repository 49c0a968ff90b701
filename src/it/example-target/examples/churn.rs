//! `cargo run --example churn --features extra`

fn main() {
    let values = exlib::churn(100_000);
    println!("churn: {} values", std::hint::black_box(&values).len());
}
