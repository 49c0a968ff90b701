//! Counts words: `tally`.

fn main() {
    let text = "the cat sat on the mat and the dog sat on the log";
    let counts = binlib::tally(text, 50);
    println!("tally: {} distinct words, 'the' {} times", counts.len(), counts["the"]);
}
