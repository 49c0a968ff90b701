#!/bin/sh
# rust-instruments JVM launcher for macOS, written by rust-instruments:prepare-jvm. Surefire and Failsafe start it as
# their `jvm`; it runs the real java under Instruments' Allocations template through `xcrun xctrace record --launch`,
# one trace per JVM, in the run directory. Tested with a stand-in xcrun only, never on a Mac.
#
# The text of this script never changes: the paths it uses are read as data from ../launcher.conf (one per line,
# `read -r`), never pasted into code, and the JVM's arguments are passed on as "$@".
#
# Streams, as xctrace(1) documents `record`: the launched process's stdin is xctrace's own with `--target-stdin -`
# (Surefire's commands reach the JVM); its stdout goes to the file named by `--target-stdout`, here a FIFO that this
# script copies to its own stdout (Surefire's event channel) -- xctrace's own messages ("Recording completed...")
# must never reach that channel, so xctrace's stdout and stderr go to the fork's log, jvm-<n>.log. xctrace has no
# option for the launched process's stderr: wherever xctrace sends it, it ends up in that log too.
#
# The launcher never writes to its stdout itself.
#
# The plugin's JUnit Platform listener, on the test classpath, writes which test each of its marker allocations
# stands for into the file RUST_INSTRUMENTS_TEST_MARKERS names; it becomes jvm-<pid>.tests, named by the JVM's pid
# once the trace's table of contents has told it (by n when it could not).
exec 3<&0 4>&1 1>&2

conf=$(dirname -- "$0")/../launcher.conf
{
    IFS= read -r format && IFS= read -r java_home && IFS= read -r real_java && IFS= read -r java &&
        IFS= read -r xcrun && IFS= read -r template && IFS= read -r time_limit && IFS= read -r run_dir
} <"$conf" || {
    echo "rust-instruments: cannot read the launcher's settings $conf; run rust-instruments:prepare-jvm again" >&2
    exit 70
}
if [ "$format" != "rust-instruments-jvm-launcher-xctrace 1" ]; then
    echo "rust-instruments: $conf was written by another version of the plugin; run rust-instruments:prepare-jvm" \
        "again" >&2
    exit 70
fi

mkdir -p -- "$run_dir" || exit 70
n=$$ # names this fork's files: the JVM's pid is known only from the trace, after it ended
trace=$run_dir/jvm-$n.trace
toc=$run_dir/jvm-$n-toc.xml
out=$run_dir/.launch-$n.out
log=$run_dir/.launch-$n.log
tests=$run_dir/.launch-$n.tests
rm -rf -- "$trace" "$out" "$toc" "$tests"
if ! mkfifo -- "$out"; then
    echo "rust-instruments: cannot create the FIFO $out that carries the JVM's stdout to Surefire; the run directory" \
        "must be on a file system with FIFOs" >&2
    exit 70
fi
cat <"$out" >&4 3<&- 4>&- &
copier=$!

# xctrace --launch does not pass its own environment on reliably: every variable goes through --env (values may hold
# anything; names are checked before eval ever sees them). Surefire set JAVA_HOME to the launcher's directory.
JAVA_HOME=$java_home
RUST_INSTRUMENTS_TEST_MARKERS=$tests
export JAVA_HOME RUST_INSTRUMENTS_TEST_MARKERS
set -- --launch -- "$java" "$@"
for name in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' | sort -u); do
    eval "isset=\${$name+x} value=\${$name-}"
    [ "$isset" = x ] && set -- --env "$name=$value" "$@"
done
set -- xctrace record --template "$template" --output "$trace" --time-limit "$time_limit" --no-prompt \
    --target-stdin - --target-stdout "$out" "$@"

"$xcrun" "$@" <&3 >>"$log" 2>&1 3<&- 4>&- &
recorder=$!
exec 3<&- 4>&-
# SIGINT is how xctrace is told to stop recording and save the trace (as Ctrl-C)
trap 'kill -INT "$recorder" 2>/dev/null' TERM INT HUP
while :; do
    wait "$recorder"
    status=$?
    kill -0 "$recorder" 2>/dev/null || break
