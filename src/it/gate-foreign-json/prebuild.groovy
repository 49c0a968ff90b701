// Summaries as a careless hand or another tool might leave them: one broken, one sound
def summary = { kind, profiler, peak -> """{
  "schemaVersion": 1, "run": "default", "kind": "${kind}", "profiler": "${profiler}", "platform": "linux-x86_64",
  "command": ["/x/memcheck"], "exitCode": 0, "durationMillis": 12, "recording": "allocations.zst",
  "totals": {"allocations": 10, "allocatedBytes": 1000, "temporaryAllocations": 0, "peakHeapBytes": ${peak},
             "peakRssBytes": null, "leakedBytes": 0, "leakedBlocks": 0},
  "leakKinds": null, "topSites": []
}
""" }
def write = { path, text ->
    def file = new File(basedir, path)
    file.parentFile.mkdirs()
    file.text = text
}
write('target/bad/default/allocations.json', summary('bogus', 'nonsense', -5))
write('target/good/default/allocations.json', summary('allocations', 'heaptrack', 74540))
return true
