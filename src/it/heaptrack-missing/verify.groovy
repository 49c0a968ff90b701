def log = new File(basedir, 'build.log').text

def failure = log =~ /(?s)Failed to execute goal (.*?)-> \[Help 1\]/
assert failure.find() : 'the build did not fail on a mojo'
def message = failure.group(1)
assert message.contains(':allocations ')
assert message.contains('heaptrack not found on PATH') : "unexpected failure: ${message}"

// no recording, and no summary without a recording
assert !new File(basedir, 'target/rust-instruments/default/allocations.zst').exists()
assert !new File(basedir, 'target/rust-instruments/default/allocations.json').exists()

return true
