import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def invocations = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD ') }
assert invocations.size() == 2 : "two invocations in build.log, found ${invocations.size()}"
def ignored = '[INFO] Ignoring the summaries of run(s) default: not configured for this project nor recorded by' +
        ' this build, so verify does not take them (name them in <runs> to include them, or delete their directories)'

// 1: only 'small' is gated; the stale 'default' (1 GiB peak) is named once and does not fail the build
assert invocations[0].contains(ignored)
assert invocations[0].count('Ignoring the summaries') == 1
assert invocations[0].contains('[INFO] Memory gate over 1 run(s): small')
assert !invocations[0].contains("run 'default'")
assert invocations[0].contains('All memory limits are met.')
assert invocations[0].contains('BUILD SUCCESS')

// 2: the same in a build that records nothing; the baseline holds only the configured run
assert invocations[1].contains(ignored)
assert invocations[1].contains(ignored.replace('so verify', 'so baseline'))
assert invocations[1].contains('[INFO] Memory gate over 1 run(s): small')
assert invocations[1].contains('BUILD SUCCESS')
def baseline = new JsonSlurper().parse(new File(basedir, 'src/test/rust-instruments/baseline.json'))
assert baseline.runs.keySet() == ['small'] as Set
// the stale summary itself is left where it was
assert new File(basedir, 'target/rust-instruments/default/allocations.json').isFile()
