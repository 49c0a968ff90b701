def log = new File(basedir, 'build.log').text

// modules without a crate are skipped with one line each; the build succeeds
assert log.contains('Skipping rust-instruments:allocations in module reactor: it has no Cargo.toml')
assert log.contains('Skipping rust-instruments:scaffold in module java-only: it has no Cargo.toml')
assert log.contains('Skipping rust-instruments:allocations in module java-only: it has no Cargo.toml')
assert log.contains('BUILD SUCCESS')

// each crate module recorded its own run, and its heading names the module
['lib-a', 'lib-b'].each { module ->
    def summary = new File(basedir, "${module}/target/rust-instruments/default/allocations.json")
    assert summary.isFile() : "no summary for ${module}"
    def json = new groovy.json.JsonSlurper().parse(summary)
    assert json.totals.allocations > 0
    assert log.contains("Memory of run 'default' of module ${module} (heaptrack".toString())
}
assert !new File(basedir, 'java-only/target/rust-instruments').exists()

// a console summary is one block: its heading is followed by its own totals, not by the other module's lines
def lines = log.readLines()
['lib-a', 'lib-b'].each { module ->
    int start = lines.findIndexOf { it.contains("Memory of run 'default' of module ${module}") }
    int end = lines.findIndexOf(start) { it.contains('Stacks:    ') }
    assert start >= 0 && end > start
    def block = lines.subList(start, end + 1)
    assert block.every { !it.contains('Memory of run') || it.contains(module) } : block.join('\n')
    assert block.count { it.contains('calls to allocation functions') } == 1 : block.join('\n')
}

return true
