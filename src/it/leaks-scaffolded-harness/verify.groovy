import groovy.json.JsonSlurper

// the user's edit of the scaffolded main.rs: call the library, keep the results (black_box, as it says)
def main = new File(basedir, 'memcheck/src/main.rs')
def text = main.text
assert text.contains('static GLOBAL: alloc_stats::Counting = alloc_stats::Counting;') : 'the counting allocator is kept'
def marker = '    // The plugin\'s <args> arrive in std::env::args()'
assert text.contains(marker) : text
main.text = text.replace(marker, '''    std::hint::black_box(leakylib::leak_names(5));
    std::hint::black_box(leakylib::leak_buffer());
''' + marker)

def mvn = evaluate(new File(basedir, '../../../src/it/common/maven.groovy'))
def logFile = new File(basedir, 'leaks.log')
def build = mvn(basedir, localRepositoryPath, logFile, ['rust-instruments:leaks', '-Drust-instruments.leaks.profiler=memcheck'])
assert build.waitFor(600, java.util.concurrent.TimeUnit.SECONDS) : logFile.text
def log = logFile.text
assert log.contains('BUILD SUCCESS') : log

def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/leaks.json'))
assert summary.profiler == 'memcheck'
def leaking = summary.topSites.findAll { it.leakedBytes > 0 }
assert !leaking.isEmpty()
// every leak is the library's function, never the harness's allocator
leaking.each { site ->
    assert site.function.startsWith('leakylib::') : "a leak attributed to ${site.function}: ${site.stack}"
    assert site.inUserCode
    assert !site.function.contains('UnknownInlinedFun') && !site.function.contains('alloc_stats')
    // a leak checker does not know what the site allocated: unknown, not 0
    assert site.allocations == null && site.allocatedBytes == null && site.peakBytes == null
}
assert leaking.any { it.function.startsWith('leakylib::leak_names') }
assert leaking.any { it.function.startsWith('leakylib::leak_buffer') && it.leakedBytes == 4096 }
// the whole stack is kept, out to the harness's main
assert leaking.every { site -> site.stack.any { it.startsWith('memcheck::main') } } : leaking*.stack
assert log.contains('Leaks from your code:')
assert !log.contains('UnknownInlinedFun (memcheck/src/main.rs')

return true
