import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def crate = new File(basedir, 'src/main/rust')

// scaffold created the harness inside the crate found at src/main/rust
assert !log.contains('Harness already exists')
assert !new File(basedir, 'memcheck').exists() : 'the harness belongs inside the crate, not next to pom.xml'
def cargoToml = new File(crate, 'memcheck/Cargo.toml')
def mainRs = new File(crate, 'memcheck/src/main.rs')
assert cargoToml.isFile()
assert mainRs.isFile()

def toml = cargoToml.text
assert toml =~ /(?m)^\[package\]\s*$/
assert toml =~ /(?m)^name\s*=\s*"memcheck"\s*$/
assert toml =~ /(?m)^\[workspace\]\s*$/ : 'an empty [workspace] keeps the harness out of any enclosing workspace'
assert toml =~ /(?m)^fresh-lib\s*=\s*\{[^}]*path\s*=\s*"\.\."[^}]*\}/ : "no path dependency on fresh-lib in:\n${toml}"

def main = mainRs.text
assert main.contains('#[global_allocator]')
assert main =~ /std::alloc::System|use std::alloc::System/
assert main =~ /fn main\(\)\s*\{/
assert main.contains('//') : 'the generated main tells the user what to write'
// an optimised build drops allocations whose result is unused: the example keeps its result and says why
assert main.contains('std::hint::black_box(&parsed);')
assert main.contains('even a deliberate Box::leak')

// the generated harness builds and runs under heaptrack
def out = new File(basedir, 'target/rust-instruments')
assert new File(out, 'cargo/release/memcheck').canExecute()
assert new File(out, 'default/allocations.zst').length() > 0
def summary = new JsonSlurper().parse(new File(out, 'default/allocations.json'))
assert summary.kind == 'allocations'
assert summary.profiler == 'heaptrack'
assert summary.exitCode == 0
assert summary.command.any { it.endsWith('/cargo/release/memcheck') }
summary.totals.with {
    [allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, peakRssBytes, leakedBytes, leakedBlocks].each {
        assert it instanceof Number && it >= 0
    }
    assert peakRssBytes > 0
}
assert summary.topSites instanceof List
summary.topSites.each { assert !it.function.startsWith('fresh_lib::') : 'the empty harness does not call the library' }

return true
