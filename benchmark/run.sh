#!/usr/bin/env bash
# Benchmark: the plugin's analysis of a large heaptrack recording against heaptrack_print on the same file.
# See README.md in this directory. Not part of the Maven build.
#
# Two recordings: alloc-loop.rs (many distinct stacks) and hot-loop.rs (one hot site), about 60 million events each.
# Goal 1 (hot-loop): the whole report goal, Maven start-up included, at most a third of heaptrack_print's time.
# Goal 2 (alloc-loop): the goal's own work (its logged phase timings) at most a third of heaptrack_print's time.
# Both: peak RSS under 512 MiB; the totals equal heaptrack_print's.
# JVM mode (issue #11): a large recording of a JVM calling a JNI library (jvm/, about 37 million events): the reader
# alone with the library's scope (ReadJvmRecording.java) at most a third of heaptrack_print's time; and on a small,
# test-run-sized JVM recording (the JVM fixture's jni.zst) the reader alone well under Maven's start-up.
#
# Environment (all optional):
#   ONLY            jvm: only the JVM part; native: only hot-loop and alloc-loop (default: both)
#   JVM_ITERATIONS  loop iterations of each of jvm/JvmBench.java's two threads (default 1000000: about 37 million
#                   '+'/'-' records)
#   JVM_RECORDING   an existing recording of a JVM to read instead of JvmBench's (with JVM_LIBRARY)
#   JVM_LIBRARY     the library's file name for the scope (default libjvmbench_jni.so)
#   SMALL_JVM_RECORDING, SMALL_JVM_LIBRARY  the small JVM recording and its library (default: the JVM fixture's
#                   recordings/jni.zst, libleaky_jni.so)
#   ITERATIONS      loop iterations of alloc-loop.rs (default 4280000: about 60 million '+'/'-' records)
#   HOT_ITERATIONS  loop iterations of hot-loop.rs (default 30000000: about 60 million '+'/'-' records)
#   RUNS            timed runs of each command; the table shows the median (default 3)
#   WORK        scratch directory for the program, the recording and the results
#               (default ${TMPDIR:-/tmp}/rust-instruments-benchmark; nothing large goes into the repository)
#   SKIP_BUILD  1: do not build and install the plugin first (use the one in the local repository)
#   RECORDING   an existing heaptrack recording to analyse instead of alloc-loop's
#   HOT_RECORDING   an existing heaptrack recording to analyse instead of hot-loop's
#   MVN_FLAGS   flags for the timed mvn runs (default "-B -q -o")
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
iterations=${ITERATIONS:-4280000}
hot_iterations=${HOT_ITERATIONS:-30000000}
runs=${RUNS:-3}
work=${WORK:-${TMPDIR:-/tmp}/rust-instruments-benchmark}
mvn_flags=${MVN_FLAGS:--B -q -o}
m2=${M2_REPO:-$HOME/.m2/repository}
only=${ONLY:-}
case "$only" in
  '' | jvm | native) ;;
  *) printf 'benchmark: ONLY=%s: expected jvm or native\n' "$only" >&2; exit 2 ;;
esac
run_native() { [ "$only" != jvm ]; }
run_jvm() { [ "$only" != native ]; }
jvm_iterations=${JVM_ITERATIONS:-1000000}
jvm_library=${JVM_LIBRARY:-libjvmbench_jni.so}
small_jvm_recording=${SMALL_JVM_RECORDING:-$root/src/test/resources/jvm-fixture/recordings/jni.zst}
small_jvm_library=${SMALL_JVM_LIBRARY:-libleaky_jni.so}

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'benchmark: %s\n' "$*" >&2; exit 1; }

for tool in heaptrack heaptrack_print zstd mvn java javac; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"
done
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (GNU time; on Debian/Ubuntu: apt-get install time)"
if { run_native && { [ -z "${RECORDING:-}" ] || [ -z "${HOT_RECORDING:-}" ]; }; } \
    || { run_jvm && [ -z "${JVM_RECORDING:-}" ]; }; then
  command -v rustc >/dev/null 2>&1 || fail "rustc is not on PATH"
