def log = new File(basedir, 'build.log').text

def failure = log =~ /(?s)Failed to execute goal (.*?)-> \[Help 1\]/
assert failure.find() : 'the build did not fail on a mojo'
def message = failure.group(1)
assert message.contains('cargo not found on PATH') : "unexpected failure: ${message}"

// nothing was built
assert !new File(basedir, 'target/rust-instruments/cargo/release/memcheck').exists()

return true
