#!/usr/bin/env bash
# Benchmark: the run-time cost of the counting allocator that rust-instruments:scaffold writes into new harnesses
# (profiler=stats), against the same harness with the plain system allocator. See README.md. Not part of the build.
#
# Both programs come from the plugin's own HarnessScaffolder (Scaffold.java against target/classes), so the counting
# code measured is exactly what users get; the plain one differs in its #[global_allocator] line only.
#
# Environment (all optional):
#   ITERATIONS  workload iterations per run, split over the threads (default 3000000: ~21 million allocation calls)
#   THREADS     thread counts to measure, space-separated (default "1 2"; 2 threads contend on the shared counters)
#   RUNS        timed runs per program, interleaved (default 10)
#   HEAPTRACK   1: also time the plain program under heaptrack, for scale (default 1 when heaptrack is installed)
#   HEAPTRACK_RUNS  how many of the rounds include heaptrack, which is slow (default 3)
#   WORK        scratch directory (default ${TMPDIR:-/tmp}/rust-instruments-stats-overhead)
#   SKIP_BUILD  1: do not compile the plugin first (use target/classes as it is)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
iterations=${ITERATIONS:-3000000}
threads_list=${THREADS:-1 2}
runs=${RUNS:-10}
work=${WORK:-${TMPDIR:-/tmp}/rust-instruments-stats-overhead}
if [ -z "${HEAPTRACK:-}" ]; then
  if command -v heaptrack >/dev/null 2>&1; then HEAPTRACK=1; else HEAPTRACK=0; fi
fi

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'stats-overhead: %s\n' "$*" >&2; exit 1; }

for tool in cargo java awk; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"
done

# ---- the plugin's classes, for the scaffolder
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "compiling the plugin (mvn compile)"
  (cd "$root" && mvn -B -q -o -Dinvoker.skip compile) || fail "the plugin did not compile; SKIP_BUILD=1 uses target/classes as it is"
fi
[ -f "$root/target/classes/io/github/rustinstruments/maven/cargo/HarnessScaffolder.class" ] \
  || fail "$root/target/classes has no HarnessScaffolder: run without SKIP_BUILD=1"

# ---- the library and its scaffolded harness
crate=$work/bench-lib
rm -rf "$crate"
mkdir -p "$crate/src"
cat >"$crate/Cargo.toml" <<'EOF'
[package]
name = "bench-lib"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]
EOF
cp "$here/workload.rs" "$crate/src/lib.rs"
say "scaffolding the harness with the plugin's HarnessScaffolder"
java -cp "$root/target/classes" "$here/Scaffold.java" "$crate" bench-lib bench_lib >&2

counting=$crate/memcheck
main=$counting/src/main.rs
guard='    let _stats = alloc_stats::WriteAtExit;'
grep -qxF "$guard" "$main" || fail "the scaffolded main.rs has no line '$guard'"
# the harness calls the workload right after the guard, with <iterations> <threads> from its arguments
awk -v guard="$guard" '{ print } $0 == guard {
  print ""
  print "    let args: Vec<String> = std::env::args().skip(1).collect();"
  print "    let (iterations, threads) = (args[0].parse().unwrap(), args[1].parse().unwrap());"
  print "    println!(\"checksum {}\", bench_lib::churn(iterations, threads));"
}' "$main" >"$main.new"
mv "$main.new" "$main"

plain=$crate/memcheck-plain
cp -r "$counting" "$plain"
counted_line='static GLOBAL: alloc_stats::Counting = alloc_stats::Counting;'
grep -qxF "$counted_line" "$plain/src/main.rs" || fail "the scaffolded main.rs has no line '$counted_line'"
sed -i "s|^$counted_line\$|static GLOBAL: std::alloc::System = std::alloc::System;|" "$plain/src/main.rs"
grep -qxF 'static GLOBAL: std::alloc::System = std::alloc::System;' "$plain/src/main.rs" \
  || fail "could not switch the plain harness to std::alloc::System"

# the same flags for both; the plain harness no longer uses alloc_stats::Counting
export RUSTFLAGS="${RUSTFLAGS:-} -A dead_code"
for variant in counting plain; do
  dir=$crate/memcheck; [ "$variant" = plain ] && dir=$plain
  say "cargo build --release ($variant)"
  CARGO_TARGET_DIR=$work/target-$variant cargo build -q --offline --release --manifest-path "$dir/Cargo.toml" \
    || fail "the $variant harness did not build"
