def log = new File(basedir, 'build.log').text
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':report') }
assert failure != null
assert failure.contains('recording.zst is truncated') : failure
assert failure.contains('zstd') : failure
assert !log.contains('Exception:') || !log.contains('\tat io.github') : 'no stack trace for bad input'
// nothing written half-way
def out = new File(basedir, 'target/rust-instruments/default')
assert !out.exists() || out.list().length == 0 : "files were written: ${out.list()}"