done

# the copier ends when the JVM's stdout closes; if xctrace never opened the FIFO, one open for writing releases it.
# That opener blocks when the copier is gone already: it is killed then, with SIGKILL, since a TERM sent before it
# dropped this script's trap would be lost.
(: >"$out") 2>/dev/null &
opener=$!
wait "$copier"
kill -KILL "$opener" 2>/dev/null
wait "$opener" 2>/dev/null
rm -f -- "$out"

# judged as for every xctrace recording: the trace exists, no failure line, exit 0 -- or 54 after a completed one
recorded=false
if [ -e "$trace" ] && ! grep -q -e 'Recording failed with errors' -e '\[Error\]' -e 'Run issues were detected' \
    -- "$log" 2>/dev/null; then
    if [ "$status" -eq 0 ]; then
        recorded=true
    elif [ "$status" -eq 54 ] && grep -q -e 'Recording completed' -e 'Output file saved as:' -- "$log"; then
        recorded=true
    fi
fi

pid=$n
exit_code=70
signal=null
if [ "$recorded" = true ]; then
    # the JVM's ending is in the trace's table of contents: <process type="launched" return-exit-status="N" pid="P"
    # termination-reason="exit(N)|signal(S)"/>
    "$xcrun" xctrace export --input "$trace" --toc --output "$toc" >>"$log" 2>&1
    launched=$(grep -o '<process [^>]*type="launched"[^>]*>' "$toc" 2>/dev/null | head -n 1)
    found=$(printf '%s\n' "$launched" | sed -n 's/.* pid="\([0-9][0-9]*\)".*/\1/p')
    [ -n "$found" ] && pid=$found
    code=$(printf '%s\n' "$launched" | sed -n 's/.*return-exit-status="\([0-9][0-9]*\)".*/\1/p')
    sig=$(printf '%s\n' "$launched" | sed -n 's/.*termination-reason="signal(\([0-9][0-9]*\))".*/\1/p')
    if [ -z "$code" ]; then
        code=$(printf '%s\n' "$launched" | sed -n 's/.*termination-reason="exit(\([0-9][0-9]*\))".*/\1/p')
    fi
    if [ -n "$sig" ]; then
        signal=$sig
        exit_code=$((128 + sig))
    elif [ -n "$code" ]; then
        exit_code=$code
    else
        echo "rust-instruments: the table of contents of $trace does not say how the JVM ended (see" \
            "$run_dir/jvm-$n.log); the fork counts as failed" >&2
    fi
else
    echo "rust-instruments: xcrun xctrace record did not record the test JVM (exit status $status; the trace" \
        "$trace $([ -e "$trace" ] && echo 'is not trusted' || echo 'was not written')); its last lines:" >&2
    tail -n 20 -- "$log" >&2
fi
test_markers=null
if [ -s "$tests" ]; then
    mv -f -- "$tests" "$run_dir/jvm-$pid.tests" && test_markers="\"jvm-$pid.tests\""
fi
rm -f -- "$tests"
if [ -s "$log" ]; then
    mv -f -- "$log" "$run_dir/jvm-$n.log"
else
    rm -f -- "$log"
fi
# written last, under its final name only when complete: its presence says the fork's recording is complete
printf '{"pid":%s,"exitCode":%s,"signal":%s,"recording":"%s","perfMap":null,"launcherPid":%s,"tests":%s,"recorder":"xctrace","recorderExit":%s,"recorded":%s,"java":"%s"}\n' \
    "$pid" "$exit_code" "$signal" "jvm-$n.trace" "$n" "$test_markers" "$status" "$recorded" \
    "$(printf '%s' "$real_java" | sed 's/\\/\\\\/g; s/"/\\"/g')" >"$run_dir/.launch-$n.json" &&
    mv -f -- "$run_dir/.launch-$n.json" "$run_dir/jvm-$n.json"
exit "$exit_code"
