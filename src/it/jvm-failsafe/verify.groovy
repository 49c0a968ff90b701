import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
def started = new File(basedir, 'build-started').text.trim() as long
def output = new File(basedir, 'target/rust-instruments')
def runDirectory = new File(output, 'jvm')
def libraryDirectory = new File(output, 'cargo/debug').canonicalFile
def launcher = new File(output, 'jvm-launcher/bin/java')
final long LEAK = 3 * 4096 // what CodecIT leaks through Codec.retain

// prepare-jvm: the dev cdylib, its directory in the argLine Surefire and Failsafe both read, the launcher as jvm
assert new File(libraryDirectory, 'libfailsafe_jni.so').isFile()
// Surefire splits the argLine at spaces: a directory with one arrives quoted
def libraryPath = "-Djava.library.path=${libraryDirectory}"
def argLine = "${libraryDirectory.path.contains(' ') ? "\"${libraryPath}\"" : libraryPath} " +
        '-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit'
assert log.contains("argLine set to ${argLine}") : "argLine not as expected (${argLine}):\n${log}"
assert log.contains("jvm set to ${launcher.canonicalPath}")
assert launcher.canExecute()

// the lifecycle: Surefire, then Failsafe's integration tests, then the analysis, then the gates
def at = { String text ->
    def i = log.indexOf(text)
    assert i >= 0 : "'${text}' is not in the log"
    i
}
assert at(':prepare-jvm') < at('maven-surefire-plugin:3.5.2:test')
assert at('maven-surefire-plugin:3.5.2:test') < at('maven-failsafe-plugin:3.5.2:integration-test')
assert at('maven-failsafe-plugin:3.5.2:integration-test') < at(':jvm-allocations')
assert at(':jvm-allocations') < at('maven-failsafe-plugin:3.5.2:verify')
def gate = log =~ /--- rust-instruments-maven-plugin:[^:]+:verify /
assert gate.find() && at(':jvm-allocations') < gate.start()

// both test plugins ran their test, which passed, and their channels stayed clean
assert !log.contains('Corrupted channel') && !log.contains('Corrupted STDOUT') : 'the launcher wrote to stdout'
def reportOf = { String directory, String testClass ->
    def reports = new File(basedir, "target/${directory}")
    assert !reports.listFiles().any { it.name.endsWith('.dumpstream') } : "dump streams: ${reports.list()}"
    def xml = new XmlSlurper().parse(new File(reports, "TEST-com.example.failsafe.${testClass}.xml"))
    assert xml.@tests == '1' && xml.@failures == '0' && xml.@errors == '0' && xml.@skipped == '0' :
            "${testClass}: ${xml.attributes()}"
    xml
}
reportOf('surefire-reports', 'CodecTest')
def itReport = reportOf('failsafe-reports', 'CodecIT')
// Failsafe's JVM took the library's directory from the argLine (that the launcher ran it: its recording, below)
assert itReport.properties.property.find { it.@name == 'java.library.path' }.@value.text()
        .tokenize(File.pathSeparator).contains(libraryDirectory.path)
def failsafeSummary = new XmlSlurper().parse(new File(basedir, 'target/failsafe-reports/failsafe-summary.xml'))
assert failsafeSummary.completed.text() == '1' && failsafeSummary.failures.text() == '0'
assert failsafeSummary.errors.text() == '0' : failsafeSummary

// each JVM wrote its pid: one recording per forked JVM, named by it
def pids = ['surefire', 'failsafe'].collectEntries { [(it): new File(basedir, "target/test-pids/${it}").text.trim() as long] }
assert pids.surefire != pids.failsafe
def endings = runDirectory.listFiles().findAll { it.name ==~ /jvm-\d+\.json/ }
assert endings*.name.toSorted() == pids.values()*.toString().collect { "jvm-${it}.json" }.toSorted() :
        "${runDirectory.list()} for ${pids}"
assert !runDirectory.listFiles().any { it.name.startsWith('.launch-') } : "leftovers: ${runDirectory.list()}"
def prepared = new JsonSlurper().parse(new File(runDirectory, 'prepare-jvm.json'))
assert prepared.module == 'libfailsafe_jni.so' && prepared.launcher == launcher.canonicalPath : prepared

