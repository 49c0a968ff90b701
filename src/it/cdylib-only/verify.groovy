def log = new File(basedir, 'build.log').text

// the failure message (from "Failed to execute goal" to "-> [Help 1]") says what to do
def failure = log =~ /(?s)Failed to execute goal (.*?)-> \[Help 1\]/
assert failure.find() : 'the build did not fail on a mojo'
def message = failure.group(1)
assert message.contains(':scaffold ')
assert message.contains('add "rlib" to') : "unexpected failure: ${message}"

// nothing changed, nothing created
assert new File(basedir, 'Cargo.toml').bytes == new File(basedir, 'Cargo.toml.before').bytes
assert !new File(basedir, 'memcheck').exists()
assert !new File(basedir, 'Cargo.lock').exists()
assert !new File(basedir, 'target/rust-instruments/cargo').exists() : 'scaffold has nothing to build'

return true
