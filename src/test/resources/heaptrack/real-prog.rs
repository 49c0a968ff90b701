use std::hint::black_box;

#[inline(always)]
fn make_vec(n: usize) -> Vec<u8> {
    vec![7u8; n]
}

#[inline(never)]
fn temporaries(k: usize) -> usize {
    let mut s = 0;
    for i in 0..k {
        let v = black_box(make_vec(100 + i));
        s += v.len();
    }
    s
}

#[inline(never)]
fn keep(k: usize) -> Vec<Box<[u64; 32]>> {
    let mut out = Vec::new();
    for i in 0..k {
        out.push(Box::new([i as u64; 32]));
    }
    out
}

#[inline(never)]
fn leak(k: usize) {
    for i in 0..k {
        let b = Box::new([i as u32; 10]);
        std::mem::forget(b);
    }
    let s = String::from("leaked string here");
    Box::leak(s.into_boxed_str());
}

fn main() {
    let t = temporaries(50);
    let kept = keep(200);
    let total: u64 = kept.iter().map(|b| b[0]).sum();
    drop(kept);
    leak(5);
    let big = vec![1u8; 1 << 20];
    black_box(&big);
    std::thread::sleep(std::time::Duration::from_millis(30));
    println!("{} {} {}", t, total, big.len());
}

// This is the program recorded in real-prog.zst (heaptrack 1.4.0, rustc 1.95.0, Linux x86_64), with
//   rustc -g -O real-prog.rs -o prog && heaptrack -o real-prog ./prog
// The figures HeaptrackReaderTest expects for real-prog.zst are what heaptrack_print 1.4.0 reports for it.
