// path-without-heaptrack/: the build's PATH without heaptrack*.
def pathWithout = evaluate(new File(basedir, '../../../src/it/common/path-without.groovy'))
def leftOut = pathWithout(basedir, 'path-without-heaptrack') { String name -> name.startsWith('heaptrack') }
assert leftOut.contains('heaptrack') : 'heaptrack is not on the PATH of this build: the test would prove nothing'
assert new File(basedir, 'path-without-heaptrack/cargo').exists()
return true
