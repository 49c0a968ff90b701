import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def calls = new File(basedir, 'calls.log').readLines()
def run = new File(basedir, 'target/rust-instruments/default').canonicalPath
def exe = new File(basedir, 'target/rust-instruments/cargo/release/memcheck').canonicalPath

// the exact command lines (as xcrun(1), codesign(1), time(1) and leaks(1) document them), in order
assert calls.contains('xcrun --find xctrace')
assert calls.contains("codesign -s - -f --entitlements ${run}/get-task-allow.plist ${run}/memcheck-signed".toString())
def record = "xcrun xctrace record --template Allocations --output ${run}/allocations.trace --time-limit 30s --no-prompt".toString()
def recordCall = calls.find { it.startsWith(record) }
assert recordCall != null : "no xctrace record call like: ${record}\n${calls.join('\n')}"
assert recordCall.contains('--env GREETING_STYLE=warm') : 'the user environment goes through --env'
assert recordCall.endsWith("--launch -- ${run}/memcheck-signed".toString()) : 'the signed copy is recorded'
assert calls.contains("xcrun xctrace export --input ${run}/allocations.trace --toc --output ${run}/allocations-toc.xml".toString())
assert calls.any { it.startsWith("xcrun xctrace export --input ${run}/allocations.trace --xpath") && it.contains('Statistics') }
assert calls.contains("time -l -o ${run}/allocations-time.txt ${exe}".toString())
assert calls.contains("leaks --atExit -- ${exe} MallocStackLogging=1".toString())
assert log.contains('hello, mac (warm)')
// exit status 54 after a completed recording is accepted

// the summaries of the macOS path
def allocations = new JsonSlurper().parse(new File(run, 'allocations.json'))
assert allocations.profiler == 'xctrace' && allocations.platform == 'macos-aarch64'
assert allocations.exitCode == 0 : 'from the TOC: return-exit-status'
assert allocations.totals.allocatedBytes == 4138112 && allocations.totals.allocations == 5466
assert allocations.totals.peakRssBytes == 1213376 : 'peak memory footprint from time -l'
def leaks = new JsonSlurper().parse(new File(run, 'leaks.json'))
assert leaks.profiler == 'macos-leaks' && leaks.kind == 'leaks'
assert leaks.totals.leakedBytes == 192 && leaks.totals.leakedBlocks == 5
assert leaks.exitCode == 0 : 'leaks exits 1 when it finds leaks: that is a finished check, not a failed program'

// recordTrace: the leaks check also leaves a Leaks trace for Instruments
assert calls.any { it.startsWith("xcrun xctrace record --template Leaks --output ${run}/leaks.trace".toString()) }
assert log.contains("Leaks trace for Instruments: ${run}/leaks.trace".toString())

// record: any template, into its own run directory, no analysis
assert calls.any { it.startsWith('xcrun xctrace record --template Leaks') }
assert new File(basedir, 'target/rust-instruments/gui/leaks.trace').isDirectory()
assert log.contains('Open it with: open ')

// 2: verify gates the macOS summary
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':verify') }
assert failure != null
assert log.contains("[ERROR] run 'default': allocations is 5,466, but expected maximum is 1,000")
assert !log.contains("peak RSS is") : 'the peak footprint of 1.2 MiB is within 2 MiB'