fi

mkdir -p "$work"

# ---- the plugin
version=$(sed -n '/<artifactId>rust-instruments-maven-plugin<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' \
  "$root/pom.xml")
[ -n "$version" ] || fail "cannot read the plugin's version from $root/pom.xml"
aircompressor_version=$(sed -n 's/.*<aircompressor.version>\(.*\)<\/aircompressor.version>.*/\1/p' "$root/pom.xml")
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building and installing the plugin $version (unit tests and ITs skipped)"
  (cd "$root" && mvn -B -q -o -DskipTests -Dinvoker.skip install) || fail "the plugin did not build"
fi
plugin_jar=$m2/io/github/rustinstruments/rust-instruments-maven-plugin/$version/rust-instruments-maven-plugin-$version.jar
aircompressor_jar=$m2/io/airlift/aircompressor/$aircompressor_version/aircompressor-$aircompressor_version.jar
[ -f "$plugin_jar" ] || fail "$plugin_jar is missing: run without SKIP_BUILD=1"
[ -f "$aircompressor_jar" ] || fail "$aircompressor_jar is missing"
# the readers run on a copy: another build may install a new snapshot into ~/.m2 while this one runs
mkdir -p "$work/harness"
cp "$plugin_jar" "$work/harness/plugin.jar"
plugin_jar=$work/harness/plugin.jar

# a project that only declares the plugin, so that the rust-instruments: prefix resolves; no crate, no cargo
project=$work/project
mkdir -p "$project"
cat >"$project/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>benchmark</groupId>
  <artifactId>report-benchmark</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>io.github.rustinstruments</groupId>
        <artifactId>rust-instruments-maven-plugin</artifactId>
        <version>$version</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF

# the reader alone, in a plain JVM: shows what Maven and the report add; ReadJvmRecording with a library scope
javac -d "$work/harness" -cp "$plugin_jar" "$here/ReadRecording.java" "$here/ReadJvmRecording.java"

# ---- the recordings
# recording PROGRAM ITERATIONS EXISTING: prints the path of the recording, made (and kept) unless EXISTING is set
recording() {
  local program=$1 n=$2 existing=$3 file
  if [ -n "$existing" ]; then
    file=$(cd "$(dirname "$existing")" && pwd)/$(basename "$existing")
    [ -f "$file" ] || fail "$existing does not exist"
  else
    file=$work/$program-$n.zst
    if [ ! -f "$file" ]; then
      say "building $program.rs"
      rustc -g -O "$here/$program.rs" -o "$work/$program"
      say "recording $program $n under heaptrack (20-30 s)"
      (cd "$work" && heaptrack -o "$work/$program-$n" "./$program" "$n" >"$work/record-$program.log" 2>&1) \
        || { tail -20 "$work/record-$program.log" >&2; fail "heaptrack failed"; }
      [ -f "$file" ] || fail "heaptrack wrote no $file (is zstd installed? heaptrack then writes .gz)"
    fi
  fi
  echo "$file"
}

