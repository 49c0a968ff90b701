def log = new File(basedir, 'build.log').text
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains('no summaries to verify')
assert failure.contains('run rust-instruments:allocations or rust-instruments:leaks first')
assert log.contains('[WARNING] no summaries to verify')
assert log.contains('BUILD SUCCESS')
