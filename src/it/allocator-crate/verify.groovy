def log = new File(basedir, 'build.log').text

// the warning names the allocator, the chain that brings it in and what to turn off
def warning = log.readLines().find { it.startsWith('[WARNING]') && it.contains('another allocator') }
assert warning != null : 'no allocator warning in the log'
assert warning.contains('mimalloc (memcheck -> fastlib -> mimalloc)')
assert warning.contains('<noDefaultFeatures>true</noDefaultFeatures>')

// a warning, not a failure: the recording and the summary are there
def summary = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/allocations.json'))
assert summary.exitCode == 0
assert summary.totals.allocatedBytes >= 65536
