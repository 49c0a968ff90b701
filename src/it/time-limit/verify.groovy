def log = new File(basedir, 'build.log').text

def failure = log =~ /(?s)Failed to execute goal (.*?)-> \[Help 1\]/
assert failure.find() : 'the build did not fail on a mojo'
def message = failure.group(1)
assert message.contains(':allocations ')
assert message.contains('time limit of 3s') : "unexpected failure: ${message}"

// the whole build took far less than the program's 60 s
def total = log =~ /Total time:\s+([0-9.]+) s\b/
assert total.find() : 'no "Total time: N s" (a build of a minute or more?)'
assert (total.group(1) as BigDecimal) < 40

// the harness really started (and wrote the pids of itself and its child) ...
def pidsFile = new File(basedir, 'target/pids.txt')
assert pidsFile.isFile() : 'the harness never started'
def pids = pidsFile.readLines()*.trim().findAll { it }*.toLong()
assert pids.size() == 2

// ... and nothing of the process tree is left: not the profiler, not the harness, not its child.
// (ProcessHandle reads /proc: command() is the executable, commandLine() the arguments.
// A killed process may stay a zombie until it is reaped: that one is dead.)
def running = { ProcessHandle p ->
    def stat = new File("/proc/${p.pid()}/stat")
    if (!p.isAlive() || !stat.exists()) {
        return false
    }
    def text = stat.text
    text.charAt(text.lastIndexOf(')') + 2) != ('Z' as char)
}
def marker = new File(basedir, 'target/rust-instruments').canonicalPath
def leftovers = { ->
    def alive = pids.collect { ProcessHandle.of(it) }.findAll { it.isPresent() }*.get()
    alive += ProcessHandle.allProcesses().filter { p ->
        p.info().command().map { it.startsWith(marker) }.orElse(false) ||
            p.info().commandLine().map { it.contains(marker) }.orElse(false)
    }.toList()
    alive.findAll { running(it) }.unique { it.pid() }.collect { "${it.pid()} ${it.info().commandLine().orElse('?')}" }
}
def left = leftovers()
for (int i = 0; i < 30 && left; i++) { // a killed process may take a moment to die
    Thread.sleep(100)
    left = leftovers()
}
assert left.isEmpty() : "processes left running after the time limit: ${left}"


// the profiled program got SIGTERM first, so heaptrack finished its file: the recording is kept and analysed
def run = new File(basedir, 'target/rust-instruments/default')
assert new File(run, 'allocations.zst').length() > 0 : 'the partial recording must be kept'
def summary = new groovy.json.JsonSlurper().parse(new File(run, 'allocations.json'))
assert summary.ended.timedOut == true : 'the summary says the time limit stopped it'
assert summary.ended.normally == false : 'a program stopped at its time limit did not end normally'
assert summary.totals.allocations > 0

// then verify fails on that summary, whatever the limits: the run did not end normally
assert log.contains("[ERROR] run 'default': the program was stopped at its time limit, but expected is a normal end (exit status 0 within its time limit)")
def verifyFailure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') && it.contains(':verify') }
assert verifyFailure != null : 'verify did not fail'

return true
