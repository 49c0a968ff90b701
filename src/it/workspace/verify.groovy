import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def member = new File(basedir, 'rust/crates/wslib')

// scaffold kept main.rs and added the missing Cargo.toml, in the member only
assert new File(member, 'memcheck/src/main.rs').bytes == new File(basedir, 'main.rs.before').bytes
def toml = new File(member, 'memcheck/Cargo.toml').text
assert toml =~ /(?m)^wslib\s*=\s*\{[^}]*path\s*=\s*"\.\."[^}]*\}/ : "no path dependency on wslib in:\n${toml}"
assert toml =~ /(?m)^\[workspace\]\s*$/
assert !new File(basedir, 'rust/memcheck').exists()
assert !new File(basedir, 'rust/crates/other/memcheck').exists()
assert !new File(basedir, 'memcheck').exists()

// cargo built into the plugin's target directory, not the workspace's
def out = new File(basedir, 'target/rust-instruments')
assert new File(out, 'cargo/release/memcheck').canExecute()
assert !new File(basedir, 'rust/target').exists()
assert !new File(member, 'target').exists()
assert !new File(member, 'memcheck/target').exists()

def summary = new JsonSlurper().parse(new File(out, 'default/allocations.json'))
assert summary.exitCode == 0
assert new File(out, 'default/allocations.zst').length() > 0
assert summary.totals.allocations >= 500
assert summary.totals.allocatedBytes >= 500 * 2000
assert summary.totals.peakHeapBytes >= 500 * 2000

def top = summary.topSites[0]
assert top.function == 'wslib::repeat_words'
assert top.inUserCode == true
assert top.file.endsWith('lib.rs')
assert top.line > 0
assert top.allocations >= 500
assert top.allocatedBytes >= 500 * 2000
assert !summary.topSites.any { it.function.startsWith('other::') }

assert log.contains('wslib::repeat_words')

return true
