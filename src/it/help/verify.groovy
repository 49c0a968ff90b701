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

return true
