// The first build: 28,000 allocations, then it holds the run directory until the invoker's build (whose log is
// build.log) says it waits for it.
def mvn = evaluate(new File(basedir, '../../../src/it/common/maven.groovy'))
def first = mvn(basedir, localRepositoryPath, new File(basedir, 'first-build.log'),
        ['rust-instruments:allocations', "-Drust-instruments.args=28000,${new File(basedir, 'build.log')}".toString()])
new File(basedir, 'first-build.pid').text = "${first.pid()}"

// return only once the first build holds the lock and its program runs, so the invoker's build must wait
def lock = new File(basedir, 'target/rust-instruments/default/.lock')
def log = new File(basedir, 'first-build.log')
long deadline = System.currentTimeMillis() + 180_000
while (!(lock.isFile() && lock.text.contains('process ') && log.text.contains('checksum '))) {
    assert first.alive || lock.isFile() : "the first build ended early:\n${log.text}"
    assert System.currentTimeMillis() < deadline : "the first build did not start recording:\n${log.text}"
    Thread.sleep(100)
}
return true
