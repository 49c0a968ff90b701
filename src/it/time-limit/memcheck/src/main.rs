// Harness of the time-limit IT.
// `memcheck <pids-file>`: starts `memcheck --child` (a grandchild of the plugin's profiler process),
// writes both pids to <pids-file>, then both sleep for 60 s.

use std::process::Command;

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    let arg = std::env::args().nth(1).expect("arg 1: pids file, or --child");
    if arg == "--child" {
        slowlib::slow_job(60);
        return;
    }
    let exe = std::env::current_exe().expect("current exe");
    let mut child = Command::new(exe).arg("--child").spawn().expect("start child");
    std::fs::write(&arg, format!("{}\n{}\n", std::process::id(), child.id())).expect("write pids file");
    let _buffer = slowlib::slow_job(60);
    child.wait().expect("wait for child");
}
