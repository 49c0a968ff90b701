// Shared by the ITs' verify.groovy: what heaptrack_print, the reference tool, says about a recording.
// Use: def reference = evaluate(new File(basedir, '../../../src/it/common/heaptrack-print.groovy'))(file)
// Counts come from its summary; exact byte figures from its flame-graph output summed per cost type
// (the summary rounds bytes to K/M).
return { File recording ->
    def run = { List<String> command ->
        def process = command.execute()
        def out = new StringBuilder(), err = new StringBuilder()
        process.waitForProcessOutput(out, err)
        assert process.exitValue() == 0: "${command.join(' ')} failed: ${err}"
        out.toString()
    }
    def summary = run(['heaptrack_print', '-p', '0', '-a', '0', '-T', '0', '-l', '0', recording.path])
    def count = { String label ->
        def m = summary =~ /(?m)^${label}: (\d+)/
        assert m.find(): "no '${label}' line in heaptrack_print's output:\n${summary}"
        m.group(1) as long
    }
    def sumOf = { String costType ->
        def stacks = File.createTempFile('heaptrack-print', '.folded')
        try {
            run(['heaptrack_print', '--flamegraph-cost-type', costType, '-F', stacks.path, recording.path])
            stacks.readLines().findAll { it.trim() }.collect { (it.substring(it.lastIndexOf(' ') + 1)) as long }.sum(0L)
        } finally {
            stacks.delete()
        }
    }
    [
        allocations         : count('calls to allocation functions'),
        temporaryAllocations: count('temporary memory allocations'),
        peakHeapBytes       : sumOf('peak'),
        leakedBytes         : sumOf('leaked'),
    ]
}
