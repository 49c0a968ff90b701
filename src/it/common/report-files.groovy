// Shared by the ITs' verify.groovy: checks the HTML report and the collapsed stacks beside a summary.
// Use: evaluate(new File(basedir, '../../../src/it/common/report-files.groovy'))(runDirectory, summary)
return { File run, summary ->
    def html = new File(run, 'allocations.html')
    assert html.isFile() && html.length() > 0 : "no ${html}"
    def page = html.getText('UTF-8')
    ['headline', 'heap-chart', 'sites-table', 'call-tree', 'flame-graph'].each { id ->
        assert page.contains("id=\"${id}\"") : "the report has no #${id}"
    }
    assert !(page =~ /(?i)<(script|link|img)[^>]+(src|href)\s*=\s*["']?https?:/) : 'the report must not load anything from the network'

    def folded = new File(run, 'allocations.folded')
    assert folded.isFile() : "no ${folded}"
    def lines = folded.readLines('UTF-8').findAll { it }
    assert !lines.isEmpty()
    lines.each { assert it ==~ /.+ \d+/ : "not a collapsed stack: ${it}" }
    // weighted by allocated bytes: every byte of the totals is on some stack
    assert lines.collect { it.substring(it.lastIndexOf(' ') + 1) as long }.sum() == summary.totals.allocatedBytes
}
