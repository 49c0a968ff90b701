#!/usr/bin/env bash
# Benchmark: the plugin's analysis of a large heaptrack recording against heaptrack_print on the same file.
# See README.md in this directory. Not part of the Maven build.
#
# Environment (all optional):
#   ITERATIONS  loop iterations of alloc-loop.rs (default 4280000: about 60 million '+'/'-' records)
#   RUNS        timed runs of each command; the table shows the median (default 3)
#   WORK        scratch directory for the program, the recording and the results
#               (default ${TMPDIR:-/tmp}/rust-instruments-benchmark; nothing large goes into the repository)
#   SKIP_BUILD  1: do not build and install the plugin first (use the one in the local repository)
#   RECORDING   an existing heaptrack recording to analyse instead of making one
#   MVN_FLAGS   flags for the timed mvn runs (default "-B -q -o")
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
iterations=${ITERATIONS:-4280000}
runs=${RUNS:-3}
work=${WORK:-${TMPDIR:-/tmp}/rust-instruments-benchmark}
mvn_flags=${MVN_FLAGS:--B -q -o}
m2=${M2_REPO:-$HOME/.m2/repository}

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'benchmark: %s\n' "$*" >&2; exit 1; }

for tool in heaptrack heaptrack_print zstd mvn java javac; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"
done
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (GNU time; on Debian/Ubuntu: apt-get install time)"
[ -n "${RECORDING:-}" ] || command -v rustc >/dev/null 2>&1 || fail "rustc is not on PATH"

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

# the reader alone, in a plain JVM: shows what Maven and the report add
mkdir -p "$work/harness"
javac -d "$work/harness" -cp "$plugin_jar" "$here/ReadRecording.java"

# ---- the recording
if [ -n "${RECORDING:-}" ]; then
  recording=$(cd "$(dirname "$RECORDING")" && pwd)/$(basename "$RECORDING")
  [ -f "$recording" ] || fail "$RECORDING does not exist"
else
  recording=$work/alloc-loop-$iterations.zst
  if [ ! -f "$recording" ]; then
    say "building alloc-loop.rs"
    rustc -g -O "$here/alloc-loop.rs" -o "$work/alloc-loop"
    say "recording alloc-loop $iterations under heaptrack (about 20 s for the default)"
    (cd "$work" && heaptrack -o "$work/alloc-loop-$iterations" ./alloc-loop "$iterations" >"$work/record.log" 2>&1) \
      || { tail -20 "$work/record.log" >&2; fail "heaptrack failed"; }
    [ -f "$recording" ] || fail "heaptrack wrote no $recording (is zstd installed? heaptrack then writes .gz)"
  fi
fi
case "$recording" in
  *.zst) decompress=(zstd -dc) ;;
  *.gz) decompress=(gzip -dc) ;;
  *) decompress=(cat) ;;
esac
say "counting the events of $recording"
events=$("${decompress[@]}" "$recording" | grep -c '^[+-]') || true
compressed_mb=$(du -m "$recording" | cut -f1)

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

declare -a hp_s hp_kb mvn_s mvn_kb java_s java_kb
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= runs; i++)); do
  say "run $i of $runs: heaptrack_print"
  read -r s kb < <(measure "$work/heaptrack_print.out" heaptrack_print "$recording")
  hp_s+=("$s"); hp_kb+=("$kb")
  say "run $i of $runs: mvn rust-instruments:report"
  # shellcheck disable=SC2086 # the flags are meant to split
  read -r s kb < <(cd "$project" && measure "$work/report.out" mvn $mvn_flags rust-instruments:report \
    "-Drust-instruments.input=$recording")
  mvn_s+=("$s"); mvn_kb+=("$kb")
  say "run $i of $runs: the reader alone"
  read -r s kb < <(measure "$work/reader.out" java -cp "$work/harness:$plugin_jar:$aircompressor_jar" ReadRecording \
    "$recording")
  java_s+=("$s"); java_kb+=("$kb")
done

