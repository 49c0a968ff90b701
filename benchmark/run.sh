#!/usr/bin/env bash
# Benchmark: the plugin's analysis of a large heaptrack recording against heaptrack_print on the same file.
# See README.md in this directory. Not part of the Maven build.
#
# Two recordings: alloc-loop.rs (many distinct stacks) and hot-loop.rs (one hot site), about 60 million events each.
# Goal 1 (hot-loop): the whole report goal, Maven start-up included, at most a third of heaptrack_print's time.
# Goal 2 (alloc-loop): the goal's own work (its logged phase timings) at most a third of heaptrack_print's time.
# Both: peak RSS under 512 MiB; the totals equal heaptrack_print's.
#
# Environment (all optional):
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

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'benchmark: %s\n' "$*" >&2; exit 1; }

for tool in heaptrack heaptrack_print zstd mvn java javac; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"
done
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (GNU time; on Debian/Ubuntu: apt-get install time)"
[ -n "${RECORDING:-}" ] && [ -n "${HOT_RECORDING:-}" ] || command -v rustc >/dev/null 2>&1 || fail "rustc is not on PATH"

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

alloc_recording=$(recording alloc-loop "$iterations" "${RECORDING:-}")
hot_recording=$(recording hot-loop "$hot_iterations" "${HOT_RECORDING:-}")
bench hot-loop "$hot_recording"
bench alloc-loop "$alloc_recording"

read -r hot_hp hot_mvn _ hot_mib <"$work/figures-hot-loop.txt"
read -r alloc_hp _ alloc_own alloc_mib <"$work/figures-alloc-loop.txt"
met() { awk -v r="$1" -v m="$2" 'BEGIN { print (r >= 3 && m < 512) ? "met" : "NOT met" }'; }
goal1=$(ratio "$hot_hp" "$hot_mvn")
goal2=$(ratio "$alloc_hp" "$alloc_own")

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
  echo "| 1: whole goal, Maven start-up included | hot-loop | ${hot_hp} s | ${hot_mvn} s | ${goal1}x |" \
    "${hot_mib} MiB | $(met "$goal1" "$hot_mib") |"
  echo "| 2: the goal's own work (phase timings) | alloc-loop | ${alloc_hp} s | ${alloc_own} s | ${goal2}x |" \
    "${alloc_mib} MiB | $(met "$goal2" "$alloc_mib") |"
  echo
  cat "$work/section-hot-loop.md" "$work/section-alloc-loop.md"
  echo "Totals agree on both: $agree"
} | tee "$work/results.md"
echo >&2
say "results saved in $work/results.md"
[ "$agree" = yes ] || exit 1
