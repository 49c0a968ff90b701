#!/bin/sh
# rust-instruments JVM launcher, written by rust-instruments:prepare-jvm. Surefire and Failsafe start it as their
# `jvm`; it runs the real java under heaptrack, one recording per JVM, in the run directory.
#
# The text of this script never changes: the paths it uses are read as data from ../launcher.conf (one per line,
# `read -r`), never pasted into code, and the JVM's arguments are passed on as "$@".
#
# Java runs as a background child, not exec'd: only a parent that outlives the JVM can record its exit status,
# move its perf map out of /tmp, name the recording after the JVM's pid and remove the FIFO. What that costs is
# handled here: the JVM gets Surefire's stdin (saved as fd 3; a background job would get /dev/null) and stdout
# (fd 4), SIGTERM and SIGINT are passed on to it (as SIGTERM: a background job of a non-interactive shell ignores
# SIGINT), and the launcher exits with the JVM's status.
#
# Surefire reads the forked JVM's stdout as its channel: nothing but the JVM may write there, so the launcher's own
# stdout goes to stderr, and the profiler's messages go to jvm-<pid>.log.
#
# The plugin's JUnit Platform listener, on the test classpath, writes which test each of its marker allocations
# stands for into the file RUST_INSTRUMENTS_TEST_MARKERS names; it becomes jvm-<pid>.tests.
exec 3<&0 4>&1 1>&2

conf=$(dirname -- "$0")/../launcher.conf
{
    IFS= read -r format && IFS= read -r java_home && IFS= read -r java && IFS= read -r preload &&
        IFS= read -r interpreter && IFS= read -r compressor && IFS= read -r suffix && IFS= read -r run_dir
} <"$conf" || {
    echo "rust-instruments: cannot read the launcher's settings $conf; run rust-instruments:prepare-jvm again" >&2
    exit 70
}
if [ "$format" != "rust-instruments-jvm-launcher 1" ]; then
    echo "rust-instruments: $conf was written by another version of the plugin; run rust-instruments:prepare-jvm" \
        "again" >&2
    exit 70
fi

mkdir -p -- "$run_dir" || exit 70
# the launcher's own pid keeps concurrent forks apart until the JVM's pid is known
fifo=$run_dir/.launch-$$.fifo
part=$run_dir/.launch-$$$suffix
log=$run_dir/.launch-$$.log
started=$run_dir/.launch-$$.started
tests=$run_dir/.launch-$$.tests
rm -f -- "$fifo" "$part" "$tests"
if ! mkfifo -- "$fifo"; then
    echo "rust-instruments: cannot create the FIFO $fifo that heaptrack records through; the run directory must be" \
        "on a file system with FIFOs" >&2
    exit 70
fi
# Held open read-write (Linux never blocks on that) so neither end waits for the other: a JVM that dies before
# loading heaptrack still lets the interpreter see the end of its input once this is closed.
exec 5<>"$fifo"
# The interpreter's end, opened here (which cannot block: fd 5 is a writer) rather than by the interpreter's process:
# one scheduled late could otherwise open it after the JVM and fd 5 had gone, and wait for a writer for ever.
exec 6<"$fifo"

# heaptrack_interpret ends before the JVM only when it failed (heaptrack 1.4's aborts on a record longer than its
# buffer, e.g. a command line of several KiB): the JVM would then block for ever writing to the FIFO this launcher
# holds open. So the interpreter's end is signalled (USR1); while the JVM runs, that stops the JVM with SIGKILL (the
# blocked writer holds heaptrack's lock, which a TERM handler could wait for) and the fork is marked as failed.
interpreter_failed=false
trap 'interpreter_failed=true; [ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null' USR1
(
    # exec: a redirection on a compound command would keep a saved copy of the FIFO open in this subshell
    exec 5>&- 3<&- 4>&-
    "$interpreter" <&6 2>>"$log" 6<&-
    kill -USR1 $$ 2>/dev/null
) | "$compressor" -c >"$part" 2>>"$log" 5>&- 6<&- 3<&- 4>&- &
exec 6<&-
: >"$started"

export JAVA_HOME="$java_home" # Surefire set it to the launcher's directory
LD_PRELOAD="$preload${LD_PRELOAD:+:$LD_PRELOAD}" DUMP_HEAPTRACK_OUTPUT="$fifo" \
    RUST_INSTRUMENTS_TEST_MARKERS="$tests" "$java" "$@" <&3 >&4 3<&- 4>&- 5>&- &
pid=$!
exec 3<&- 4>&-
if [ "$interpreter_failed" = true ]; then
    kill -KILL "$pid" 2>/dev/null
fi
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP

# wait returns early (above 128) when a signal arrives; the JVM has ended only when it can no longer be signalled
while :; do
    wait "$pid"
    status=$?
    kill -0 "$pid" 2>/dev/null || break
done
trap '' USR1 # from here on the interpreter ends because its input did
if [ "$interpreter_failed" = true ]; then
    status=137 # killed above; the shell may have reaped it while the trap ran, so wait could not say so
fi
exec 5>&-
until wait; do :; done # the interpreter and the compressor: the recording is complete when both have ended

recording=jvm-$pid$suffix
mv -f -- "$part" "$run_dir/$recording"
map=/tmp/perf-$pid.map
perf_map=null
if [ -f "$map" ] && [ "$map" -nt "$started" ]; then
    # an older file of that name belonged to another process that once had this pid: not ours to move
    mv -f -- "$map" "$run_dir/jvm-$pid.map" && perf_map="\"jvm-$pid.map\""
fi
rm -f -- "$fifo" "$started"
test_markers=null
if [ -s "$tests" ]; then
    mv -f -- "$tests" "$run_dir/jvm-$pid.tests" && test_markers="\"jvm-$pid.tests\""
fi
rm -f -- "$tests"
if [ -s "$log" ]; then
    mv -f -- "$log" "$run_dir/jvm-$pid.log"
else
    rm -f -- "$log"
fi
signal=null
if [ "$status" -gt 128 ]; then
    signal=$((status - 128))
fi
if [ "$interpreter_failed" = true ]; then
    echo "rust-instruments: heaptrack_interpret ended while test JVM $pid was running, so the JVM was stopped; its" \
        "recording is incomplete (heaptrack's messages: $run_dir/jvm-$pid.log). heaptrack 1.4's interpreter fails" \
        "on a record longer than its buffer, such as a command line of several KiB: keep Surefire's manifest-only" \
        "jar (useManifestOnlyJar, the default) and the argLine short" >&2
fi
# written last, under its final name only when complete: its presence says the fork's recording is complete (or,
# with profilerFailed, that it never will be)
printf '{"pid":%s,"exitCode":%s,"signal":%s,"recording":"%s","perfMap":%s,"launcherPid":%s,"tests":%s,%s}\n' \
    "$pid" "$status" "$signal" "$recording" "$perf_map" "$$" "$test_markers" \
    "\"profilerFailed\":$interpreter_failed" >"$run_dir/.launch-$$.json" &&
    mv -f -- "$run_dir/.launch-$$.json" "$run_dir/jvm-$pid.json"
exit "$status"
