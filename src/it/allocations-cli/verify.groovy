import groovy.json.JsonSlurper

// The harness calls mylib::make_buffers(64, 65536) and mylib::leak_boxes(5, 1000).
final long BUFFERS = 64
final long BUFFER_SIZE = 65536
final long LEAKED_BOXES = 5
final long LEAKED_BOX_SIZE = 1000

def log = new File(basedir, 'build.log').text

// scaffold: the committed harness is kept as it was
assert log.contains('Harness already exists')
['memcheck/Cargo.toml', 'memcheck/src/main.rs'].each { path ->
    assert new File(basedir, path).bytes == new File(basedir, "harness-before/${path}").bytes : "scaffold changed ${path}"
}

// the harness was built into the plugin's own cargo target directory, release profile by default
def out = new File(basedir, 'target/rust-instruments')
assert new File(out, 'cargo/release/memcheck').canExecute()
assert !new File(basedir, 'memcheck/target').exists() : 'cargo must not build into the crate directory'

// the recording
def recording = new File(out, 'default/allocations.zst')
assert recording.isFile()
assert recording.length() > 0

// the summary
def summaryFile = new File(out, 'default/allocations.json')
assert summaryFile.isFile()
def summary = new JsonSlurper().parse(summaryFile)
assert summary.schemaVersion == 1
assert summary.run == 'default'
assert summary.kind == 'allocations'
assert summary.profiler == 'heaptrack'
assert summary.platform == 'linux-x86_64'
assert summary.exitCode == 0
assert summary.durationMillis instanceof Number && summary.durationMillis >= 0
assert summary.recording == 'allocations.zst'
assert summary.containsKey('leakKinds') && summary.leakKinds == null : 'heaptrack does not classify leaks'

// command: the profiled program, then the arguments from -Drust-instruments.args=64,65536
assert summary.command instanceof List
assert summary.command.any { it.endsWith('/cargo/release/memcheck') }
assert summary.command.takeRight(2) == ['64', '65536']

def t = summary.totals
assert t.allocations >= BUFFERS + LEAKED_BOXES
assert t.allocatedBytes >= BUFFERS * BUFFER_SIZE + LEAKED_BOXES * LEAKED_BOX_SIZE
assert t.peakHeapBytes >= BUFFERS * BUFFER_SIZE : 'all buffers are alive at the same time'
assert t.peakHeapBytes <= t.allocatedBytes
assert t.peakRssBytes >= BUFFERS * BUFFER_SIZE : 'the buffers are filled, so their pages are resident'
assert t.leakedBlocks >= LEAKED_BOXES
assert t.leakedBytes >= LEAKED_BOXES * LEAKED_BOX_SIZE
assert t.leakedBytes < BUFFERS * BUFFER_SIZE : 'the buffers are freed before exit'
assert t.temporaryAllocations instanceof Number && t.temporaryAllocations >= 0

// top sites: in the user's crates, demangled, sorted by allocated bytes
def sites = summary.topSites
assert sites instanceof List && !sites.isEmpty()
def bytes = sites*.allocatedBytes
assert bytes == bytes.sort(false) { -it } : 'topSites must be sorted by allocatedBytes, descending'

def top = sites[0]
assert top.function == 'mylib::make_buffers'
assert top.inUserCode == true
// the library is a path dependency of the harness, which cargo records with absolute paths: shown relative
assert top.file == 'src/lib.rs' : "the library's file relative to its crate, not ${top.file}"
assert top.line > 0
assert top.allocations >= BUFFERS
assert top.allocatedBytes >= BUFFERS * BUFFER_SIZE
assert top.peakBytes >= BUFFERS * BUFFER_SIZE
assert top.stack instanceof List && !top.stack.isEmpty()
assert top.stack.any { it.contains('memcheck::main') } : 'the stack leads back to the harness'

def leakSite = sites.find { it.function == 'mylib::leak_boxes' }
assert leakSite != null : "no site for mylib::leak_boxes in ${sites*.function}"
assert leakSite.inUserCode == true
assert leakSite.file.endsWith('lib.rs')
assert leakSite.allocations >= LEAKED_BOXES
assert leakSite.leakedBytes >= LEAKED_BOXES * LEAKED_BOX_SIZE

sites.each { site ->
    assert !(site.function =~ /::h[0-9a-f]{16}$/) : "not demangled without hash: ${site.function}"
    assert site.file == null || !site.file.startsWith('/rustc/') : "std's path shortened: ${site.file}"
    site.stack.each { label ->
        assert !label.contains('/rustc/') && !label.contains(basedir.canonicalPath + '/') : "shortened: ${label}"
    }
}

// the console summary names the top site with its source location
assert log.contains('mylib::make_buffers')
assert log =~ /lib\.rs:\d+/


// the totals are heaptrack's own: exactly what heaptrack_print, the reference tool, reports for the same file
def reference = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))(recording)
reference.each { metric, expected ->
    assert t[metric] == expected : "totals.${metric} is ${t[metric]}, heaptrack_print says ${expected}"
}

// the HTML report and the collapsed stacks
evaluate(new File(basedir, '../../../src/it/common/report-files.groovy'))(new File(out, 'default'), summary)
assert log.contains('Report:    ') && log.contains('allocations.html')

return true
