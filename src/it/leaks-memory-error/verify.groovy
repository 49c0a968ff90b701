import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/leaks.json'))
assert summary.profiler == 'memcheck'
assert summary.errors.size() >= 1
def invalidRead = summary.errors.find { it.kind == 'InvalidRead' }
assert invalidRead != null : "no InvalidRead in ${summary.errors*.kind}"
assert invalidRead.function.startsWith('unsound::read_after_free') : invalidRead.function
assert invalidRead.file.endsWith('src/lib.rs') && invalidRead.line == 6
assert invalidRead.what.contains('Invalid read')
assert summary.leakKinds.definitelyLostBytes == 0

// reported on the console and failed by the default gate
assert log.contains('InvalidRead: Invalid read')
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains(':verify')
assert failure.contains("run 'default': memcheck errors is ${summary.errors.size()}, but expected maximum is 0")

// the HTML report lists the error with its place
def html = new File(basedir, 'target/rust-instruments/default/leaks.html').getText('UTF-8')
assert html.contains('id="memory-errors"')
assert html.contains('<strong>InvalidRead</strong>')
assert html.contains('unsound::read_after_free')
