#!/usr/bin/env bash
# bench/lint.sh: usvc lint against systemd-analyze verify, on the same files,
# in one run. The files are the corpus's system units copied flat into one
# directory (first file of each name), as bench/lint_test.go does.
#
#   bash bench/lint.sh            # prints a table with ratios
#
# Needs ../shared/corpus beside the repository; systemd-analyze for the
# comparison rows (they are skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
corpus=../shared/corpus/debian
[ -f "$corpus/MANIFEST.tsv" ] || { echo "no corpus at $corpus"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/usvc" ./cmd/usvc
flat="$work/flat"; mkdir "$flat"
awk -F'\t' 'NR>1 && $6=="system" && $7=="unit" {print $3}' "$corpus/MANIFEST.tsv" | while read -r rel; do
  base=${rel##*/}
  case $base in *:*) continue;; esac
  [ -e "$flat/$base" ] || cp "$corpus/$rel" "$flat/$base"
done
n=$(ls "$flat" | wc -l)

# now is the time in microseconds, read from bash's EPOCHREALTIME: a
# `date` process on each side of a run adds about 2 ms of fork and exec
# to what is measured, 10% of a 20 ms run.
now() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
# best RUNS CMD...: the fastest of RUNS wall times, in ms
best() {
  local runs=$1; shift
  local b=""
  for _ in $(seq "$runs"); do
    local t0=${EPOCHREALTIME/[.,]/}
    "$@" >/dev/null 2>&1 || true
    local t1=${EPOCHREALTIME/[.,]/}
    local t=$(( t1 - t0 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  awk -v us="$b" 'BEGIN{printf "%.2f", us/1000}'
}

# Wall times on a shared 2-core VM jump by 10-20% from run to run: each
# command is timed RUNS times and its fastest run kept, for usvc and for
# systemd-analyze alike.
runs=${RUNS:-10}
echo "files: $n system units in one directory"
t_usvc=$(best "$runs" "$work/usvc" lint --system --no-config "$flat")
t_one=$(best 20 "$work/usvc" lint --no-config testdata/simple-web.service)
/usr/bin/time -o "$work/rss" -f %M "$work/usvc" lint --system --no-config "$flat" >/dev/null 2>&1 || true
rss=$(tail -1 "$work/rss")

# The floor and usvc's own in-process time come from the Go benchmarks.
# Each benchmark runs 5 times; the fastest is kept, as for the commands.
benchout=$(go test ./bench -run '^$' -bench 'WalkRead|LintDir' -benchtime 50x -count 5 2>&1) || { echo "$benchout"; exit 1; }
fastest() { awk -v re="$1" '$1 ~ re {v=$3/1e6; if (m=="" || v<m) m=v} END {printf "%.2f", m}' <<<"$benchout"; }
floor=$(fastest '^BenchmarkWalkRead(-[0-9]+)?$')
pfloor=$(fastest '^BenchmarkWalkReadParallel')
inproc=$(fastest '^BenchmarkLintDir')

printf '\n%-52s %10s\n' "what" "ms"
printf '%-52s %10s\n' "usvc lint DIR (process, wall, best of $runs)" "$t_usvc"
printf '%-52s %10s\n' "usvc lint one file (process, wall, best of 20)" "$t_one"
printf '%-52s %10s\n' "walk and read every file in Go (the floor)" "$floor"
printf '%-52s %10s\n' "  the same, read in parallel as usvc reads" "$pfloor"
printf '%-52s %10s\n' "walk, read and lint in Go (BenchmarkLintDir)" "$inproc"
printf '%-52s %10s\n' "usvc lint DIR peak memory (MB)" "$(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')"

if command -v systemd-analyze >/dev/null; then
  t_sa=$(best "$runs" systemd-analyze verify --man=no --recursive-errors=no "$flat"/*)
  t0=$(now)
  for f in "$flat"/*; do systemd-analyze verify --man=no --recursive-errors=no "$f" >/dev/null 2>&1 || true; done
  t_each=$(awk -v us="$(( $(now) - t0 ))" 'BEGIN{printf "%.2f", us/1e3}')
  printf '%-52s %10s\n' "systemd-analyze verify, all files in one call (best of $runs)" "$t_sa"
  printf '%-52s %10s\n' "systemd-analyze verify, one call per file (total)" "$t_each"
  printf '%-52s %10s\n' "  per file" "$(awk -v t="$t_each" -v n="$n" 'BEGIN{printf "%.2f", t/n}')"
  echo
  awk -v u="$t_usvc" -v sa="$t_sa" -v each="$t_each" -v f="$floor" -v pf="$pfloor" -v i="$inproc" 'BEGIN{
    printf "usvc lint is %.1fx faster than one systemd-analyze call\n", sa/u
    printf "usvc lint is %.0fx faster than a systemd-analyze call per file\n", each/u
    printf "usvc lint in process is %.2fx the floor (%.2fx the parallel floor)\n", i/f, i/pf }'
else
  echo "(systemd-analyze not found: comparison rows skipped)"
fi
