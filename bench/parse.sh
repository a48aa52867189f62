#!/usr/bin/env bash
# bench/parse.sh: usvc's parser against go-systemd's on the corpus, the
# same bytes, in one run of this script.
#
#   bash bench/parse.sh [ROUNDS]
#
# Each benchmark runs in a process of its own (a benchmark that follows
# another inherits its heap and collector state, which here moved the
# first one by up to 15%). A round runs the three benchmarks one after
# the other, and the ratios are taken within a round, so that the machine
# getting faster or slower between rounds (it does, by 10-20% here) moves
# both sides of a ratio alike. ROUNDS (5 unless given) rounds are run;
# the medians are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
[ -f ../shared/corpus/debian/MANIFEST.tsv ] || { echo "no corpus at ../shared/corpus/debian"; exit 1; }
rounds=${1:-5}

bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" ./bench

# one NAME: "MB/s ns/file allocs/entry" of one run of benchmark NAME
one() {
  (cd bench && "$bin" -test.run '^$' -test.bench "^Benchmark$1\$" -test.benchmem) |
    awk '/^Benchmark/ {for (i = 1; i <= NF; i++) {if ($i == "MB/s") m = $(i-1); if ($i == "ns/file") f = $(i-1); if ($i == "allocs/entry") a = $(i-1)}; print m, f, a}'
}

rows=()
for ((r = 1; r <= rounds; r++)); do
  read -r p_mb p_ns p_al <<<"$(one ParseCorpus)"
  read -r t_mb t_ns t_al <<<"$(one ParseTextCorpus)"
  read -r g_mb g_ns g_al <<<"$(one GoSystemdCorpus)"
  rows+=("$p_mb $p_ns $p_al $t_mb $t_ns $t_al $g_mb $g_ns $g_al")
  awk -v r="$r" -v p="$p_mb" -v t="$t_mb" -v g="$g_mb" 'BEGIN {
    printf "round %d: Parse %.1f MB/s, ParseText %.1f MB/s, go-systemd %.1f MB/s: %.1fx and %.1fx\n", r, p, t, g, p / g, t / g }'
done
printf '%s\n' "${rows[@]}" | awk '
  function median(col,   i, j, n, v, t) {
    n = 0
    for (i = 1; i <= NR; i++) v[++n] = row[i, col]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) {t = v[i]; v[i] = v[j]; v[j] = t}
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { for (i = 1; i <= NF; i++) row[NR, i] = $i; row[NR, 10] = $1 / $7; row[NR, 11] = $4 / $7
    lo1 = (NR == 1 || row[NR, 10] < lo1) ? row[NR, 10] : lo1; hi1 = (NR == 1 || row[NR, 10] > hi1) ? row[NR, 10] : hi1
    lo2 = (NR == 1 || row[NR, 11] < lo2) ? row[NR, 11] : lo2; hi2 = (NR == 1 || row[NR, 11] > hi2) ? row[NR, 11] : hi2 }
  END {
    printf "\n%-48s %8s %12s %14s\n", "parser (corpus, median of " NR " rounds)", "MB/s", "ns per file", "allocs/entry"
    printf "%-48s %8.1f %12.0f %14.2f\n", "unitfile.Parse (from bytes, copies them)", median(1), median(2), median(3)
    printf "%-48s %8.1f %12.0f %14.2f\n", "unitfile.ParseText (from a string, keeps it)", median(4), median(5), median(6)
    printf "%-48s %8.1f %12.0f %14.2f\n", "go-systemd unit.DeserializeOptions", median(7), median(8), median(9)
    printf "\nParse is %.1fx go-systemd (%.1f-%.1fx by round); ParseText is %.1fx (%.1f-%.1fx)\n", median(10), lo1, hi1, median(11), lo2, hi2 }'
