def log = new File(basedir, 'build.log').text

// the goals were invoked (and skipped), not left out
def runs = { goal -> (log =~ ~/--- rust-instruments(-maven-plugin)?:[^:\s]+:${goal} \(default-cli\) @ skip ---/).size() }
assert runs('scaffold') == 3
assert runs('build') == 2
assert runs('allocations') == 2
assert (log =~ /BUILD SUCCESS/).size() == 3

// invocations 1 and 2 wrote nothing: the scaffold of invocation 3 found no harness and created it
assert !log.contains('Harness already exists')
assert new File(basedir, 'memcheck/Cargo.toml').isFile()
assert new File(basedir, 'memcheck/src/main.rs').isFile()

// build and allocations never ran
assert !new File(basedir, 'target/rust-instruments').exists()
assert !new File(basedir, 'memcheck/Cargo.lock').exists()

return true
