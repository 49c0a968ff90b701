import groovy.json.JsonSlurper
import java.util.zip.GZIPInputStream

// An older JUnit Platform than the listener's own: it loads the listener from maven.test.additionalClasspath, the
// tests pass, and the fork's markers file names each test's markers in the order its recording holds them.
def log = new File(basedir, 'build.log').text
def output = new File(basedir, 'target/rust-instruments')
def run = new File(output, 'jvm')
def jar = new File(output, 'jvm-launcher/rust-instruments-junit-listener.jar')

// prepare-jvm: the jar beside the launcher, added after the project's own entry; no warning about the provider
assert jar.isFile()
def classpath = log =~ /maven\.test\.additionalClasspath set to ([^\n]*): the JUnit Platform marks each test/
assert classpath.find() : 'prepare-jvm did not set maven.test.additionalClasspath'
def entries = classpath.group(1).split(',')
assert entries.size() == 2 : classpath.group(1)
assert new File(entries[0]).canonicalFile == new File(basedir, 'extra').canonicalFile
assert new File(entries[1]).canonicalFile == jar.canonicalFile
assert !log.contains('per-test split') : 'a warning about the test provider or the classpath'

// the tests passed (one of them checks the JUnit Platform's version, another the project's own entry)
assert !log.contains('Corrupted channel') && !log.contains('Corrupted STDOUT') : 'something wrote to the fork\'s stdout'
assert (log =~ /(?m)^\[INFO\] Tests run: 8, Failures: 0, Errors: 0, Skipped: 0$/).find() : 'not all 8 tests passed'

// one fork, its markers file named in its ending
def endings = run.listFiles().findAll { it.name ==~ /jvm-\d+\.json/ }
assert endings.size() == 1 : run.list()
assert !run.listFiles().any { it.name.startsWith('.launch-') } : "leftovers: ${run.list()}"
def fork = new JsonSlurper().parse(endings[0])
assert fork.exitCode == 0 && fork.tests == "jvm-${fork.pid}.tests" : fork
def test = 'com.example.oldplatform.CodecTest'
def tests = ["${test}#leaksFourHundredKiB", "${test}#parameterized[1]", "${test}#parameterized[2]",
             "${test}#repeated[1]", "${test}#repeated[2]", "${test}#seesTheProjectsOwnAdditionalClasspath",
             "${test}#theJUnitPlatformIsOlderThanTheListeners", "${test}\$Inner#nested"]
def expected = ['# rust-instruments test markers 1']
def sizes = []
int sequence = 0
tests.each { name ->
    ['start', 'end'].each { event ->
        long size = 305_416 + 8 * sequence
        expected << "${sequence} ${event} ${size} ${name}".toString()
        sizes << size
        sequence++
    }
}
assert new File(run, fork.tests).readLines() == expected

// the recording: every marker, in the file's order, and the library's 400 KiB block between the first test's two
def recording = new File(run, fork.recording)
def allocations = []
def infos = []
def input = recording.name.endsWith('.gz') ? new GZIPInputStream(new FileInputStream(recording))
        : ['zstd', '-dc', recording.path].execute().inputStream
input.withReader('UTF-8') { reader ->
    reader.eachLine { line ->
        if (line.startsWith('a ')) {
            infos << Long.parseLong(line.split(' ')[1], 16)
        } else if (line.startsWith('+ ')) {
            allocations << infos[Integer.parseInt(line.substring(2).trim(), 16)]
        }
    }
}
def positions = []
int next = 0
sizes.each { size ->
    while (next < allocations.size() && allocations[next] != size) {
        next++
    }
    assert next < allocations.size() : "no allocation of the marker size ${size} after ${positions.size()} markers"
    positions << next++
}
def leak = allocations.indexOf(409_600L)
assert leak > positions[0] && leak < positions[1] : "the 400 KiB block at ${leak}, the first test's markers at ${positions.take(2)}"
return true
