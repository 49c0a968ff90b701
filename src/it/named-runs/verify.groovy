import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/rust-instruments')
def summary = { run -> new JsonSlurper().parse(new File(out, "${run}/allocations.json")) }

// every run has its own directory and summary, the failing one included
def small = summary('small'), big = summary('big'), crash = summary('crash')
assert small.run == 'small' && big.run == 'big' && crash.run == 'crash'
assert small.command[-1] == '10' && big.command[-1] == '5000'
assert small.exitCode == 0 && big.exitCode == 0 && crash.exitCode == 101
assert !new File(out, 'default').exists() : 'with <runs> there is no default run'

// the workloads differ as configured: 10 vs 5000 strings of 100 bytes
def wordAllocations = { s -> s.topSites.findAll { it.function.startsWith('runlib::words') }*.allocations.sum() }
assert wordAllocations(small) >= 10 && wordAllocations(small) < 1000
assert wordAllocations(big) >= 5000
assert wordAllocations(big) > 100 * wordAllocations(small) / 2
assert big.totals.allocatedBytes >= 5000 * 100

// one failure at the end, naming the run that failed
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains('1 of 3 runs failed') : failure
assert log.contains("run 'crash': the profiled program")
assert log.contains('exited with status 101')
