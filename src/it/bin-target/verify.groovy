import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// the bin target was built without default features (else lib.rs does not compile) and profiled
def out = new File(basedir, 'target/rust-instruments')
assert new File(out, 'cargo/release/tally').canExecute()
assert !new File(basedir, 'memcheck').exists() : 'profiling a bin target needs no harness'

def summary = new JsonSlurper().parse(new File(out, 'default/allocations.json'))
assert summary.exitCode == 0
assert summary.command[0].endsWith('/cargo/release/tally')
assert log.contains("tally: 8 distinct words, 'the' 200 times")

// one lowercase String per word and round: 13 * 50
assert summary.totals.allocations >= 650
// (the program is small: the largest site overall may be outside the user's code, e.g. libstdc++'s
// startup pool of 71 KiB, so look at the sites in the user's code)
def userSites = summary.topSites.findAll { it.inUserCode }
def top = userSites[0]
assert top.function == 'binlib::tally'
assert top.inUserCode == true
assert top.file.endsWith('lib.rs')
assert top.allocations >= 650

return true
