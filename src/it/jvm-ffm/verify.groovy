import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
def started = new File(basedir, 'build-started').text.trim() as long
def output = new File(basedir, 'target/rust-instruments')
def runDirectory = new File(output, 'jvm')
def libraryDirectory = new File(output, 'cargo/debug').canonicalFile
def launcher = new File(output, 'jvm-launcher/bin/java')
def jdk25 = new File('/usr/lib/jvm/temurin-25-jdk-amd64').canonicalFile
final long LEAK = 5 * 1000 // what FfmTest leaks through ffm_leak

// the toolchain compiled the tests for Java 25 (Maven's own javac, 17, could not): class file version 69
def classFile = new File(basedir, 'target/test-classes/com/example/ffm/FfmTest.class')
def header = new DataInputStream(new FileInputStream(classFile)).withCloseable { it.readInt(); it.readInt() }
assert (header & 0xFFFF) == 69 : "FfmTest.class has major version ${header & 0xFFFF}"
assert log.contains("Found matching toolchain for type jdk: JDK[${jdk25}]") : log

// prepare-jvm: the launcher runs the toolchain's java, not Maven's
def prepared = new JsonSlurper().parse(new File(runDirectory, 'prepare-jvm.json'))
assert new File(prepared.java as String).canonicalFile == new File(jdk25, 'bin/java') : prepared
assert prepared.javaFeatureVersion == 25 : prepared
assert prepared.module == 'libffm_lib.so' && prepared.launcher == launcher.canonicalPath : prepared
assert new File(output, 'jvm-launcher/release').text.contains('JAVA_VERSION="25')
assert log.contains("jvm set to ${launcher.canonicalPath}")
assert log.contains("Tests run on ${jdk25}/bin/java (the JDK toolchain, Java 25)")
// Surefire splits the argLine at spaces: a directory with one arrives quoted
def libraryPath = "-Djava.library.path=${libraryDirectory}"
def argLine = "--enable-native-access=ALL-UNNAMED ${libraryDirectory.path.contains(' ') ? "\"${libraryPath}\"" : libraryPath} " +
        '-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit'
assert log.contains("argLine set to ${argLine}") : "argLine not as expected (${argLine}):\n${log}"
assert new File(libraryDirectory, 'libffm_lib.so').isFile()

// Surefire's fork: JDK 25 under the launcher, the test passed, the channel stayed clean
assert !log.contains('Corrupted channel') && !log.contains('Corrupted STDOUT') : 'the launcher wrote to stdout'
def reports = new File(basedir, 'target/surefire-reports')
assert !reports.listFiles().any { it.name.endsWith('.dumpstream') } : "dump streams: ${reports.list()}"
def xml = new XmlSlurper().parse(new File(reports, 'TEST-com.example.ffm.FfmTest.xml'))
assert xml.@tests == '1' && xml.@failures == '0' && xml.@errors == '0' && xml.@skipped == '0' : xml.attributes()
def property = { String name -> xml.properties.property.find { it.@name == name }.@value.text() }
assert property('java.specification.version') == '25' : property('java.version')
assert new File(property('java.home')).canonicalFile == jdk25
assert !log.contains('restricted method') : 'native access was not enabled by the argLine'
def (pidText, feature) = new File(basedir, 'target/test-jvm.txt').text.trim().tokenize(' ')
long pid = pidText as long
assert feature == '25'

// one recording, the test's JVM's
def endings = runDirectory.listFiles().findAll { it.name ==~ /jvm-\d+\.json/ }
assert endings*.name == ["jvm-${pid}.json"] : runDirectory.list()
assert !runDirectory.listFiles().any { it.name.startsWith('.launch-') } : "leftovers: ${runDirectory.list()}"
def fork = new JsonSlurper().parse(endings[0])
assert fork.pid == pid && fork.exitCode == 0 && fork.signal == null : fork
assert fork.recording == "jvm-${pid}.zst" && fork.perfMap == "jvm-${pid}.map"
assert new File(runDirectory, fork.perfMap).readLines().any { it ==~ /0x[0-9a-f]+ 0x[0-9a-f]+ .+/ }
assert !new File("/tmp/perf-${pid}.map").exists() : "the JVM's perf map was left in /tmp"

