def log = new File(basedir, 'build.log').text

['scaffold', 'build', 'allocations', 'report', 'help'].each { goal ->
    assert log =~ /(?m)^(\[INFO\] )?rust-instruments:${goal}\s*$/ : "goal ${goal} not listed"
}
// parameters are documented with their user properties
['rust-instruments.skip', 'rust-instruments.timeLimit', 'rust-instruments.args', 'rust-instruments.crateDirectory',
 'rust-instruments.allocations.skip'].each { property ->
    assert log.contains(property) : "${property} not documented"
}
assert log.contains('environmentVariables')

// the javadoc's examples come out intact (angle brackets and braces were dropped once); the help wraps lines
def text = log.replaceAll(/\s+/, ' ')
['Writes <run>/leaks.json', 'CARGO_PROFILE_<NAME>_DEBUG=true', 'else ${basedir}/src/main/rust.',
 '<run><name>parse-small</name><args><arg>small.json</arg></args></run>',
 '<environmentVariables> <RUST_LOG>debug</RUST_LOG> </environmentVariables>'].each { example ->
    assert text.contains(example) : "example not intact in the help: ${example}"
}
// the plugin's own test switch is no parameter
assert !log.contains('platformOverride')
assert !log.contains('rust-instruments.platform')

return true
