def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 3 : failures

// 1: a failed recording is a failure, with xctrace's own lines, even though xctrace exited 0 and left a trace
assert failures[0].contains('could not run xctrace')
assert log.contains('Recording failed with errors')
assert log.contains('[Error] Failed to attach to target process: Operation not permitted')

// 2: exit status 54 without a completed recording is not accepted
assert failures[1].contains('could not run xctrace')
assert failures[1].contains('54')

// 3: xctrace missing: the install message, before anything is built
assert failures[2].contains('xctrace not found: install full Xcode (the command line tools alone do not ship it)')
