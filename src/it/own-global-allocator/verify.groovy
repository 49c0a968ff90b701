def log = new File(basedir, 'build.log').text

// scaffold worked; build is the goal that refused
assert new File(basedir, 'memcheck/Cargo.toml').isFile()
def failure = log =~ /(?s)Failed to execute goal (.*?)-> \[Help 1\]/
assert failure.find() : 'the build did not fail on a mojo'
def message = failure.group(1)
assert message.contains(':build ') : "failed in another goal: ${message}"
assert message.contains('global allocator') : "unexpected failure: ${message}"

// no harness executable was produced
assert !new File(basedir, 'target/rust-instruments/cargo/release/memcheck').exists()

return true
