// Remember the committed harness, byte for byte, so that verify.groovy can prove scaffold left it alone.
['memcheck/Cargo.toml', 'memcheck/src/main.rs'].each { path ->
    def original = new File(basedir, path)
    assert original.isFile()
    def copy = new File(basedir, "harness-before/${path}")
    copy.parentFile.mkdirs()
    copy.bytes = original.bytes
}
return true
