def log = new File(basedir, 'build.log').text
def invocations = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD ') }
assert invocations.size() == 4 : "four invocations in build.log, found ${invocations.size()}"
def failure = { text -> text.readLines().find { it.startsWith('[ERROR] Failed to execute goal') } }

// 1: every problem of the summary, by field, with the file and the fix; no Java class names, no stack trace
def summaryFile = new File(basedir, 'target/bad/default/allocations.json').canonicalFile
def first = failure(invocations[0])
assert first != null
assert first.contains("cannot read the summary ${summaryFile}: field 'kind' is 'bogus', but the file is named"
        + " allocations.json; expected 'allocations'; field 'profiler' is 'nonsense', which is not a profiler this"
        + " plugin knows; expected one of heaptrack, memcheck, xctrace, macos-leaks, stats, heaptrack-jvm,"
        + " xctrace-jvm; field 'totals.peakHeapBytes' is -5, but a figure is never negative; record it again (or"
        + " delete it)") : first
// (the build runs with -e, so stack traces are in the log; the message itself names no Java class)
assert !first.contains('Exception') && !first.contains('$') && !first.contains('io.github.rustinstruments.maven.')
assert !invocations[0].contains('IllegalArgumentException')

// 2: the baseline's negative figure is refused, not compared with ("74540.0% above the baseline of -100 B")
def baselineFile = new File(basedir, 'src/test/rust-instruments/baseline.json').canonicalFile
def second = failure(invocations[1])
assert second != null
assert second.contains("cannot read the baseline ${baselineFile}: field"
        + " 'runs.default.allocations.totals.peakHeapBytes' is -100, but a figure is never negative; fix it, or"
        + " record it again with rust-instruments:baseline") : second
assert !invocations[1].contains('above the baseline')
assert !second.contains('Exception') && !second.contains('$') && !second.contains('io.github.rustinstruments.maven.')

// 3: the goal the message recommends replaces the file, says so, and keeps the old content
assert invocations[2].contains('BUILD SUCCESS')
def replaced = invocations[2].readLines().find { it.startsWith('[WARNING] Replaced the unreadable baseline') }
assert replaced != null
assert replaced.contains("field 'runs.default.allocations.totals.peakHeapBytes' is -100")
def copies = new File(basedir, 'target/good/gate').listFiles().findAll { it.name.startsWith('replaced-baseline-') }
assert copies.size() == 1
assert replaced.contains(copies[0].canonicalPath) : replaced
assert copies[0].text.contains('"peakHeapBytes": -100')
assert baselineFile.text.contains('"peakHeapBytes" : 74540')

// 4: the new baseline is in use
assert invocations[3].contains('All memory limits are met.')
assert invocations[3].contains('BUILD SUCCESS')
