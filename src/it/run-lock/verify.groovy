import groovy.json.JsonSlurper

def firstLog = new File(basedir, 'first-build.log')
long deadline = System.currentTimeMillis() + 180_000
while (!(firstLog.text =~ /BUILD (SUCCESS|FAILURE)/)) {
    assert System.currentTimeMillis() < deadline : "the first build did not end:\n${firstLog.text}"
    Thread.sleep(200)
}
def first = firstLog.text
def second = new File(basedir, 'build.log').text
assert first.contains('BUILD SUCCESS') : first
assert second.contains('BUILD SUCCESS')

// the second build waited for the first, and said who held the run
def pid = new File(basedir, 'first-build.pid').text.trim()
assert second.contains('another build is recording this run (rust-instruments:allocations of'
        + " io.github.rustinstruments.it:run-lock, process ${pid}, since") : second

assert first.contains('the other build waits') : 'the first build stopped holding the run before the second came'

// each build's console shows its own program's figures: never the other's
def calls = { String log ->
    def m = log =~ /calls to allocation functions\s+([0-9,]+)/
    assert m.find() : log
    m.group(1).replace(',', '') as long
}
long firstCalls = calls(first)
long secondCalls = calls(second)
assert firstCalls >= 28000 && firstCalls < 29000 : "first build: ${firstCalls}"
assert secondCalls >= 4000 && secondCalls < 5000 : "second build: ${secondCalls}"

// the summary left is the second build's, whole: its command and its figures
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/allocations.json'))
assert summary.command[-2..-1] == ['4000', '0']
assert summary.totals.allocations == secondCalls

return true
