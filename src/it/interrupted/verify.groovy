def mvn = evaluate(new File(basedir, '../../../src/it/common/maven.groovy'))

def finish = { Process process, File log, long seconds ->
    assert process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS) : "Maven did not end:\n${log.text}"
    return log.text
}

// for each profiler and signal: a good recording first, then one interrupted, then the gate
[['allocations', 'heaptrack', 'INT'], ['allocations', 'heaptrack', 'TERM'],
 ['leaks', 'memcheck', 'INT'], ['leaks', 'memcheck', 'TERM']].each { goal, profiler, signal ->
    def name = "${profiler}-${signal}"
    def out = new File(basedir, "target/ri-${name}")
    def options = ["-Drust-instruments.outputDirectory=${out}".toString(),
                   (goal == 'leaks' ? '-Drust-instruments.leaks.profiler=' : '-Drust-instruments.allocations.profiler=') + profiler]
    def summary = new File(out, "default/${goal}.json")

    def goodLog = new File(basedir, "${name}-good.log")
    def good = finish(mvn(basedir, localRepositoryPath, goodLog, ["rust-instruments:${goal}".toString(),
            '-Drust-instruments.args=quick'] + options), goodLog, 300)
    assert good.contains('BUILD SUCCESS') : good
    assert summary.isFile()

    def marker = new File(basedir, "target/${name}.running")
    def stoppedLog = new File(basedir, "${name}-interrupted.log")
    def build = mvn(basedir, localRepositoryPath, stoppedLog, ["rust-instruments:${goal}".toString(),
            "-Drust-instruments.args=forever,${marker}".toString()] + options)
    long deadline = System.currentTimeMillis() + 180_000
    while (!marker.isFile()) {
        assert build.alive : "the build ended before its program ran:\n${stoppedLog.text}"
        assert System.currentTimeMillis() < deadline : "the program did not start:\n${stoppedLog.text}"
        Thread.sleep(100)
    }
    Thread.sleep(500)
    def kill = ['kill', "-${signal}".toString(), "${build.pid()}".toString()].execute()
    assert kill.waitFor() == 0
    def stopped = finish(build, stoppedLog, 120)

    // what was interrupted is said; the old summary is gone; the recording made so far is kept
    assert stopped.contains("[rust-instruments] interrupted: run 'default' (${goal}) did not finish, so no summary is written for it".toString()) : stopped
    assert !summary.exists() : "${name}: the previous summary is still there for verify to take"
    assert !stopped.contains('BUILD SUCCESS')
    def recording = goal == 'leaks' ? new File(out, 'default/leaks.xml') : new File(out, 'default/allocations.zst')
    assert recording.exists() : "${name}: the recording was not kept"

    // the gate does not pass on old data
    def gateLog = new File(basedir, "${name}-verify.log")
    def gate = finish(mvn(basedir, localRepositoryPath, gateLog, ['rust-instruments:verify'] + options), gateLog, 120)
    assert gate.contains('BUILD FAILURE') : gate
    assert gate.contains('no summaries to verify') : gate
}

return true
