import java.nio.file.Files
import java.nio.file.LinkOption

// path-without-profilers/: a link to every executable on the build's PATH (first one wins), except heaptrack* and valgrind*.
def excluded = { String name -> name.startsWith('heaptrack') || name.startsWith('valgrind') }

def bin = new File(basedir, 'path-without-profilers').toPath()
Files.createDirectories(bin)
def found = []
System.getenv('PATH').split(File.pathSeparator).collect { new File(it) }.findAll { it.isAbsolute() && it.isDirectory() }.each { dir ->
    dir.listFiles().sort { it.name }.each { f ->
        if (!f.isFile() || !f.canExecute()) {
            return
        }
        if (excluded(f.name)) {
            found << f
            return
        }
        def link = bin.resolve(f.name)
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, f.toPath())
        }
    }
}
assert found.any { it.name == 'heaptrack' } : 'heaptrack is not on the PATH of this build: the test would prove nothing'
assert Files.exists(bin.resolve('cargo'))
assert Files.exists(bin.resolve('cc')) : 'rustc links with cc'
return true
