import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

def failure = log =~ /(?s)Failed to execute goal (.*?)-> \[Help 1\]/
assert failure.find() : 'the build did not fail on a mojo'
def message = failure.group(1)
assert message.contains(':allocations ')
assert message.contains('exited with status 101') : "unexpected failure: ${message}"

// the panic message of the program reached the console, without a backtrace (RUST_BACKTRACE=0 was given to it)
assert log.contains('16 corrupt records')
assert !log.contains('stack backtrace:')

// the recording and the summary were written before the build failed
def out = new File(basedir, 'target/rust-instruments/default')
assert new File(out, 'allocations.zst').length() > 0
def summary = new JsonSlurper().parse(new File(out, 'allocations.json'))
assert summary.exitCode == 101
assert summary.kind == 'allocations'
assert summary.totals.allocations >= 16
assert summary.totals.allocatedBytes >= 16 * 65536
assert summary.totals.peakHeapBytes >= 16 * 65536
assert summary.topSites[0].function == 'paniclib::load_records'

// then verify fails on that summary, whatever the limits: the run did not end normally
assert log.contains("[ERROR] run 'default': the program exited with status 101, but expected is a normal end (exit status 0 within its time limit)")
def verifyFailure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':verify') }
assert verifyFailure != null : 'verify did not fail'

return true
