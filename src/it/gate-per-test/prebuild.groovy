// A JVM-mode summary as jvm-allocations writes it, by hand: four tests, one leaking 400 KiB, and the library's
// allocations outside any test and during overlapping tests, which leak too but are not tests
def test = { name, allocations, leaked -> """    {"test": "${name}", "allocations": ${allocations},
     "allocatedBytes": ${allocations * 64 + leaked}, "peakHeapBytes": ${allocations * 32 + leaked},
     "leakedBytes": ${leaked}, "leakedBlocks": ${leaked == 0 ? 0 : 1}, "topSites": []}""" }
def tests = [
    test('heldout.jni.CodecTest#leaksFourHundredKiB', 1, 409600),
    test('heldout.jni.CodecTest#roundTrips', 1200, 0),
    test('heldout.jni.OtherTest#works', 30, 0),
    test('heldout.jni.ParamTest#decodes[1]', 4, 0),
    test('(outside tests)', 99, 64),
    test('(overlapping tests)', 3, 128),
]
def summary = """{
  "schemaVersion": 1, "run": "jvm", "kind": "allocations", "profiler": "heaptrack-jvm",
  "platform": "linux-x86_64", "command": ["mvn", "verify"], "exitCode": 0,
  "ended": {"normally": true, "exitCode": 0, "signal": null, "timedOut": false},
  "durationMillis": 5400, "recording": "jvm-4242.zst", "scope": "library", "modules": ["libcodec.so"],
  "forks": [{"pid": 4242, "recording": "jvm-4242.zst", "exitCode": 0}],
  "totals": {"allocations": 1337, "allocatedBytes": 495360, "temporaryAllocations": null,
             "peakHeapBytes": 420000, "peakRssBytes": null, "leakedBytes": 409792, "leakedBlocks": 3},
  "process": null, "leakKinds": null, "topSites": [],
  "tests": [
${tests.join(',\n')}
  ]
}
"""
def file = new File(basedir, 'target/rust-instruments/jvm/allocations.json')
file.parentFile.mkdirs()
file.text = summary
return true