# ---- timing
# measure OUTPUT_FILE COMMAND...: runs the command under /usr/bin/time -v, prints "seconds kilobytes"
measure() {
  local out=$1
  shift
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$out" 2>&1; then
    tail -30 "$out" >&2
    fail "failed: $*"
  fi
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  echo "$wall" | awk -F: -v rss="$rss" '{ s = (NF == 3) ? $1 * 3600 + $2 * 60 + $3 : $1 * 60 + $2; print s, rss }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
best() { sort -n | head -1; }
mib() { printf '%s\n' "$@" | median | awk '{ printf "%.0f", $1 / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# the report goal's own phase timings (logged at debug level; only the plugin's logger is raised to debug)
phase() { grep -F "[DEBUG] $1 " "$work/report.out" | head -1 | sed 's/.* \([0-9][0-9]*\) ms.*/\1/'; }

agree=yes
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# bench NAME RECORDING: times the three commands RUNS times each, interleaved, checks the totals, writes a section
bench() {
  local name=$1 recording=$2 decompress events compressed_mb i s kb
  case "$recording" in
    *.zst) decompress=(zstd -dc) ;;
    *.gz) decompress=(gzip -dc) ;;
    *) decompress=(cat) ;;
  esac
  say "counting the events of $recording"
  events=$("${decompress[@]}" "$recording" | grep -c '^[+-]') || true
  compressed_mb=$(du -m "$recording" | cut -f1)

  local -a hp_s=() hp_kb=() mvn_s=() mvn_kb=() own_s=() read_s=() java_s=() java_kb=()
  for ((i = 1; i <= runs; i++)); do
    say "$name, run $i of $runs: heaptrack_print"
    read -r s kb < <(measure "$work/heaptrack_print.out" heaptrack_print "$recording")
    hp_s+=("$s"); hp_kb+=("$kb")
    say "$name, run $i of $runs: mvn rust-instruments:report"
    # shellcheck disable=SC2086 # the flags are meant to split
    read -r s kb < <(cd "$project" && measure "$work/report.out" mvn $mvn_flags \
      -Dorg.slf4j.simpleLogger.log.io.github.rustinstruments=debug rust-instruments:report \
      "-Drust-instruments.input=$recording")
    mvn_s+=("$s"); mvn_kb+=("$kb")
    local wrote read_ms
    wrote=$(phase "wrote the run's files")
    read_ms=$(phase "read $recording in")
    [ -n "$wrote" ] && [ -n "$read_ms" ] || fail "the report goal logged no phase timings (see $work/report.out)"
    own_s+=("$(awk -v ms="$wrote" 'BEGIN { printf "%.2f", ms / 1000 }')")
    read_s+=("$(awk -v ms="$read_ms" 'BEGIN { printf "%.2f", ms / 1000 }')")
    say "$name, run $i of $runs: the reader alone"
    read -r s kb < <(measure "$work/reader.out" java -cp "$work/harness:$plugin_jar:$aircompressor_jar" \
      ReadRecording "$recording")
    java_s+=("$s"); java_kb+=("$kb")
  done

  local hp_med mvn_med own_med read_med java_med hp_mib mvn_mib java_mib
  hp_med=$(printf '%s\n' "${hp_s[@]}" | median)
  mvn_med=$(printf '%s\n' "${mvn_s[@]}" | median)
  own_med=$(printf '%s\n' "${own_s[@]}" | median)
  read_med=$(printf '%s\n' "${read_s[@]}" | median)
  java_med=$(printf '%s\n' "${java_s[@]}" | median)
  hp_mib=$(mib "${hp_kb[@]}")
  mvn_mib=$(mib "${mvn_kb[@]}")
  java_mib=$(mib "${java_kb[@]}")

  # ---- do the totals agree?
  say "$name: checking the totals against heaptrack_print's"
  count() { sed -n "s/^$1: \([0-9]*\).*/\1/p" "$work/heaptrack_print.out"; }
  # the summary rounds bytes (66.44M): exact figures come from its flame-graph output, summed
  exact() {
    heaptrack_print --flamegraph-cost-type "$1" -F "$work/$1.folded" "$recording" >/dev/null
    awk '{ s += $NF } END { printf "%d", s }' "$work/$1.folded"
  }
  local -A reference plugin reader
  reference[allocations]=$(count 'calls to allocation functions')
  reference[temporaryAllocations]=$(count 'temporary memory allocations')
  reference[peakHeapBytes]=$(exact peak)
  reference[leakedBytes]=$(exact leaked)
  local summary=$project/target/rust-instruments/default/allocations.json totals metric this=yes
  [ -f "$summary" ] || fail "the report goal wrote no $summary"
  totals=$(sed -n '/"totals"/,/}/p' "$summary")
  for metric in allocations temporaryAllocations peakHeapBytes leakedBytes; do
    plugin[$metric]=$(echo "$totals" | sed -n "s/.*\"$metric\" *: *\(-\{0,1\}[0-9]*\).*/\1/p")
    reader[$metric]=$(sed -n "s/^$metric=//p" "$work/reader.out")
    if [ "${plugin[$metric]}" != "${reference[$metric]}" ] || [ "${reader[$metric]}" != "${reference[$metric]}" ]; then
      this=no
      agree=no
    fi
  done

  {
    echo "### $name"
    echo
    echo "Recording: $(basename "$recording"), ${compressed_mb} MB compressed, $events '+'/'-' records" \
      "(${reference[allocations]} allocations)"
    echo "$runs runs of each, interleaved; wall times of each run (s):"
    echo "heaptrack_print ${hp_s[*]}; report goal ${mvn_s[*]} (its own work ${own_s[*]}, reading ${read_s[*]});" \
      "reader alone ${java_s[*]}"
    echo
    echo "| command | wall time, median | peak RSS, median |"
    echo "|---|---:|---:|"
    echo "| \`heaptrack_print FILE\` | ${hp_med} s | ${hp_mib} MiB |"
    echo "| \`mvn ${mvn_flags} rust-instruments:report -Drust-instruments.input=FILE\` | ${mvn_med} s | ${mvn_mib} MiB |"
    echo "| the goal's own work (logged: read, analyse, write the files) | ${own_med} s | |"
    echo "| of which reading the recording (logged) | ${read_med} s | |"
    echo "| reader alone (\`java ReadRecording FILE\`) | ${java_med} s | ${java_mib} MiB |"
    echo
    echo "heaptrack_print / whole report goal: $(ratio "$hp_med" "$mvn_med")x;" \
      "heaptrack_print / the goal's own work: $(ratio "$hp_med" "$own_med")x (medians; a goal is met at 3x or more)"
    echo
    echo "| total | heaptrack_print | report goal | reader alone |"
    echo "|---|---:|---:|---:|"
    for metric in allocations temporaryAllocations peakHeapBytes leakedBytes; do
      echo "| $metric | ${reference[$metric]} | ${plugin[$metric]} | ${reader[$metric]} |"
    done
    echo
    echo "Totals agree: $this"
    echo
  } >"$work/section-$name.md"
  # the goals' figures, for the summary
  echo "$hp_med $mvn_med $own_med $mvn_mib" >"$work/figures-$name.txt"
}

