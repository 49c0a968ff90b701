import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def run = new File(basedir, 'target/rust-instruments/imported')
def recording = new File(basedir, 'recording.zst')

def summary = new JsonSlurper().parse(new File(run, 'allocations.json'))
assert summary.run == 'imported'
assert summary.kind == 'allocations'
assert summary.profiler == 'heaptrack'
assert summary.platform == 'linux-x86_64' : 'the recording names x86_64 libraries'
assert summary.exitCode == null : 'a recording does not say how the program ended'
assert summary.recording == recording.canonicalPath
assert summary.command != null && !summary.command.isEmpty()

// the totals are heaptrack's own
def reference = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))(recording)
reference.each { metric, expected ->
    assert summary.totals[metric] == expected : "totals.${metric} is ${summary.totals[metric]}, heaptrack_print says ${expected}"
}

// without a crate the user's code is recognised by its local (relative) sources
assert log.contains('User crates (from the recording\'s local sources)')
assert log.contains('local sources): memcheck, text_index;')
def userSites = summary.topSites.findAll { it.inUserCode }
assert userSites*.function.contains('text_index::Index::build') : "user sites: ${userSites*.function}"
assert userSites[0].function == 'text_index::Index::build'
assert userSites[0].allocations >= 45000 : 'one String and one Vec growth per word'
// the #[no_mangle] JNI entry point has no crate in its name; its local source file makes it the user's
def jni = userSites.find { it.function == 'Java_demo_Index_leakyCount' }
assert jni != null && jni.leakedBytes == 8000 : "the JNI function leaks 1000 u64: ${jni}"
assert userSites.every { it.file != null && !it.file.startsWith('/') }
assert log.contains('Top allocation sites in your code:')

// the same report files as the allocations goal writes
evaluate(new File(basedir, '../../../src/it/common/report-files.groovy'))(run, summary)
assert new File(run, 'allocations.folded').text.contains('Java_demo_Index_leakyCount')

// the memcheck XML becomes a leak summary beside it, with memcheck's own leak kinds (72 direct + 72 indirect)
def leaks = new JsonSlurper().parse(new File(run, 'leaks.json'))
assert leaks.kind == 'leaks' && leaks.profiler == 'memcheck'
assert leaks.leakKinds.definitelyLostBytes == 72 && leaks.leakKinds.indirectlyLostBytes == 72
assert leaks.totals.leakedBytes == 144
assert leaks.errors == []
assert new File(run, 'leaks.html').isFile() && new File(run, 'leaks.folded').isFile()

// a macOS leaks report becomes a leak summary too: the figures of its summary line, no reachability classes
def mac = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/from-mac/leaks.json'))
assert mac.profiler == 'macos-leaks' && mac.platform == 'macos' && mac.kind == 'leaks'
assert mac.totals.leakedBytes == 192 && mac.totals.leakedBlocks == 5
assert mac.leakKinds == null

// an Instruments Allocations export: totals from its 'All Heap Allocations' row, persistent bytes as still allocated
def instruments = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/from-instruments/allocations.json'))
assert instruments.profiler == 'xctrace' && instruments.platform == 'macos' && instruments.kind == 'allocations'
assert instruments.totals.allocatedBytes == 4138112 && instruments.totals.allocations == 5466
assert instruments.totals.leakedBytes == 819168 && instruments.totals.leakedBlocks == 1299
assert instruments.totals.peakHeapBytes == null : 'Statistics has no peak'
