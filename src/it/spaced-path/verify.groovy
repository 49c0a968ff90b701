import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert !log.contains('unexpected operator') : 'heaptrack\'s script got a path with spaces'
assert log.contains('BUILD SUCCESS')

// the program started in its configured working directory (it read its input there, relative to it)
def workDir = new File(basedir, 'work dir')
def cwd = new File(workDir, 'cwd.txt')
assert cwd.isFile() : 'the program did not write cwd.txt in its working directory'
assert cwd.text == workDir.canonicalPath

// the recording and the summary, in the output directory with a space
def run = new File(basedir, 'target/rust instruments/default')
def recording = new File(run, 'allocations.zst')
assert recording.length() > 0
assert !new File(run, 'allocations.fifo').exists() : 'the FIFO must be removed'
def summary = new JsonSlurper().parse(new File(run, 'allocations.json'))
assert summary.profiler == 'heaptrack'
assert summary.exitCode == 0
assert summary.recording == 'allocations.zst'
assert summary.command.takeRight(1) == ['input lines.txt']

// three lines, three buffers of 4096 bytes alive at once
def t = summary.totals
assert t.allocations >= 3
assert t.peakHeapBytes >= 3 * 4096
// the buffers are allocated in the map closure, its own function
def site = summary.topSites.find { it.function == 'spacedlib::buffer_lines::{{closure}}' }
assert site != null : "no site for spacedlib::buffer_lines::{{closure}} in ${summary.topSites*.function}"
assert site.inUserCode == true
assert site.allocations == 3
assert site.allocatedBytes == 3 * 4096

// the totals are heaptrack's own: exactly what heaptrack_print reports for the same file
def reference = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))(recording)
reference.each { metric, expected ->
    assert t[metric] == expected : "totals.${metric} is ${t[metric]}, heaptrack_print says ${expected}"
}

return true
