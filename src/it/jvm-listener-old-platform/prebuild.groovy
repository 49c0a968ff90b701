// When the build started: heaptrack FIFOs or perf maps in /tmp newer than this were left by this build.
new File(basedir, 'build-started').text = String.valueOf(System.currentTimeMillis())
return true
