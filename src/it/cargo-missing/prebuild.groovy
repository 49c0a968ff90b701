// path-without-cargo/: the build's PATH without cargo* and rust* (rustc, rustup, ...).
def pathWithout = evaluate(new File(basedir, '../../../src/it/common/path-without.groovy'))
def leftOut = pathWithout(basedir, 'path-without-cargo') { String name -> name.startsWith('cargo') || name.startsWith('rust') }
assert leftOut.contains('cargo') : 'cargo is not on the PATH of this build: the test would prove nothing'
assert new File(basedir, 'path-without-cargo/heaptrack').exists()
return true
