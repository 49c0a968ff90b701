// Shared by the ITs' prebuild.groovy: makes <basedir>/<dirName>/, a link to every executable on the build's PATH
// (first one wins) except those `excluded` picks, for a PATH on which those tools are missing.
// Use: evaluate(new File(basedir, '../../../src/it/common/path-without.groovy'))(basedir, 'path-without-x', { it.startsWith('x') })
// Returns the executables left out, so the caller can check the test proves something.
import java.nio.file.Files
import java.nio.file.LinkOption

return { File basedir, String dirName, Closure<Boolean> excluded ->
    def bin = new File(basedir, dirName).toPath()
    Files.createDirectories(bin)
    def leftOut = []
    System.getenv('PATH').split(File.pathSeparator).collect { new File(it) }
            .findAll { it.isAbsolute() && it.isDirectory() }.each { dir ->
        dir.listFiles().sort { it.name }.each { f ->
            if (!f.isFile() || !f.canExecute()) {
                return
            }
            if (excluded(f.name)) {
                leftOut << f.name
                return
            }
            def link = bin.resolve(f.name)
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, f.toPath())
            }
        }
    }
    assert Files.exists(bin.resolve('cc')) || excluded('cc') : 'rustc links with cc'
    leftOut
}
