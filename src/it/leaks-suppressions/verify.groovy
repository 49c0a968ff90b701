import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/leaks.json'))
// the user's suppression file reached valgrind, after the plugin's own
assert log =~ /--suppressions=\S+rust-std\.supp --suppressions=\S+cycle\.supp/
// the cycle is suppressed by the file, the buffer by the function pattern: nothing is left
assert summary.leakKinds.definitelyLostBytes == 0 : summary.leakKinds
assert summary.leakKinds.indirectlyLostBytes == 0 : summary.leakKinds
assert !summary.topSites.any { it.function.startsWith('leaky::') }
assert log.contains('All memory limits are met.')
