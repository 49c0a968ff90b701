// Starts another Maven build of an IT project, in the background, with the same settings and local repository as
// the invoker's own builds; returns the java.lang.Process (the mvn script execs its JVM, so its pid is Maven's).
// Usage: def mvn = evaluate(new File(basedir, '../../../src/it/common/maven.groovy'))
//        def process = mvn(basedir, localRepositoryPath, new File(basedir, 'second.log'), ['rust-instruments:allocations'])
return { File project, localRepository, File log, List<String> goals ->
    def home = System.getProperty('maven.home')
    assert home : 'maven.home is not set'
    def settings = new File(project, '../interpolated-settings.xml').canonicalFile
    assert settings.isFile() : "no ${settings}"
    // a build started in the background of a shell inherits SIGINT ignored, and a JVM keeps ignoring it: perl (part
    // of every Debian and macOS base system) restores the default before Maven starts, so tests can interrupt it
    def command = ['perl', '-e', '$SIG{INT} = "DEFAULT"; exec @ARGV or die "cannot run $ARGV[0]: $!"',
                   new File(home, 'bin/mvn').path, '-B', '-s', settings.path,
                   "-Dmaven.repo.local=${localRepository}".toString()] + goals
    return new ProcessBuilder(command).directory(project).redirectErrorStream(true)
            .redirectOutput(log).start()
}