# ---- JVM mode: a recording of a JVM that calls a JNI library
# jvm_recording ITERATIONS: prints the path of JvmBench's recording, made (and kept) unless JVM_RECORDING is set
jvm_recording() {
  local n=$1 file pid
  if [ -n "${JVM_RECORDING:-}" ]; then
    file=$(cd "$(dirname "$JVM_RECORDING")" && pwd)/$(basename "$JVM_RECORDING")
    [ -f "$file" ] || fail "$JVM_RECORDING does not exist"
    echo "$file"
    return
  fi
  file=$work/jvmbench-$n.zst
  if [ ! -f "$file" ]; then
    say "building jvm/jvmbench_jni.rs (libjvmbench_jni.so) and jvm/java/jvmbench/*.java"
    mkdir -p "$work/jvm/lib" "$work/jvm/classes"
    rustc --edition 2021 --crate-type cdylib --crate-name jvmbench_jni -O -C debuginfo=line-tables-only \
      "$here/jvm/jvmbench_jni.rs" -o "$work/jvm/lib/libjvmbench_jni.so"
    javac -d "$work/jvm/classes" "$here"/jvm/java/jvmbench/*.java
    say "recording JvmBench $n under heaptrack (about 30 s)"
    # under another name first: an interrupted recording is not taken for a finished one by the next run
    rm -f "$work/jvmbench-$n-partial.zst"
    (cd "$work" && heaptrack -o "$work/jvmbench-$n-partial" java -Djava.library.path="$work/jvm/lib" \
      -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -cp "$work/jvm/classes" jvmbench.JvmBench "$n" \
      >"$work/record-jvmbench.log" 2>&1) || { tail -20 "$work/record-jvmbench.log" >&2; fail "heaptrack failed"; }
    grep -q '^done ' "$work/record-jvmbench.log" || { tail -20 "$work/record-jvmbench.log" >&2; fail "JvmBench failed"; }
    [ -f "$work/jvmbench-$n-partial.zst" ] || fail "heaptrack wrote no .zst (is zstd installed? heaptrack then writes .gz)"
    mv "$work/jvmbench-$n-partial.zst" "$file"
    # the JVM's perf map (names its generated code); kept beside the recording, not read by the benchmark
    pid=$(sed -n 's/^pid \([0-9]*\)$/\1/p' "$work/record-jvmbench.log")
    if [ -n "$pid" ] && [ -f "/tmp/perf-$pid.map" ]; then
      mv "/tmp/perf-$pid.map" "$work/jvmbench-$n-perf.map"
    fi
  fi
  echo "$file"
}

# bench_jvm NAME RECORDING LIBRARY EXPECTED_LEAK WITH_MAVEN: times heaptrack_print and the reader alone with the
# library's scope RUNS times each, interleaved (and `mvn validate`, Maven's start-up, when WITH_MAVEN is 1); checks
# the whole process's totals against heaptrack_print's and, when EXPECTED_LEAK is set, the library's leaked bytes
bench_jvm() {
  local name=$1 recording=$2 library=$3 expected_leak=$4 with_maven=$5 events size i s kb
  say "counting the events of $recording"
  events=$(zstd -dcf "$recording" | grep -c '^[+-]') || true
  size=$(du -k "$recording" | cut -f1 | awk '{ if ($1 >= 1024) printf "%.0f MB", $1 / 1024; else printf "%d KB", $1 }')
  local -a hp_s=() hp_kb=() java_s=() java_kb=() read_s=() mvn_s=()
  if [ "$with_maven" = 1 ]; then
    say "$name: mvn validate once, untimed (the first run in a new project is slower)"
    # shellcheck disable=SC2086 # the flags are meant to split
    (cd "$project" && mvn $mvn_flags validate >"$work/validate.out" 2>&1) || fail "mvn validate failed: see $work/validate.out"
  fi
  for ((i = 1; i <= runs; i++)); do
    say "$name, run $i of $runs: heaptrack_print"
    read -r s kb < <(measure "$work/jvm-heaptrack_print.out" heaptrack_print "$recording")
    hp_s+=("$s"); hp_kb+=("$kb")
    say "$name, run $i of $runs: the reader alone, library scope $library"
    read -r s kb < <(measure "$work/jvm-reader-$name.out" java -cp "$work/harness:$plugin_jar:$aircompressor_jar" \
      ReadJvmRecording "$library" "$recording")
    java_s+=("$s"); java_kb+=("$kb")
    read_s+=("$(sed -n 's/^readMillis=//p' "$work/jvm-reader-$name.out" | awk '{ printf "%.2f", $1 / 1000 }')")
    if [ "$with_maven" = 1 ]; then
      say "$name, run $i of $runs: mvn validate (Maven's start-up)"
      # shellcheck disable=SC2086 # the flags are meant to split
      read -r s kb < <(cd "$project" && measure "$work/validate.out" mvn $mvn_flags validate)
      mvn_s+=("$s")
    fi
  done
  local hp_med java_med read_med mvn_med=- hp_mib java_mib
  hp_med=$(printf '%s\n' "${hp_s[@]}" | median)
  java_med=$(printf '%s\n' "${java_s[@]}" | median)
  read_med=$(printf '%s\n' "${read_s[@]}" | median)
  [ "$with_maven" = 1 ] && mvn_med=$(printf '%s\n' "${mvn_s[@]}" | median)
  hp_mib=$(mib "${hp_kb[@]}")
  java_mib=$(mib "${java_kb[@]}")

  say "$name: checking the totals against heaptrack_print's"
  local out=$work/jvm-heaptrack_print.out reader_out=$work/jvm-reader-$name.out metric this=yes
  local -A reference reader
  reference[allocations]=$(sed -n 's/^calls to allocation functions: \([0-9]*\).*/\1/p' "$out")
  reference[temporaryAllocations]=$(sed -n 's/^temporary memory allocations: \([0-9]*\).*/\1/p' "$out")
  # the summary rounds bytes: exact figures come from its flame-graph output, summed
  jvm_exact() {
    heaptrack_print --flamegraph-cost-type "$1" -F "$work/jvm-$1.folded" "$recording" >/dev/null
    awk '{ s += $NF } END { printf "%d", s }' "$work/jvm-$1.folded"
  }
  reference[peakHeapBytes]=$(jvm_exact peak)
  reference[leakedBytes]=$(jvm_exact leaked)
  for metric in allocations temporaryAllocations peakHeapBytes leakedBytes; do
    reader[$metric]=$(sed -n "s/^$metric=//p" "$reader_out")
    [ "${reader[$metric]}" = "${reference[$metric]}" ] || { this=no; agree=no; }
  done
  local library_leak
  library_leak=$(sed -n 's/^library.leakedBytes=//p' "$reader_out")
  local leak_check="not checked"
  if [ -n "$expected_leak" ]; then
    if [ "$library_leak" = "$expected_leak" ]; then leak_check="yes ($expected_leak B expected)"; else
      leak_check="NO ($expected_leak B expected)"; this=no; agree=no
    fi
  fi

  {
    echo "### $name"
    echo
    echo "Recording: $(basename "$recording"), $size compressed, $events '+'/'-' records" \
      "(${reference[allocations]} allocations); library scope: $library"
    echo "$runs runs of each, interleaved; wall times of each run (s):"
    echo "heaptrack_print ${hp_s[*]}; reader alone ${java_s[*]} (of which reading, timed inside: ${read_s[*]})$(
      [ "$with_maven" = 1 ] && echo "; mvn validate ${mvn_s[*]}")"
    echo
    echo "| command | wall time, median | peak RSS, median |"
    echo "|---|---:|---:|"
    echo "| \`heaptrack_print FILE\` | ${hp_med} s | ${hp_mib} MiB |"
    echo "| reader alone, library scope (\`java ReadJvmRecording $library FILE\`) | ${java_med} s | ${java_mib} MiB |"
    echo "| of which reading (\`LibraryScope.read\` + \`totals\`, timed inside the JVM) | ${read_med} s | |"
    [ "$with_maven" = 1 ] && echo "| \`mvn ${mvn_flags} validate\` (Maven's start-up, no plugin runs) | ${mvn_med} s | |"
    echo
    echo "heaptrack_print / reader alone: $(ratio "$hp_med" "$java_med")x$(
      [ "$with_maven" = 1 ] && echo "; Maven's start-up / reader alone: $(ratio "$mvn_med" "$java_med")x") (medians)"
    echo
    echo "| total (whole process) | heaptrack_print | reader alone |"
    echo "|---|---:|---:|"
    for metric in allocations temporaryAllocations peakHeapBytes leakedBytes; do
      echo "| $metric | ${reference[$metric]} | ${reader[$metric]} |"
    done
    echo
    echo "Library-scoped (the reader's): $(grep '^library\.' "$reader_out" | sed 's/^library\.//' | paste -sd' ' | sed 's/ /, /g')"
    echo
    echo "Totals agree: $this; library's leaked bytes as the program leaks: $leak_check"
    echo
  } >"$work/section-$name.md"
  echo "$hp_med $java_med $java_mib $mvn_med" >"$work/figures-$name.txt"
}

