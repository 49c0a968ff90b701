import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/rust-instruments/default')
def allocations = new JsonSlurper().parse(new File(out, 'allocations.json'))
def leaks = new JsonSlurper().parse(new File(out, 'leaks.json'))

// auto chose the harness's counters and said why
assert log.contains('profiler=auto: heaptrack is not installed')
assert log.contains('profiler=auto: neither valgrind nor heaptrack is installed')
assert allocations.profiler == 'stats' && leaks.profiler == 'stats'

// the counts are the harness's: 200 boxes of 1000 bytes alive together, 3 never freed
def t = allocations.totals
assert t.allocations >= 200
assert t.allocatedBytes >= 200 * 1000
assert t.peakHeapBytes >= 200 * 1000
assert t.leakedBlocks >= 3 && t.leakedBytes >= 3000
assert t.temporaryAllocations == null && t.peakRssBytes == null : 'what the counters cannot know stays null'
assert leaks.leakKinds == null : 'no reachability classes from counters'
assert allocations.topSites == []

// the gate: a 64 KiB peak limit is broken by ~195 KiB
def peak = log.readLines().find { it.startsWith("[ERROR] run 'default' (allocations): peak heap is") }
assert peak != null && peak.endsWith('but expected maximum is 64 KiB')
assert log.contains('totals only, no stacks')
assert new File(basedir, 'memcheck/src/main.rs').text.contains('counted::boxes(200, 3);')
