import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def invocations = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD ') }
assert invocations.size() == 4

// 1: the baseline file is created where it is meant to be committed
def baselineFile = new File(basedir, 'src/test/rust-instruments/baseline.json')
assert baselineFile.isFile()
assert invocations[0].contains('Created the baseline')

// 2: within the allowed increase; the table shows current vs baseline
assert invocations[1].contains('All memory limits are met.')
assert invocations[1] =~ /(?m)^\[INFO\] default +peak heap +\S+ \S+ +\S+ \S+ +\+\d/

// 3: far above it: the message template for increases
def failed = invocations[2].readLines().find { it.startsWith('[ERROR] run \'default\': peak heap is') }
assert failed != null : 'no breach message'
assert failed ==~ /\[ERROR\] run 'default': peak heap is [\d.]+ (KiB|MiB), [\d.]+% above the baseline of [\d.]+ (KiB|MiB), but expected maximum increase is 10%/
assert invocations[2].contains('BUILD FAILURE')

// 4: the updated baseline says what changed, and now holds the latest peak (2000 blocks)
assert invocations[3].contains('Updated the baseline')
assert invocations[3] =~ /peak heap/
def latest = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/allocations.json'))
assert baselineFile.text.contains(latest.totals.peakHeapBytes.toString())