done
counting_exe=$work/target-counting/release/memcheck
plain_exe=$work/target-plain/release/memcheck

# ---- what one run allocates, as the counting harness reports it
stats=$work/stats.json
rm -f "$stats"
RUST_INSTRUMENTS_STATS=$stats "$counting_exe" "$iterations" 1 >/dev/null
[ -s "$stats" ] || fail "the counting harness wrote no $stats"
allocations=$(sed 's/.*"allocations":\([0-9]*\).*/\1/' "$stats")
say "one run: $(cat "$stats")"

# ---- timing: rounds that run each program once, in turn, so that a change in the machine's load during the
# benchmark falls on all of them alike; wall and CPU (user + system) time from bash's `time`
TIMEFORMAT='%3R %3U %3S'
heaptrack_runs=$(( runs < ${HEAPTRACK_RUNS:-3} ? runs : ${HEAPTRACK_RUNS:-3} ))

time_once() { # appends "wall cpu" in seconds to the file $1 for one run of the command after it
  local out=$1 t
  shift
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || fail "$* failed"
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t" >>"$out"
}

statistics() { # "mean median min cpu-mean" in ms of a samples file
  sort -n "$1" | awk '{ w[NR] = $1; s += $1; c += $2 }
    END { m = NR % 2 ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
          printf "%.0f %.0f %.0f %.0f\n", s / NR * 1000, m * 1000, w[1] * 1000, c / NR * 1000 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

results=$work/results.txt
{
  echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
  cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
  echo "machine:   $(nproc) cores, $(uname -sm), $cpu, load average $load at the start"
  echo "rustc:     $(rustc --version)"
  echo "workload:  $iterations iterations per run; a single-threaded run makes $allocations allocation calls"
  echo "runs:      $runs interleaved rounds after a warm-up$([ "$HEAPTRACK" = 1 ] && echo "; heaptrack in the first $heaptrack_runs")"
  echo
  printf '%-7s %-26s %8s %8s %8s %8s   %s\n' threads program "mean" "median" "min" "cpu" \
    "(ms; ratio to plain by mean / median / min / cpu)"
} | tee "$results"
for threads in $threads_list; do
  rm -f "$work"/samples-*
  "$plain_exe" "$iterations" "$threads" >/dev/null
  "$counting_exe" "$iterations" "$threads" >/dev/null
  for ((round = 0; round < runs; round++)); do
    time_once "$work/samples-plain" "$plain_exe" "$iterations" "$threads"
    time_once "$work/samples-counting" "$counting_exe" "$iterations" "$threads"
    if [ "$HEAPTRACK" = 1 ] && [ "$round" -lt "$heaptrack_runs" ]; then
      time_once "$work/samples-heaptrack" heaptrack -o "$work/heaptrack-$threads" "$plain_exe" "$iterations" "$threads"
    fi
  done
  read -r p_mean p_median p_min p_cpu < <(statistics "$work/samples-plain")
  row() { # label, samples file
    local mean median min cpu
    read -r mean median min cpu < <(statistics "$2")
    printf '%-7s %-26s %8s %8s %8s %8s   %s / %s / %s / %s\n' "$threads" "$1" "$mean" "$median" "$min" "$cpu" \
      "$(ratio "$mean" "$p_mean")" "$(ratio "$median" "$p_median")" "$(ratio "$min" "$p_min")" "$(ratio "$cpu" "$p_cpu")"
  }
  {
    row "plain std::alloc::System" "$work/samples-plain"
    row "counting (profiler=stats)" "$work/samples-counting"
    [ "$HEAPTRACK" = 1 ] && row "plain under heaptrack" "$work/samples-heaptrack"
  } | tee -a "$results"
done
rm -f "$work"/heaptrack-*

if command -v hyperfine >/dev/null 2>&1; then
  say "cross-check with $(hyperfine --version) (its runs are not interleaved)"
  { echo; echo "$(hyperfine --version), single-threaded, $runs runs each:"; } >>"$results"
  hyperfine -N --warmup 1 --runs "$runs" --style basic \
    -n plain "$plain_exe $iterations 1" -n counting "$counting_exe $iterations 1" 2>&1 | tee -a "$results" >&2
fi
say "results in $results"
