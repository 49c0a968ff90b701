import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/rust-instruments')
def json = { run -> new JsonSlurper().parse(new File(out, "${run}/leaks.json")) }
def foldedTotal = { run -> new File(out, "${run}/leaks.folded").readLines().findAll { it }
        .collect { it.substring(it.lastIndexOf(' ') + 1) as long }.sum(0L) }

// the TOTAL line is not a leak: 64 bytes, not 128, in the summary and in the stacks
def total = json('total')
assert total.profiler == 'macos-leaks' && total.totals.leakedBytes == 64 && total.totals.leakedBlocks == 2
assert foldedTotal('total') == 64 : new File(out, 'total/leaks.folded').text

// a report after 4 KiB of the program's output is still recognised
def noisy = json('noisy')
assert noisy.profiler == 'macos-leaks' && noisy.totals.leakedBytes > 0

// an Instruments Leaks export, byte-order mark and all: read, and memory errors unknown, not 0
def instruments = json('instruments')
assert instruments.profiler == 'xctrace' && instruments.totals.leakedBytes > 0
assert instruments.errors == null : 'Instruments\' Leaks checks no memory errors'
assert log.contains("run 'instruments': memcheck errors is not measured by xctrace")
assert !log.contains('memory errors 0')

// UTF-16 is refused saying what it found and how to fix it
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains('utf16.xml') }
assert failure != null
assert failure.contains('UTF-16') && failure.contains('iconv') : failure
assert !new File(out, 'utf16').exists()

return true
