def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':report') }
assert failures.size() == 2 : failures

assert failures[0].contains('trace-toc.xml is the table of contents (xctrace export --toc)') : failures[0]
assert failures[0].contains('reads the Allocations Statistics detail or the Leaks detail') : failures[0]

assert failures[1].contains('notes.txt is not a recording this plugin can read') : failures[1]
assert failures[1].contains('expected a heaptrack data file') : failures[1]

def out = new File(basedir, 'target/rust-instruments')
assert !out.exists() : 'nothing may be written for a file of the wrong kind'
