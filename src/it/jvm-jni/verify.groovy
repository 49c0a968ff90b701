import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
def started = new File(basedir, 'build-started').text.trim() as long
def output = new File(basedir, 'target/rust instruments')
def libraryDirectory = new File(output, 'cargo/release').canonicalFile
def launcher = new File(output, 'jvm-launcher/bin/java')

// prepare-jvm: the cdylib built, its (spaced) directory quoted into the existing argLine, perf-map flags, the jvm
def argLine = "-Xss2m \"-Djava.library.path=${libraryDirectory}\" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
assert log.contains("argLine set to ${argLine}") : "argLine not as expected (${argLine}):\n${log}"
assert log.contains("jvm set to ${launcher.canonicalPath}")
assert new File(libraryDirectory, 'libleaky_jni.so').isFile()
assert launcher.canExecute()
assert new File(output, 'jvm-launcher/release').text.contains('JAVA_VERSION=')

// Surefire ran every test under the launcher, and its channel stayed clean
assert !log.contains('Corrupted channel') && !log.contains('Corrupted STDOUT') : 'the launcher wrote to stdout'
def reports = new File(basedir, 'target/surefire-reports')
assert !reports.listFiles().any { it.name.endsWith('.dumpstream') } : "dump streams: ${reports.list()}"
['LeakTest', 'CallbackTest'].each { name ->
    def xml = new XmlSlurper().parse(new File(reports, "TEST-com.example.jvmfixture.${name}.xml"))
    assert xml.@tests == '2' && xml.@failures == '0' && xml.@errors == '0' : "${name}: ${xml.attributes()}"
    assert xml.properties.property.find { it.@name == 'java.library.path' }.@value.text()
            .endsWith(":${libraryDirectory}") || xml.properties.property.find { it.@name == 'java.library.path' }
            .@value.text() == libraryDirectory.path
}

def heaptrackPrint = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))
def costThrough = evaluate(new File(basedir, '../../../src/it/common/cost-through.groovy'))
def leakedThrough = { File recording, String symbol -> costThrough(recording, 'leaked', symbol) }

// one recording per forked JVM, named by its pid, with its exit status and perf map, nothing left over
def checkRun = { String run, int forks ->
    def runDirectory = new File(output, run)
    def endings = runDirectory.listFiles().findAll { it.name ==~ /jvm-\d+\.json/ }
    assert endings.size() == forks : "${run}: ${runDirectory.list()}"
    assert !runDirectory.listFiles().any { it.name.startsWith('.launch-') } : "leftovers: ${runDirectory.list()}"
    def prepared = new JsonSlurper().parse(new File(runDirectory, 'prepare-jvm.json'))
    assert prepared.module == 'libleaky_jni.so' && prepared.launcher == launcher.canonicalPath
    long libraryLeak = 0
    endings.collect { new JsonSlurper().parse(it) }.each { fork ->
        assert fork.exitCode == 0 && fork.signal == null : "${run}: ${fork}"
        assert fork.recording == "jvm-${fork.pid}.zst"
        assert fork.perfMap == "jvm-${fork.pid}.map"
        def map = new File(runDirectory, fork.perfMap)
        assert map.readLines().any { it ==~ /0x[0-9a-f]+ 0x[0-9a-f]+ .+/ } : "not a perf map: ${map}"
        assert !new File("/tmp/perf-${fork.pid}.map").exists() : "the JVM's perf map was left in /tmp"
        def recording = new File(runDirectory, fork.recording)
        def reference = heaptrackPrint(recording)
        assert reference.allocations > 0
        // the whole process leaks far more than the library: the JVM's own memory
        assert reference.leakedBytes > 40_960 : "${run}: ${reference}"
        libraryLeak += leakedThrough(recording, 'Java_com_example_jvmfixture_Leaky_leakBlocks')
        assert leakedThrough(recording, 'Java_com_example_jvmfixture_Leaky_greet') == 0
    }
    // the tests leak exactly 10 x 4096 bytes through the library, whichever fork ran them
    assert libraryLeak == 40_960 : "${run}: ${libraryLeak} bytes leaked through leakBlocks"

    // jvm-allocations: the library's own figures, exactly what its entry points leaked per heaptrack_print
    def summary = new JsonSlurper().parse(new File(runDirectory, 'allocations.json'))
    assert summary.profiler == 'heaptrack-jvm' && summary.kind == 'allocations' && summary.run == run
    assert summary.scope == 'library' && summary.modules == ['libleaky_jni.so']
    assert summary.forks.size() == forks && summary.forks.every { it.exitCode == 0 }
    assert summary.ended.normally == true
    assert summary.totals.leakedBytes == libraryLeak : "${run}: ${summary.totals}"
    assert summary.totals.leakedBlocks == 10
    assert summary.totals.peakRssBytes == null : 'a library has no RSS of its own'
    assert summary.totals.peakHeapBytes >= 40_960
    assert summary.process.leakedBytes > summary.totals.leakedBytes : 'the whole processes leak the JVM\'s memory too'
    assert summary.process.allocations > summary.totals.allocations
    // every library site names the Java method that called in; the leak is leakBlocks'
    def leaking = summary.topSites.findAll { it.leakedBytes > 0 }
    assert leaking*.leakedBytes.sum() == 40_960 : leaking
    assert leaking.every { it.javaEntryPoint == 'com.example.jvmfixture.Leaky.leakBlocks' } : leaking
    assert summary.topSites.every { it.javaEntryPoint != null } : summary.topSites.findAll { it.javaEntryPoint == null }
    assert summary.topSites.any { it.javaEntryPoint == 'com.example.jvmfixture.Leaky.churn' }
    assert new File(runDirectory, 'allocations.html').isFile() && new File(runDirectory, 'allocations.folded').isFile()
}
checkRun('jvm', 1)
checkRun('forks', 2)

// the console names the Java entry point of the library's sites, and the gate fails on the library's leak
assert log.contains('called from Java: com.example.jvmfixture.Leaky.leakBlocks')
assert log.contains("[ERROR] run 'jvm': leaked bytes is 40.0 KiB, but expected maximum is 0 B")
assert log.contains("[ERROR] run 'forks': leaked bytes is 40.0 KiB, but expected maximum is 0 B")

// without heaptrack the build stops in prepare-jvm, says how to install it, and runs no test
def failure = log =~ /(?s)Failed to execute goal ([^\n]*?:prepare-jvm .*?)-> \[Help 1\]/
assert failure.find() : 'the third build did not fail in prepare-jvm'
assert failure.group(1).contains('no-such-heaptrack') && failure.group(1).contains('apt-get install heaptrack')
assert failure.group(1).contains('(the tests were not started)') : failure.group(1)
assert (log =~ /(?m)^\[INFO\] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0$/).count == 2 : 'tests ran in the third build'
assert !new File(output, 'missing').exists()

// nothing left in /tmp by this build's JVMs and launchers (other programs on the machine may use heaptrack too)
def pids = ['jvm', 'forks'].collectMany { run ->
    new File(output, run).listFiles().findAll { it.name ==~ /jvm-\d+\.json/ }.collect { new JsonSlurper().parse(it) }
            .collectMany { [it.pid, it.launcherPid] }
}
assert !pids.isEmpty()
def left = pids.collectMany { [new File("/tmp/perf-${it}.map"), new File("/tmp/heaptrack_fifo${it}")] }
        .findAll { it.exists() && it.lastModified() >= started }
assert left.isEmpty() : "left in /tmp: ${left}"
return true
