// tools/cargo-wrapper and tools/heaptrack-wrapper: append their arguments to tool-calls.log, then run the
// real tool found on the PATH.
def onPath = { String name ->
    def found = System.getenv('PATH').split(File.pathSeparator).collect { new File(it, name) }.find { it.isFile() && it.canExecute() }
    assert found : "${name} is not on the PATH of this build"
    found.absolutePath
}
def tools = new File(basedir, 'tools')
tools.mkdirs()
def calls = new File(basedir, 'tool-calls.log').absolutePath
['cargo', 'heaptrack'].each { name ->
    def wrapper = new File(tools, "${name}-wrapper")
    wrapper.text = """#!/bin/sh
echo "${name} \$*" >> '${calls}'
exec '${onPath(name)}' "\$@"
"""
    assert wrapper.setExecutable(true)
}
return true