met() { awk -v r="$1" -v m="$2" 'BEGIN { print (r >= 3 && m < 512) ? "met" : "NOT met" }'; }
if run_native; then
  alloc_recording=$(recording alloc-loop "$iterations" "${RECORDING:-}")
  hot_recording=$(recording hot-loop "$hot_iterations" "${HOT_RECORDING:-}")
  bench hot-loop "$hot_recording"
  bench alloc-loop "$alloc_recording"
  read -r hot_hp hot_mvn _ hot_mib <"$work/figures-hot-loop.txt"
  read -r alloc_hp _ alloc_own alloc_mib <"$work/figures-alloc-loop.txt"
  goal1=$(ratio "$hot_hp" "$hot_mvn")
  goal2=$(ratio "$alloc_hp" "$alloc_own")
fi
if run_jvm; then
  default_leak=40960 # both default programs leak 10 blocks of 4096 bytes through the library
  big_jvm=$(jvm_recording "$jvm_iterations")
  [ -f "$small_jvm_recording" ] || fail "$small_jvm_recording does not exist"
  bench_jvm jvm-large "$big_jvm" "$jvm_library" \
    "$([ -z "${JVM_RECORDING:-}${JVM_LIBRARY:-}" ] && echo "$default_leak")" 0
  bench_jvm jvm-small "$small_jvm_recording" "$small_jvm_library" \
    "$([ -z "${SMALL_JVM_RECORDING:-}${SMALL_JVM_LIBRARY:-}" ] && echo "$default_leak")" 1
  read -r jvm_hp jvm_reader jvm_mib _ <"$work/figures-jvm-large.txt"
  read -r small_hp small_reader small_mib small_mvn <"$work/figures-jvm-small.txt"
  goal3=$(ratio "$jvm_hp" "$jvm_reader")
  goal4=$(ratio "$small_mvn" "$small_reader")
  # "well under Maven's start-up": at most half of it
  goal4_met=$(awk -v r="$goal4" -v m="$small_mib" 'BEGIN { print (r >= 2 && m < 512) ? "met" : "NOT met" }')