def heaptrackPrint = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))
def costThrough = evaluate(new File(basedir, '../../../src/it/common/cost-through.groovy'))
def forks = pids.collectEntries { plugin, pid ->
    def fork = new JsonSlurper().parse(new File(runDirectory, "jvm-${pid}.json"))
    assert fork.pid == pid && fork.exitCode == 0 && fork.signal == null : "${plugin}: ${fork}"
    assert fork.recording == "jvm-${pid}.zst" && fork.perfMap == "jvm-${pid}.map"
    assert new File(runDirectory, fork.perfMap).readLines().any { it ==~ /0x[0-9a-f]+ 0x[0-9a-f]+ .+/ }
    assert !new File("/tmp/perf-${pid}.map").exists() : "the JVM's perf map was left in /tmp"
    def recording = new File(runDirectory, fork.recording)
    def process = heaptrackPrint(recording)
    [(plugin): [
            process    : process,
            markers    : fork.tests == null ? 0 : new File(runDirectory, fork.tests).readLines().size() - 1,
            leaked     : costThrough(recording, 'leaked', 'Java_com_example_failsafe_Codec_retain'),
            churnLeaked: costThrough(recording, 'leaked', 'Java_com_example_failsafe_Codec_churn'),
            allocations: costThrough(recording, 'allocations', 'Java_com_example_failsafe_Codec_'),
    ]]
}
// independently of the plugin: Failsafe's JVM leaked exactly LEAK through retain, Surefire's nothing
assert forks.failsafe.leaked == LEAK : forks
assert forks.surefire.leaked == 0 && forks.surefire.churnLeaked == 0 && forks.failsafe.churnLeaked == 0 : forks
assert forks.surefire.allocations >= 500 && forks.failsafe.allocations >= 3 : forks
forks.each { plugin, fork -> assert fork.process.leakedBytes > LEAK : "${plugin}: the JVM leaks its own memory" }

// jvm-allocations: both JVMs in run 'jvm', summed, library-scoped
def summary = new JsonSlurper().parse(new File(runDirectory, 'allocations.json'))
assert summary.profiler == 'heaptrack-jvm' && summary.kind == 'allocations' && summary.run == 'jvm'
assert summary.scope == 'library' && summary.modules == ['libfailsafe_jni.so']
assert summary.forks*.pid.toSorted() == pids.values().toSorted() : summary.forks
assert summary.forks.every { it.exitCode == 0 } && summary.ended.normally == true
assert summary.totals.leakedBytes == LEAK : summary.totals
assert summary.totals.leakedBytes == forks.failsafe.leaked + forks.surefire.leaked
assert summary.totals.leakedBlocks == 3
// the two forks' library allocations summed (every one of them is made under a JNI entry point)
assert summary.totals.allocations == forks.surefire.allocations + forks.failsafe.allocations :
        "${summary.totals} vs ${forks.collectEntries { k, v -> [(k): v.allocations] }}"
// the peak is one JVM's (Failsafe's: the leaked blocks and a vector of 100 u32), not a sum of unrelated peaks
assert summary.totals.peakHeapBytes >= LEAK && summary.totals.peakHeapBytes < LEAK + 2048 : summary.totals
assert summary.totals.peakRssBytes == null
assert summary.process.leakedBytes == forks.surefire.process.leakedBytes + forks.failsafe.process.leakedBytes :
        "${summary.process} vs ${forks}"
// the listener's test markers are in no figure
assert summary.process.allocations == forks.surefire.process.allocations + forks.failsafe.process.allocations -
        forks.surefire.markers - forks.failsafe.markers

// the sites name the Java methods that called in
def leaking = summary.topSites.findAll { it.leakedBytes > 0 }
assert leaking*.leakedBytes.sum() == LEAK : leaking
assert leaking.every { it.javaEntryPoint == 'com.example.failsafe.Codec.retain' } : leaking
assert summary.topSites.every { it.javaEntryPoint in ['com.example.failsafe.Codec.retain',
        'com.example.failsafe.Codec.churn'] } : summary.topSites
assert summary.topSites.any { it.javaEntryPoint == 'com.example.failsafe.Codec.churn' }
assert new File(runDirectory, 'allocations.html').isFile() && new File(runDirectory, 'allocations.folded').isFile()
assert log.contains('called from Java: com.example.failsafe.Codec.retain')

// the gate on run 'jvm' fails the build on the leak, and only on it
assert log.contains("[ERROR] run 'jvm': leaked bytes is 12.0 KiB, but expected maximum is 0 B") : log
assert !(log =~ /\[ERROR\] run 'jvm': peak heap/) : 'PEAK_HEAP 64 MiB should hold'
def failure = log =~ /Failed to execute goal io\.github\.rustinstruments:rust-instruments-maven-plugin:[^:]+:verify/
assert failure.find() : 'the build did not fail in the plugin\'s verify'

// nothing left in /tmp by this build's launchers and JVMs (other processes on the machine may run heaptrack's own
// script, which leaves heaptrack_fifo<pid> behind when killed: only this build's pids are looked for)
def ours = endings.collect { new JsonSlurper().parse(it) }.collectMany { [it.pid, it.launcherPid] }
assert ours.size() == 2 * endings.size() && ours.every { it instanceof Number && it > 0 } : ours
def left = new File('/tmp').listFiles().findAll { file -> ours.any { ourPid ->
        file.name == "heaptrack_fifo${ourPid}" || file.name == "perf-${ourPid}.map" } && file.lastModified() >= started }
assert left.isEmpty() : "left in /tmp: ${left}"
return true
