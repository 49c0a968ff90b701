import groovy.xml.XmlSlurper
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def summary = { run -> new JsonSlurper().parse(new File(basedir, "target/rust-instruments/${run}/allocations.json")) }
def big = summary('big')
assert big.totals.peakHeapBytes >= 2000 * 1024

def peak = String.format(Locale.ROOT, '%.1f MiB', big.totals.peakHeapBytes / 1048576.0)
def breach = "run 'big': peak heap is ${peak}, but expected maximum is 1 MiB"
def invocations = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD ') }
assert invocations.size() == 2 : "two invocations in build.log, found ${invocations.size()}"
def first = invocations[0], second = invocations[1]

// 1: the breach fails the build; 'small' passes; the rule for a metric heaptrack does not measure only warns
assert first.contains("[ERROR] ${breach}") : "missing in the first invocation: ${breach}"
assert !first.contains("run 'small': peak heap is")
assert first.contains("[WARNING] run 'small': definitely lost bytes is not measured by heaptrack")
assert first.contains("[WARNING] run 'big': definitely lost bytes is not measured by heaptrack")
assert first.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }?.contains(breach)
// the table of what was checked
assert first =~ /(?m)^\[INFO\] small +peak heap/

// 2: haltOnFailure=false: the same breach, as a warning; the build succeeds
assert second.contains("[WARNING] ${breach}")
assert !second.contains('[ERROR]')
assert second.contains('BUILD SUCCESS')

// JUnit XML: one test case per run and limit
def junit = new XmlSlurper().parse(new File(basedir, 'target/rust-instruments/gate/TEST-rust-instruments.xml'))
assert junit.name() == 'testsuite'
def cases = junit.testcase
assert cases.size() == 5 : 'small: 2 limits + WARN rule; big: 1 limit + WARN rule'
assert cases.findAll { it.failure.size() > 0 }*.@classname*.text() == ['rust-instruments.big']
