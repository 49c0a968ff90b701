def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':report') }
assert failures.size() == 2 : failures

assert failures[0].contains('allocations-export.xml is an xctrace export') : failures[0]
assert failures[0].contains('reads heaptrack data files, valgrind memcheck XML and macOS leaks reports') : failures[0]

assert failures[1].contains('notes.txt is not a recording this plugin can read') : failures[1]
assert failures[1].contains('expected a heaptrack data file') : failures[1]

def out = new File(basedir, 'target/rust-instruments')
assert !out.exists() : 'nothing may be written for a file of the wrong kind'
