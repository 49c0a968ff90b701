import groovy.xml.XmlSlurper
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def run = new File(basedir, 'target/rust-instruments/default')
def summary = new JsonSlurper().parse(new File(run, 'leaks.json'))
assert summary.kind == 'leaks' && summary.profiler == 'memcheck'

// what memcheck itself says in its own LEAK SUMMARY (text mode, same suppressions): the gate must report exactly
// these bytes
def exe = summary.command[0]
def process = ['valgrind', '--leak-check=full', "--suppressions=${run}/rust-std.supp", exe].execute()
def out = new StringBuilder(), err = new StringBuilder()
process.waitForProcessOutput(out, err)
def lostBytes = { String kind ->
    def m = err =~ /${kind} lost: ([\d,]+) bytes in ([\d,]+) blocks/
    assert m.find() : "no '${kind} lost' line in valgrind's summary:\n${err}"
    m.group(1).replace(',', '') as long
}
long definitely = lostBytes('definitely')
long indirectly = lostBytes('indirectly')
assert definitely >= 4096 : 'the leaked buffer and the first node of the cycle'
assert indirectly >= 200 : 'the rest of the cycle'
assert summary.leakKinds.definitelyLostBytes == definitely
assert summary.leakKinds.indirectlyLostBytes == indirectly
assert summary.totals.leakedBytes == definitely + indirectly
assert summary.errors == [] : 'no memory errors, only leaks'

def human = { long b -> b < 1024 ? "${b} B" : String.format(Locale.ROOT, '%.1f KiB', b / 1024.0) }
def expected = [
    "run 'default': definitely lost bytes is ${human(definitely)}, but expected maximum is 0 B",
    "run 'default': indirectly lost bytes is ${human(indirectly)}, but expected maximum is 0 B",
]
expected.each { line -> assert log.contains("[ERROR] ${line}") : "missing: ${line}" }
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains(':verify') && failure.contains('2 memory limits exceeded')

// the leak sites point at the library's functions
assert summary.topSites.any { it.function.startsWith('leaky::leak_buffer') && it.inUserCode }
assert summary.topSites.any { it.function.startsWith('leaky::make_cycle') && it.inUserCode }

// JUnit XML for CI: one test case per run and limit, the two failures marked
def junit = new XmlSlurper().parse(new File(basedir, 'target/rust-instruments/gate/TEST-rust-instruments.xml'))
assert junit.@tests.text() as int == 3
assert junit.@failures.text() as int == 2
assert junit.testcase.findAll { it.failure.size() > 0 }.size() == 2
