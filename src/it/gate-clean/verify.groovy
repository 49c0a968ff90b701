import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/leaks.json'))
assert summary.profiler == 'memcheck'
assert summary.leakKinds.definitelyLostBytes == 0 : "std's intentional allocations must be suppressed: ${summary.leakKinds}"
assert summary.leakKinds.indirectlyLostBytes == 0
assert summary.errors == []
assert log.contains('All memory limits are met.')
assert !log.contains('[ERROR]')
