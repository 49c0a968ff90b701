import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/allocations.json'))

// the harness accepted its arguments, environment and working directory (else it exits with 3)
assert summary.exitCode == 0
assert summary.command.takeRight(2) == ['40', 'two words']
assert log.contains('memcheck: parsed 160 pairs in ' + new File(basedir, 'data').canonicalPath)

// 40 rounds of 4 lines: 2 strings per line
assert summary.totals.allocations >= 320
// (the program is small: the largest site overall may be outside the user's code, e.g. libstdc++'s
// startup pool of 71 KiB, so look at the sites in the user's code)
def userSites = summary.topSites.findAll { it.inUserCode }
def top = userSites[0]
assert top.function == 'paramlib::parse_pairs'
assert top.inUserCode == true
assert top.allocations >= 320

return true
