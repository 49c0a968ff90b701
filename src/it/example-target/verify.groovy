import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// the example was built (with the feature it requires) and profiled; no harness was needed
def out = new File(basedir, 'target/rust-instruments')
assert new File(out, 'cargo/release/examples/churn').canExecute()
assert !new File(basedir, 'memcheck').exists() : 'profiling an example needs no harness'

def summary = new JsonSlurper().parse(new File(out, 'default/allocations.json'))
assert summary.exitCode == 0
assert summary.command[0].endsWith('/cargo/release/examples/churn')
assert log.contains('churn: 100000 values')

// 100 shrink_to_fit calls and the doublings in between: more than 100 allocations, all in exlib::churn
assert summary.totals.allocations >= 100
def top = summary.topSites[0]
assert top.function == 'exlib::churn'
assert top.inUserCode == true
assert top.file.endsWith('lib.rs')
assert top.allocations >= 100
assert top.allocatedBytes >= 100_000 * 8

return true
