// heaptrack_print's flame-graph stacks of one cost type (leaked, allocations, peak, ...) of a recording, summed
// over the stacks that pass through a symbol: the reference tool's own figure for what a library entry point cost.
// Usage: def costThrough = evaluate(new File(basedir, '../../../src/it/common/cost-through.groovy'))
//        long leaked = costThrough(recording, 'leaked', 'Java_com_example_Codec_leak')
return { File recording, String costType, String symbol ->
    def stacks = File.createTempFile('cost-through', '.folded')
    try {
        def process = ['heaptrack_print', '--flamegraph-cost-type', costType, '-F', stacks.path, recording.path]
                .execute()
        def err = new StringBuilder()
        process.waitForProcessOutput(new StringBuilder(), err)
        assert process.exitValue() == 0 : err
        stacks.readLines().findAll { it.contains(symbol) }
                .collect { it.substring(it.lastIndexOf(' ') + 1) as long }.sum(0L)
    } finally {
        stacks.delete()
    }
}
