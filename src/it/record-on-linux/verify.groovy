def log = new File(basedir, 'build.log').text
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains('rust-instruments:record drives Instruments, which exists only on macOS')
assert failure.contains('use rust-instruments:allocations (heaptrack) or rust-instruments:leaks (valgrind memcheck)')
assert !new File(basedir, 'target/rust-instruments').exists() : 'nothing built or recorded'
