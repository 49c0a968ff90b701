import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

// JVM mode's macOS path, acted out on Linux with stand-ins (stand-ins/xcrun, signing/codesign): what is proven here
// is the plugin's side -- the command lines, the streams, the files -- not Instruments itself.
def log = new File(basedir, 'build.log').text
def calls = new File(basedir, 'calls.log').readLines()
def output = new File(basedir, 'target/rust-instruments').canonicalFile
def launcherDirectory = new File(output, 'jvm-launcher')
def launcher = new File(launcherDirectory, 'bin/java')
def run = new File(output, 'jvm')
def signedJava = new File(launcherDirectory, 'signed-jdk/bin/java')
def realHome = new File(System.getProperty('java.home')).canonicalPath

// prepare-jvm found xctrace first, then signed a copy of the real java with get-task-allow (Apple Silicon)
assert calls[0] == 'xcrun --find xctrace'
assert calls.contains("codesign -s - -f --entitlements ${launcherDirectory}/get-task-allow.plist ${signedJava}".toString())
assert signedJava.canExecute() && !java.nio.file.Files.isSymbolicLink(signedJava.toPath())
assert java.nio.file.Files.isSymbolicLink(new File(launcherDirectory, 'signed-jdk/lib').toPath())
assert log.contains("jvm set to ${launcher}")
assert log.contains("argLine set to -Djava.library.path=${new File(basedir, 'native').canonicalPath}") :
        'no perf-map flags on macOS: DumpPerfMapAtExit is a Linux option'
assert new File(launcherDirectory, 'launcher.conf').readLines()[0] == 'rust-instruments-jvm-launcher-xctrace 1'

// 1: one xctrace recording per fork, with the exact command line
def records = calls.findAll { it.startsWith('xcrun xctrace record ') }
assert records.size() == 2 : "two forks, two recordings:\n${calls.join('\n')}"
def numbers = []
records.each { record ->
    def m = record =~ /^xcrun xctrace record --template Allocations --output (\S+)\/jvm-(\d+)\.trace --time-limit 3600s --no-prompt --target-stdin - --target-stdout (\S+)\/\.launch-(\d+)\.out (.*)$/
    assert m.matches() : "not the expected command line: ${record}"
    assert m.group(1) == run.path && m.group(3) == run.path && m.group(2) == m.group(4)
    numbers << m.group(2)
    def rest = m.group(5)
    // the environment goes through --env (xctrace's --launch does not pass its own on); JAVA_HOME is the real JDK's
    assert rest.contains('--env GREETING=from surefire')
    assert rest.contains("--env JAVA_HOME=${realHome}") || rest.contains("--env JAVA_HOME=${System.getProperty('java.home')}")
    assert rest.contains('--env PATH=')
    assert rest.contains("--launch -- ${signedJava} ") : 'the signed copy is launched'
    assert rest.indexOf('--launch --') > rest.lastIndexOf('--env ') : 'every option before --launch'
    assert rest.contains("-Djava.library.path=")
    assert rest.contains("--env RUST_INSTRUMENTS_TEST_MARKERS=${run}/.launch-${m.group(2)}.tests")
}
// after each recording, the launcher read the JVM's ending from the trace's table of contents
numbers.each { n ->
    assert calls.contains("xcrun xctrace export --input ${run}/jvm-${n}.trace --toc --output ${run}/jvm-${n}-toc.xml".toString())
}

// the tests ran and passed through it; Surefire's channel stayed clean of xctrace's own lines
assert !log.contains('Corrupted channel') && !log.contains('Corrupted STDOUT') : 'something wrote to the fork\'s stdout'
def reports = new File(basedir, 'target/surefire-reports')
assert !reports.listFiles().any { it.name.endsWith('.dumpstream') } : "dump streams: ${reports.list()}"
['EnvironmentTest': '2', 'OutputTest': '1'].each { name, count ->
    def xml = new XmlSlurper().parse(new File(reports, "TEST-com.example.macfixture.${name}.xml"))
    assert xml.@tests == count && xml.@failures == '0' && xml.@errors == '0' : "${name}: ${xml.attributes()}"
}
assert log.contains('hello through the xctrace launcher') : 'the JVM\'s stdout reached Surefire through the FIFO'
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')

// one .trace and one ending per fork, nothing left over
def names = run.list().sort()
assert names.findAll { it ==~ /jvm-\d+\.trace/ }.size() == 2 : names
assert names.findAll { it ==~ /jvm-\d+\.json/ }.size() == 2 : names
assert !names.any { it.startsWith('.launch-') } : "left over: ${names}"
numbers.each { n ->
    assert new File(run, "jvm-${n}.trace").isDirectory()
    def ending = new JsonSlurper().parse(new File(run, "jvm-${n}.json"))
    def standIn = new Properties()
    new File(run, "jvm-${n}.trace/stand-in.properties").withReader { standIn.load(it) }
    assert ending.recording == "jvm-${n}.trace".toString()
    assert ending.launcherPid == n as long
    assert ending.pid == standIn.pid as long : 'the JVM\'s own pid, from the table of contents'
    assert ending.exitCode == 0 && ending.signal == null
    assert ending.recorder == 'xctrace' && ending.recorderExit == 54 && ending.recorded == true :
            'exit status 54 after a completed recording counts as success'
    assert ending.perfMap == null
    // the plugin's JUnit listener wrote the fork's test markers where the launcher told it through --env
    assert ending.tests == "jvm-${ending.pid}.tests".toString() : "named by the JVM's pid, as on Linux: ${ending}"
    def markers = new File(run, ending.tests).readLines()
    assert markers[0] == '# rust-instruments test markers 1'
    assert markers.size() == 5 || markers.size() == 3 : markers
    markers.drop(1).eachWithIndex { line, i ->
        assert line ==~ /${i} (start|end) ${305_416 + 8 * i} com\.example\.macfixture\.\w+#\w+/ : line
    }
    // xctrace's own lines went to the fork's log, never to Surefire
    def forkLog = new File(run, "jvm-${n}.log").text
    assert forkLog.contains('Recording completed. Saving output file...')
    assert !log.contains('Recording completed')
}
def prepared = new JsonSlurper().parse(new File(run, 'prepare-jvm.json'))
assert prepared.profiler == 'xctrace' && prepared.module == 'libmacfixture.dylib' && prepared.jvmFlags == []

