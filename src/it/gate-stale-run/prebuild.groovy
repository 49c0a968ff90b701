// A summary of run 'default', recorded an hour ago from the command line before the pom named its runs;
// its peak heap is far over the limit, so gating it would fail the build
def file = new File(basedir, 'target/rust-instruments/default/allocations.json')
file.parentFile.mkdirs()
file.text = '''{
  "schemaVersion": 1, "run": "default", "kind": "allocations", "profiler": "heaptrack", "platform": "linux-x86_64",
  "command": ["/x/memcheck"], "exitCode": 0, "durationMillis": 12, "recording": "allocations.zst",
  "totals": {"allocations": 10, "allocatedBytes": 1073741824, "temporaryAllocations": 0,
             "peakHeapBytes": 1073741824, "peakRssBytes": null, "leakedBytes": 0, "leakedBlocks": 0},
  "leakKinds": null, "topSites": []
}
'''
file.lastModified = System.currentTimeMillis() - 3600 * 1000
return true