hp_med=$(printf '%s\n' "${hp_s[@]}" | median)
mvn_med=$(printf '%s\n' "${mvn_s[@]}" | median)
java_med=$(printf '%s\n' "${java_s[@]}" | median)
hp_best=$(printf '%s\n' "${hp_s[@]}" | best)
mvn_best=$(printf '%s\n' "${mvn_s[@]}" | best)
java_best=$(printf '%s\n' "${java_s[@]}" | best)
mib() { printf '%s\n' "$@" | median | awk '{ printf "%.0f", $1 / 1024 }'; }
hp_mib=$(mib "${hp_kb[@]}")
mvn_mib=$(mib "${mvn_kb[@]}")
java_mib=$(mib "${java_kb[@]}")
ratio=$(awk -v a="$hp_med" -v b="$mvn_med" 'BEGIN { printf "%.2f", a / b }')
ratio_java=$(awk -v a="$hp_med" -v b="$java_med" 'BEGIN { printf "%.2f", a / b }')
ratio_best=$(awk -v a="$hp_best" -v b="$mvn_best" 'BEGIN { printf "%.2f", a / b }')

# ---- do the totals agree?
say "checking the totals against heaptrack_print's"
count() { sed -n "s/^$1: \([0-9]*\).*/\1/p" "$work/heaptrack_print.out"; }
# the summary rounds bytes (66.44M): exact figures come from its flame-graph output, summed
exact() {
  heaptrack_print --flamegraph-cost-type "$1" -F "$work/$1.folded" "$recording" >/dev/null
  awk '{ s += $NF } END { printf "%d", s }' "$work/$1.folded"
}
declare -A reference plugin reader
reference[allocations]=$(count 'calls to allocation functions')
reference[temporaryAllocations]=$(count 'temporary memory allocations')
reference[peakHeapBytes]=$(exact peak)
reference[leakedBytes]=$(exact leaked)
summary=$project/target/rust-instruments/default/allocations.json
[ -f "$summary" ] || fail "the report goal wrote no $summary"
totals=$(sed -n '/"totals"/,/}/p' "$summary")
agree=yes
for metric in allocations temporaryAllocations peakHeapBytes leakedBytes; do
  plugin[$metric]=$(echo "$totals" | sed -n "s/.*\"$metric\" *: *\(-\{0,1\}[0-9]*\).*/\1/p")
  reader[$metric]=$(sed -n "s/^$metric=//p" "$work/reader.out")
  if [ "${plugin[$metric]}" != "${reference[$metric]}" ] || [ "${reader[$metric]}" != "${reference[$metric]}" ]; then
    agree=no
  fi
done

# ---- the table
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, ${cpu:-unknown CPU}," \
    "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average before the runs: $load_before," \
    "after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Tools: $(heaptrack --version 2>&1 | head -1), $(java -version 2>&1 | head -1)," \
    "$(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), plugin $version" \
    "($(git -C "$root" describe --always --dirty 2>/dev/null || echo 'no git'))"
  echo "Recording: $(basename "$recording"), ${compressed_mb} MB compressed, $events '+'/'-' records" \
    "(${reference[allocations]} allocations)"
  echo "$runs runs of each, interleaved; wall times of each run:"
  echo "heaptrack_print ${hp_s[*]}; report goal ${mvn_s[*]}; reader alone ${java_s[*]}"
  echo
  echo "| command | wall time, median | wall time, best | peak RSS, median |"
  echo "|---|---:|---:|---:|"
  echo "| \`heaptrack_print FILE\` | ${hp_med} s | ${hp_best} s | ${hp_mib} MiB |"
  echo "| \`mvn ${mvn_flags} rust-instruments:report -Drust-instruments.input=FILE\` | ${mvn_med} s |" \
    "${mvn_best} s | ${mvn_mib} MiB |"
  echo "| reader alone (\`java ReadRecording FILE\`) | ${java_med} s | ${java_best} s | ${java_mib} MiB |"
  echo
  echo "heaptrack_print / report goal: ${ratio}x (medians), ${ratio_best}x (best runs); target: 3x or more, with" \
    "peak RSS under 512 MiB. heaptrack_print / reader alone: ${ratio_java}x (medians)."
  echo
  echo "| total | heaptrack_print | report goal | reader alone |"
  echo "|---|---:|---:|---:|"
  for metric in allocations temporaryAllocations peakHeapBytes leakedBytes; do
    echo "| $metric | ${reference[$metric]} | ${plugin[$metric]} | ${reader[$metric]} |"
  done
  echo
  echo "Totals agree: $agree"
} | tee "$work/results.md"
echo >&2
say "results saved in $work/results.md"
[ "$agree" = yes ] || exit 1
