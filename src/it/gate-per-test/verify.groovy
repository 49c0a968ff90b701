import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Memory gate over 1 run(s): jvm')

// exactly the one leaking test, in the run message template; nothing about the entries that are not tests
def leak = "run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked bytes is 400.0 KiB, but expected" +
        " maximum is 0 B"
def errors = log.readLines().findAll { it.startsWith('[ERROR] run ') }
assert errors == ["[ERROR] ${leak}".toString()] : errors
assert !log.contains('(outside tests)') && !log.contains('(overlapping tests)')
assert log.contains('4 checks: 3 passed, 1 failed')
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.contains(':verify') && failure.contains(leak) : failure

// the JUnit report: one test case per test and limit, in the run's class; the leaking one fails
def junit = new XmlSlurper().parse(new File(basedir, 'target/rust-instruments/gate/TEST-rust-instruments.xml'))
assert junit.@tests.text() as int == 4
assert junit.@failures.text() as int == 1
def cases = junit.testcase.collect { "${it.@classname} | ${it.@name}".toString() }
assert cases == [
    'rust-instruments.jvm | heldout.jni.CodecTest#leaksFourHundredKiB: LEAKED_BYTES maximum 0 B',
    'rust-instruments.jvm | heldout.jni.CodecTest#roundTrips: LEAKED_BYTES maximum 0 B',
    'rust-instruments.jvm | heldout.jni.OtherTest#works: LEAKED_BYTES maximum 0 B',
    'rust-instruments.jvm | heldout.jni.ParamTest#decodes[1]: LEAKED_BYTES maximum 0 B',
] : cases
def failed = junit.testcase.findAll { it.failure.size() > 0 }
assert failed.size() == 1
assert failed[0].@name.text().startsWith('heldout.jni.CodecTest#leaksFourHundredKiB')
assert failed[0].failure.@message.text() == leak
