// Calls leaky-lib the way an application would, so that the profiler sees its allocations.
// Usage: memcheck [records]   (the pom passes <args><arg>2000</arg></args>)

// Every allocation through the system allocator, where heaptrack (and Instruments) see it.
#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

use leaky_lib::{parse_records, ThumbnailCache};

fn main() {
    let count: usize = std::env::args().nth(1).map_or(2000, |a| a.parse().expect("records: a number"));

    // an input of `count` lines, with 50 distinct names
    let mut input = String::new();
    for i in 0..count {
        input.push_str(&format!("user{};Reader, Writer, Group{}\n", i % 50, i % 7));
    }

    let records = parse_records(&input);

    let mut cache = ThumbnailCache::new();
    let mut checksum = 0u64;
    for record in &records {
        for tag in &record.tags {
            checksum += u64::from(cache.get(tag)[0]);
        }
        checksum += u64::from(cache.get(record.name)[0]);
    }

    println!(
        "memcheck: {} records, {} thumbnails cached ({} KiB), checksum {checksum}",
        records.len(),
        cache.len(),
        cache.len() * ThumbnailCache::THUMBNAIL_BYTES / 1024
    );
}