// independently of the plugin: what heaptrack_print says leaked through ffm_leak, and nothing through ffm_sum
def recording = new File(runDirectory, fork.recording)
def costThroughRecording = evaluate(new File(basedir, '../../../src/it/common/cost-through.groovy'))
def costThrough = { String costType, String symbol -> costThroughRecording(recording, costType, symbol) }
assert costThrough('leaked', 'ffm_leak') == LEAK
assert costThrough('leaked', 'ffm_sum') == 0
long sumAllocations = costThrough('allocations', 'ffm_sum')
assert sumAllocations >= 2_000 : "ffm_sum allocates once per call: ${sumAllocations}"
def process = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))(recording)
assert process.leakedBytes > LEAK

// jvm-allocations: the library's own figures, exactly the downcalls' leak
def summary = new JsonSlurper().parse(new File(runDirectory, 'allocations.json'))
assert summary.profiler == 'heaptrack-jvm' && summary.run == 'jvm' && summary.scope == 'library'
assert summary.modules == ['libffm_lib.so'] && summary.forks*.pid == [pid] && summary.ended.normally == true
assert summary.totals.leakedBytes == LEAK : summary.totals
assert summary.totals.leakedBlocks == 5
assert summary.totals.allocations == 5 + sumAllocations : "${summary.totals}, ffm_sum: ${sumAllocations}"
assert summary.totals.peakRssBytes == null
// the JUnit listener marked the test on JDK 25 too; its markers (freed at once) are in no figure
assert fork.tests == "jvm-${pid}.tests" : fork
int markers = new File(runDirectory, fork.tests).readLines().size() - 1
assert markers == 2
assert summary.process.leakedBytes == process.leakedBytes
assert summary.process.allocations == process.allocations - markers : "${summary.process} vs ${process}"
// ... and the test's own figures are the library's
def test = summary.tests.find { it.test.startsWith('com.example.ffm.FfmTest#') }
assert test != null && test.leakedBytes == LEAK && summary.tests*.leakedBytes.sum() == LEAK : summary.tests

// every site names where Java came in: the exported function or, named by the perf map, the Java caller
def entryOf = { String function -> { String entry -> entry == function || entry?.startsWith('com.example.ffm.FfmTest') } }
def leaking = summary.topSites.findAll { it.leakedBytes > 0 }
assert leaking*.leakedBytes.sum() == LEAK : leaking
assert leaking.every { entryOf('ffm_leak')(it.javaEntryPoint) } : leaking
assert summary.topSites.every { it.javaEntryPoint != null } : summary.topSites
assert summary.topSites.findAll { it.leakedBytes == 0 }.every { entryOf('ffm_sum')(it.javaEntryPoint) } :
        summary.topSites
assert log =~ /called from Java: (ffm_leak|com\.example\.ffm\.FfmTest)/
assert !log.contains('no allocation of the library')

// the gate: exactly the leak is allowed
assert log.contains('BUILD SUCCESS')
assert !log.contains("run 'jvm': leaked bytes is")

// nothing left in /tmp by this build's launchers and JVMs (other processes on the machine may run heaptrack's own
// script, which leaves heaptrack_fifo<pid> behind when killed: only this build's pids are looked for)
def ours = endings.collect { new JsonSlurper().parse(it) }.collectMany { [it.pid, it.launcherPid] }
assert ours.size() == 2 * endings.size() && ours.every { it instanceof Number && it > 0 } : ours
def left = new File('/tmp').listFiles().findAll { file -> ours.any { ourPid ->
        file.name == "heaptrack_fifo${ourPid}" || file.name == "perf-${ourPid}.map" } && file.lastModified() >= started }
assert left.isEmpty() : "left in /tmp: ${left}"
return true
