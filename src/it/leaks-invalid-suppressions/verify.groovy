def log = new File(basedir, 'build.log').text

// leaks fails on valgrind, not on the program, and quotes valgrind's own complaint
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':leaks') }
assert failure != null : 'leaks did not fail'
assert log.contains('memcheck did not complete its recording, so this run has no figures: valgrind did not finish its check')
assert log.contains('ends in state RUNNING, not FINISHED')
assert log.contains('FATAL: in suppressions file') : "valgrind's own message is quoted"

// no made-up zeros: no summary, the XML is kept
def run = new File(basedir, 'target/rust-instruments/default')
assert !new File(run, 'leaks.json').exists() : 'a run that measured nothing has no summary'
assert new File(run, 'leaks.xml').isFile() : 'the recording is kept'

// and the gate does not pass afterwards
def verifyFailure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':verify') }
assert verifyFailure != null : 'verify passed without a summary'
assert log.contains('no summaries to verify')

return true
