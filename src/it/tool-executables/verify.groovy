import groovy.json.JsonSlurper

// the plugin called cargo and heaptrack through the configured executables
def calls = new File(basedir, 'tool-calls.log')
assert calls.isFile() : 'neither wrapper was called'
def lines = calls.readLines()
assert lines.any { it.startsWith('cargo build ') } : "no cargo build through the wrapper: ${lines}"
assert lines.any { it.startsWith('heaptrack -o ') } : "no recording through the wrapper: ${lines}"

// and the recording is as good as with the tools from the PATH
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/allocations.json'))
assert summary.profiler == 'heaptrack'
assert summary.exitCode == 0
assert new File(basedir, 'target/rust-instruments/default/allocations.zst').length() > 0

return true
