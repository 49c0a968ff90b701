import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def output = new File(basedir, 'target/rust-instruments')
def costThrough = evaluate(new File(basedir, '../../../src/it/common/cost-through.groovy'))
def leakedThrough = { File recording, String symbol -> costThrough(recording, 'leaked', symbol) }
def heaptrackPrint = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))
def codec = 'heldout.jni.CodecTest'

// Surefire ran every test with the listener loaded from the plugin's jar
assert !log.contains('Corrupted channel') && !log.contains('Corrupted STDOUT') : 'something wrote to stdout'
assert !log.contains('TestExecutionListener') || !log.contains('ServiceConfigurationError') : 'the listener did not load'

def summaryOf = { String run -> new JsonSlurper().parse(new File(output, "${run}/allocations.json")) }
def forksOf = { String run ->
    new File(output, run).listFiles().findAll { it.name ==~ /jvm-\d+\.json/ }.collect { new JsonSlurper().parse(it) }
}
def byName = { summary -> summary.tests.collectEntries { [(it.test): it] } }

// the figures every run must show for the sequential tests, whichever fork ran them
def checkTests = { String run, int forks ->
    def runDirectory = new File(output, run)
    def summary = summaryOf(run)
    assert summary.tests != null : "${run}: no per-test split in ${summary}"
    def tests = byName(summary)

    // each JVM listed its markers: a start and an end per test it ran, in sequence
    // a fork whose class ran no test (ParallelTest, disabled here) has no markers file
    def endings = forksOf(run)
    assert endings.count { it.tests != null } == forks : endings
    int events = 0
    long leakPages = 0
    long greetLeak = 0
    long recorded = 0
    endings.each { fork ->
        def recording = new File(runDirectory, fork.recording)
        if (fork.tests == null) {
            recorded += heaptrackPrint(recording).allocations
            return
        }
        assert fork.tests == "jvm-${fork.pid}.tests" : "${run}: ${fork}"
        def lines = new File(runDirectory, fork.tests).readLines()
        assert lines[0] == '# rust-instruments test markers 1'
        lines.drop(1).eachWithIndex { line, i -> assert line.startsWith("${i} ") : "${run}: ${line}" }
        events += lines.size() - 1
        recorded += heaptrackPrint(recording).allocations
        leakPages += leakedThrough(recording, 'Java_heldout_jni_Codec_leakPages')
        greetLeak += leakedThrough(recording, 'Java_heldout_jni_Codec_greetAndLeak')
    }
    // CodecTest: 3 tests and 3 invocations of decodes; OtherTest: 2 tests (ParallelTest is disabled)
    assert events == 2 * 8 : "${run}: ${events} marker events"

    // the leaking test: exactly its JNI calls' leaked stacks, per heaptrack_print
    def leaking = tests["${codec}#leaksFourHundredKiB"]
    assert leakPages == 409_600
    assert leaking.leakedBytes == leakPages && leaking.leakedBlocks == 100 : "${run}: ${leaking}"
    assert leaking.allocations == 100 && leaking.allocatedBytes == 409_600
    assert leaking.topSites[0].javaEntryPoint == 'heldout.jni.Codec.leakPages' : leaking.topSites
    assert leaking.topSites[0].leakedBytes == 409_600

    // holds 2 MiB at once, leaks nothing
    def holding = tests["${codec}#holdsTwoMiB"]
    assert holding.peakHeapBytes >= 2 * 1024 * 1024 && holding.leakedBytes == 0 : "${run}: ${holding}"
    assert holding.allocations == 33

    // 64 bytes through a JNI call that also calls back into the JVM (NewStringUTF is the JVM's, not counted)
    def greeting = tests["${codec}#greetsAndLeaks64Bytes"]
    assert greetLeak == 64
    assert greeting.leakedBytes == 64 && greeting.leakedBlocks == 1 && greeting.allocations == 2 : "${run}: ${greeting}"
    assert greeting.topSites.find { it.leakedBytes == 64 }.javaEntryPoint == 'heldout.jni.Codec.greetAndLeak'

    // the parameterized test: one entry per invocation, each exactly its own allocations
    [1: 10, 2: 20, 3: 30].each { invocation, blocks ->
        def decodes = tests["${codec}#decodes[${invocation}]"]
        assert decodes != null : "${run}: ${tests.keySet()}"
        assert decodes.allocations == blocks + 1 && decodes.allocatedBytes == blocks * 100 + blocks * 24
        assert decodes.leakedBytes == 0
    }
    assert tests['heldout.jni.OtherTest#decodesFive'].allocations == 6
    assert !tests.containsKey('heldout.jni.OtherTest#callsNothingNative') : 'a test without library allocations'
    assert !tests.containsKey('(overlapping tests)') : "${run}: the tests ran one after another"

    // the entries account for all of the library's figures
    assert summary.tests*.allocations.sum() == summary.totals.allocations
    assert summary.tests*.allocatedBytes.sum() == summary.totals.allocatedBytes
    assert summary.tests*.leakedBytes.sum() == summary.totals.leakedBytes
    assert summary.totals.leakedBytes == 409_600 + 64
    // ... and the markers are in no figure: the processes' allocations are the recordings' less one per marker
    assert summary.process.allocations == recorded - events : "${run}: ${summary.process} vs ${recorded} - ${events}"
    summary
}
checkTests('jvm', 1)
checkTests('forks', 2)

// two forks: each ran its own tests
def forkTests = forksOf('forks').findAll { it.tests != null }.collect { fork ->
    new File(output, "forks/${fork.tests}").readLines().drop(1).collect { it.split(' ', 4)[3] }.toSet()
}
assert forkTests.every { !it.isEmpty() } && forkTests[0].intersect(forkTests[1]).isEmpty() : forkTests

// the gate, per test: only the one test leaking more than 1 KiB fails it, named
assert log.contains("test '${codec}#leaksFourHundredKiB': leaked bytes is 400.0 KiB, but expected maximum is 1 KiB")
assert !(log =~ /\[ERROR\].*greetsAndLeaks64Bytes/).find() : 'a test within its limit failed the gate'

// in parallel: what two tests allocated while both ran is shared, never guessed; the totals stay exact
def parallel = summaryOf('parallel')
def parallelTests = byName(parallel)
def overlapping = parallelTests['(overlapping tests)']
assert overlapping != null && overlapping.allocations > 0 : parallel.tests*.test
long parallelLeak = forksOf('parallel').collect { fork ->
    def recording = new File(output, "parallel/${fork.recording}")
    leakedThrough(recording, 'Java_heldout_jni_Codec_leakPages') + leakedThrough(recording,
            'Java_heldout_jni_Codec_greetAndLeak')
}.sum()
assert parallelLeak == 409_600 + 4096 + 64
assert parallel.totals.leakedBytes == parallelLeak
assert parallel.tests*.leakedBytes.sum() == parallelLeak
assert parallel.tests*.allocations.sum() == parallel.totals.allocations
return true
