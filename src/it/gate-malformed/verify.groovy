def log = new File(basedir, 'build.log').text
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains('invalid <rules>')
// every problem at once, each naming what is valid
assert log.contains("unknown metric 'PEAK_HEEP'")
assert log.contains('ALLOCATIONS, ALLOCATED_BYTES') : 'the list of valid metrics'
assert log.contains("'lots'")
assert log.contains("'five percent'")
assert !new File(basedir, 'target/rust-instruments/gate').exists() : 'nothing is evaluated with broken rules'