// 2: jvm-allocations read each fork's trace through its exports (the TOC the launcher exported is still fresh)
def xpath = { detail -> "/trace-toc/run[@number=\"1\"]/tracks/track[@name=\"Allocations\"]/details/detail[@name=\"${detail}\"]" }
assert calls.count { it == 'xcrun --find xctrace' } == 2 : 'prepare-jvm, then jvm-allocations'
numbers.each { n ->
    def trace = "${run}/jvm-${n}.trace"
    assert calls.count { it.startsWith("xcrun xctrace export --input ${trace} --toc ".toString()) } == 1
    ['Statistics': 'statistics', 'Allocations List': 'allocations-list'].each { detail, suffix ->
        assert calls.contains("xcrun xctrace export --input ${trace} --xpath ${xpath(detail)} --output ${run}/jvm-${n}-${suffix}.xml".toString())
        assert new File(run, "jvm-${n}-${suffix}.xml").isFile()
    }
}
def summary = new JsonSlurper().parse(new File(run, 'allocations.json'))
assert summary.profiler == 'xctrace-jvm' && summary.kind == 'allocations' && summary.run == 'jvm'
assert summary.scope == 'library' && summary.modules == ['libmacfixture.dylib']
assert summary.ended.normally == true
def pids = numbers.collect { n ->
    def standIn = new Properties()
    new File(run, "jvm-${n}.trace/stand-in.properties").withReader { standIn.load(it) }
    standIn.pid as long
}
assert summary.forks.collect { [it.pid, it.recording, it.exitCode] } as Set ==
        [pids, numbers].transpose().collect { pid, n -> [pid, "jvm-${n}.trace".toString(), 0] } as Set
// fixtures/allocations-list.xml, twice: the library's rows (responsible library libmacfixture.dylib), live ones leaked
assert summary.totals.allocations == 12 && summary.totals.allocatedBytes == 19_840 : summary.totals
assert summary.totals.leakedBytes == 8_576 && summary.totals.leakedBlocks == 6 : summary.totals
// what an Allocations List cannot give is null, not 0: no peak (a row says whether, not when, it was freed), no
// temporaries, no RSS
assert summary.totals.peakHeapBytes == null && summary.totals.temporaryAllocations == null
assert summary.totals.peakRssBytes == null
// the whole processes: every heap row but the test markers (the listener's 305,416 to 305,440-byte blocks, found in
// sequence); the 305,440-byte JVM allocation before the first marker is out of sequence and counts
assert summary.process.allocations == 18 && summary.process.allocatedBytes == 634_912 : summary.process
assert summary.process.leakedBytes == 8_576 && summary.process.leakedBlocks == 6
assert summary.process.peakHeapBytes == null && summary.process.peakRssBytes == null
// a JNI method's Java method is the entry point; another responsible caller's is unknown, never made up
def leak = summary.topSites.find { it.javaEntryPoint == 'com.example.macfixture.Native.leak' }
assert leak != null && leak.allocations == 6 && leak.allocatedBytes == 16_640 && leak.leakedBytes == 8_448 :
        summary.topSites
assert summary.topSites.every { it.peakBytes == null } : 'no peak, so no share of it' 
assert summary.topSites.any { it.javaEntryPoint == 'com.example.macfixture.Native.churn' }
assert summary.topSites.findAll { it.javaEntryPoint == null }.size() == 2 : 'macfixture::init and finish_grow'
pids.each { pid -> assert new File(run, "jvm-${pid}.tests").isFile() : 'written by the stand-in, as the listener would' }
// per test, from the markers: the same tests of both JVMs add up; no peak per test either
def tests = summary.tests.collectEntries { [it.test, [it.allocations, it.allocatedBytes, it.leakedBytes, it.leakedBlocks, it.peakHeapBytes]] }
assert tests == ['(outside tests)': [4, 384, 384, 4, null],
                 'com.example.macfixture.StandInTest#leaks': [4, 16_384, 8_192, 2, null],
                 'com.example.macfixture.StandInTest#churns': [4, 3_072, 0, 0, null]] : summary.tests
assert summary.tests.collectMany { it.topSites }.every { it.peakBytes == null }
assert summary.tests.find { it.test.endsWith('#leaks') }.topSites*.javaEntryPoint == ['com.example.macfixture.Native.leak']
assert log.contains("(opens a test JVM's trace in Instruments: one per JVM)")

// 3: no xcrun: prepare-jvm fails before any test JVM starts
assert log.contains('xctrace not found: no-such-xcrun is not on the PATH')
assert log.contains('(the tests were not started)')
assert !new File(output, 'missing').exists() || !new File(output, 'missing').list().any { it.startsWith('jvm-') }
assert calls.count { it.startsWith('xcrun xctrace record') } == 2