fi

# ---- the table
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, ${cpu:-unknown CPU}," \
    "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average before the runs: $load_before," \
    "after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Tools: $(heaptrack --version 2>&1 | head -1), $(java -version 2>&1 | head -1)," \
    "$(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), plugin $version" \
    "($(git -C "$root" describe --always --dirty 2>/dev/null || echo 'no git'))"
  echo
  echo "| goal | recording | heaptrack_print | plugin | ratio | peak RSS | |"
  echo "|---|---|---:|---:|---:|---:|---|"
  if run_native; then
    echo "| 1: whole goal, Maven start-up included | hot-loop | ${hot_hp} s | ${hot_mvn} s | ${goal1}x |" \
      "${hot_mib} MiB | $(met "$goal1" "$hot_mib") |"
    echo "| 2: the goal's own work (phase timings) | alloc-loop | ${alloc_hp} s | ${alloc_own} s | ${goal2}x |" \
      "${alloc_mib} MiB | $(met "$goal2" "$alloc_mib") |"
  fi
  if run_jvm; then
    echo "| 3: JVM: the reader alone, library scope (fresh JVM) | jvm-large | ${jvm_hp} s | ${jvm_reader} s |" \
      "${goal3}x | ${jvm_mib} MiB | $(met "$goal3" "$jvm_mib") |"
    echo "| 4: JVM, test-run size: the reader alone at most half of \`mvn validate\` (${small_mvn} s) | jvm-small |" \
      "${small_hp} s | ${small_reader} s | ${goal4}x of Maven | ${small_mib} MiB | ${goal4_met} |"
  fi
  echo
  if run_native; then
    cat "$work/section-hot-loop.md" "$work/section-alloc-loop.md"
  fi
  if run_jvm; then
    cat "$work/section-jvm-large.md" "$work/section-jvm-small.md"
  fi
  echo "Totals agree on all: $agree"
} | tee "$work/results.md"
echo >&2
say "results saved in $work/results.md"
[ "$agree" = yes ] || exit 1
