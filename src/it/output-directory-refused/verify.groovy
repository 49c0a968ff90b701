def log = new File(basedir, 'build.log').text
def src = new File(basedir, 'src').canonicalPath

// each refusal names the directory, why, and the fix; nothing was built or written
assert log.contains("outputDirectory ${src}/main/rust/profiles is inside the source tree ${src}: the plugin writes".toString())
assert log.contains('outputDirectory / is a file system root: the plugin writes')
assert log.contains('Point <outputDirectory> (-Drust-instruments.outputDirectory) at a directory of its own')
assert !new File(basedir, 'src/main/rust/profiles').exists() : 'nothing written into the source tree'
assert !new File(basedir, 'src/main/rust/memcheck').exists() : 'no harness scaffolded before the refusal'
assert !(log =~ /\[INFO\] Running /) : 'no tool ran (cargo is not even asked for metadata)'
