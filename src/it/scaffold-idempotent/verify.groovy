import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// the build log holds both invocations; the user's edit (antrun) separates them
def edit = log.indexOf('maven-antrun-plugin:3.1.0:run (user-edits-harness)')
assert edit > 0 : 'the second invocation did not run'
assert !log.substring(0, edit).contains('Harness already exists') : 'the first scaffold starts from nothing'
assert log.substring(edit).contains('Harness already exists')

// the user's main.rs survived the second scaffold; Cargo.toml is still the one the first scaffold wrote
def main = new File(basedir, 'memcheck/src/main.rs')
assert main.text.startsWith('// Edited by the user after the first scaffold')
assert main.bytes == new File(basedir, 'harness-after-first-scaffold/main.rs.edited').bytes
assert new File(basedir, 'memcheck/Cargo.toml').bytes == new File(basedir, 'harness-after-first-scaffold/Cargo.toml').bytes

// and it is the edited harness that was built and profiled
def summary = new JsonSlurper().parse(new File(basedir, 'target/rust-instruments/default/allocations.json'))
assert summary.exitCode == 0
assert summary.totals.allocations >= 300
// (the program is small: the largest site overall may be outside the user's code, e.g. libstdc++'s
// startup pool of 71 KiB, so look at the sites in the user's code)
def userSites = summary.topSites.findAll { it.inUserCode }
def top = userSites[0]
assert top.function == 'idemlib::numbered_lines'
assert top.file.endsWith('lib.rs')
assert top.inUserCode == true
assert top.allocations >= 300

return true
