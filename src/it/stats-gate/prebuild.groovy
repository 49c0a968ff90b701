// path-without-profilers/: the build's PATH without heaptrack* and valgrind*.
def pathWithout = evaluate(new File(basedir, '../../../src/it/common/path-without.groovy'))
def leftOut = pathWithout(basedir, 'path-without-profilers') { String name ->
    name.startsWith('heaptrack') || name.startsWith('valgrind')
}
assert leftOut.contains('heaptrack') && leftOut.contains('valgrind') : 'the test would prove nothing'
assert new File(basedir, 'path-without-profilers/cargo').exists()
return true
