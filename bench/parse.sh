#!/usr/bin/env bash
# bench/parse.sh: usvc's parser against go-systemd's on the corpus, the
# same bytes, in one run of this script.
#
#   bash bench/parse.sh
#
# Each benchmark runs in a process of its own (a benchmark that follows
# another inherits its heap and collector state, which here moved the
# first one by up to 15%), 5 times; the median is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
[ -f ../shared/corpus/debian/MANIFEST.tsv ] || { echo "no corpus at ../shared/corpus/debian"; exit 1; }

bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" ./bench

# median NAME: the median MB/s, ns per file and allocations of 5 runs
median() {
  (cd bench && "$bin" -test.run '^$' -test.bench "^Benchmark$1\$" -test.benchmem -test.count 5) |
    awk 'BEGIN {n = 0} /^Benchmark/ {for (i = 1; i <= NF; i++) {if ($i == "MB/s") m[n] = $(i-1); if ($i == "ns/file") f[n] = $(i-1); if ($i == "allocs/op") a[n] = $(i-1)}; n++}
      END {
        # sort the runs by MB/s and take the middle one
        for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (m[j] < m[i]) {t = m[i]; m[i] = m[j]; m[j] = t; t = f[i]; f[i] = f[j]; f[j] = t}
        k = int(n / 2); printf "%s %s %s", m[k], f[k], a[0] }'
}

read -r p_mb p_ns p_al <<<"$(median ParseCorpus)"
read -r t_mb t_ns t_al <<<"$(median ParseTextCorpus)"
read -r g_mb g_ns g_al <<<"$(median GoSystemdCorpus)"
printf '%-48s %8s %12s %14s\n' "parser (corpus, median of 5)" "MB/s" "ns per file" "allocs/corpus"
printf '%-48s %8s %12s %14s\n' "unitfile.Parse (from bytes, copies them)" "$p_mb" "$p_ns" "$p_al"
printf '%-48s %8s %12s %14s\n' "unitfile.ParseText (from a string, keeps it)" "$t_mb" "$t_ns" "$t_al"
printf '%-48s %8s %12s %14s\n' "go-systemd unit.DeserializeOptions" "$g_mb" "$g_ns" "$g_al"
awk -v p="$p_mb" -v t="$t_mb" -v g="$g_mb" 'BEGIN {
  printf "\nParse is %.1fx go-systemd; ParseText is %.1fx\n", p / g, t / g }'
