import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// each goal ran once, in its default phase's order, under its execution id
def header = { goal, id -> ~/--- rust-instruments(-maven-plugin)?:[^:\s]+:${goal} \(${id}\) @ bound-to-phases ---/ }
def positions = [['scaffold', 'harness'], ['build', 'compile-harness'], ['allocations', 'profile-harness']].collect { goal, id ->
    def m = log =~ header(goal, id)
    assert m.find() : "no execution ${goal} (${id}) in build.log"
    def at = m.start()
    assert !m.find() : "${goal} (${id}) ran twice"
    at
}
assert positions == positions.sort(false) : 'scaffold, build and allocations must run in this order'

// scaffold (generate-test-sources) made the harness
def crate = new File(basedir, 'src/main/rust')
assert new File(crate, 'memcheck/Cargo.toml').isFile()
assert new File(crate, 'memcheck/src/main.rs').isFile()

// build (test-compile) used cargoProfile=dev: cargo puts the dev profile in debug/
def out = new File(basedir, 'target/rust-instruments')
def exe = new File(out, 'cargo/debug/memcheck')
assert exe.canExecute()
assert !new File(out, 'cargo/release/memcheck').exists() : 'cargoProfile=dev must not build the release profile'

// allocations (integration-test) recorded the dev build
assert new File(out, 'default/allocations.zst').length() > 0
def summary = new JsonSlurper().parse(new File(out, 'default/allocations.json'))
assert summary.run == 'default'
assert summary.kind == 'allocations'
assert summary.exitCode == 0
assert summary.command.any { it.endsWith('/cargo/debug/memcheck') }

return true
