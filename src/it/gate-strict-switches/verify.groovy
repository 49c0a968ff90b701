def log = new File(basedir, 'build.log').text
def invocations = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD ') }
assert invocations.size() == 3 : "three invocations in build.log, found ${invocations.size()}"
def failure = { text -> text.readLines().find { it.startsWith('[ERROR] Failed to execute goal') } }

// 1: the pom's 'yes' is refused, not read as false
def first = failure(invocations[0])
assert first != null
assert first.contains(": haltOnFailure is 'yes', but it takes only true or false: write"
        + " <haltOnFailure>true</haltOnFailure> or <haltOnFailure>false</haltOnFailure>"
        + " (-Drust-instruments.haltOnFailure=true or =false on the command line); left out, it is true") : first
assert invocations[0].contains('BUILD FAILURE')

// 2: the same for a typo on the command line
def second = failure(invocations[1])
assert second != null
assert second.contains(": failIfNoSummaries is 'maybe', but it takes only true or false: write"
        + " <failIfNoSummaries>true</failIfNoSummaries> or <failIfNoSummaries>false</failIfNoSummaries>"
        + " (-Drust-instruments.failIfNoSummaries=true or =false on the command line); left out, it is true") : second

// 3: valid values in any case are taken: the gate runs and reports what it found
def third = failure(invocations[2])
assert third != null
assert third.contains('no summaries to verify') : third
assert !invocations[2].contains('takes only true or false')
