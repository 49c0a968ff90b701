// The README's complete pom: the plugin element must be the one printed there (but for the version)
def normalise = { text -> text.replaceAll(/<version>[^<]*<\/version>/, '<version/>').replaceAll(/\s+/, ' ').trim() }
def plugin = { text ->
    def run = text.indexOf('<name>parse-small</name><args><arg>src/test/data/small.json')
    assert run >= 0 : 'no complete pom found'
    def start = text.lastIndexOf('<plugin>', run)
    text.substring(start, text.indexOf('</plugin>', run) + '</plugin>'.length())
}
// basedir is target/it/gate-readme-pom of the plugin's build
def readme = new File(basedir, '../../../README.md')
assert readme.isFile() : "README.md not found from ${basedir}"
assert normalise(plugin(new File(basedir, 'pom.xml').text)) == normalise(plugin(readme.text)) :
        "the README's complete pom and this IT's pom differ"

def log = new File(basedir, 'build.log').text
// both runs recorded by both goals, gated
['parse-small', 'parse-big'].each { run ->
    assert new File(basedir, "target/rust-instruments/${run}/allocations.json").isFile()
    assert new File(basedir, "target/rust-instruments/${run}/leaks.json").isFile()
}
assert log.contains('[INFO] Memory gate over 2 run(s): parse-big, parse-small')
// the first build has no baseline: the increase limits wait for one, saying how to record it
assert log.contains('[WARNING] No baseline at ')
['parse-small', 'parse-big'].each { run ->
    assert log.contains("[WARNING] run '${run}': peak heap has no baseline yet, so its maximum increase 5% is not"
            + " checked; run mvn rust-instruments:baseline and commit the baseline file")
}
assert log =~ /checks: \d+ passed(, \d+ warnings?)?, 2 skipped \(no baseline yet\)/
assert log.contains('All memory limits are met.')
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')
