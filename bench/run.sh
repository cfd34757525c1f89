#!/bin/sh
# bench/run.sh: speed and memory of tickline programs against peers, measured in the same run.
# Run through 'make bench'. Prints medians, ratios and peak RSS; exits 1 when a target is missed.
#
# bars-resample --tf 1h over 1,000,000 one-minute bars from bars-synth, timed
# against jq -c 'select(.c > 0)' on the same file (jq parses every line too).
# Targets: at least 10x faster than jq; peak RSS at most 16 MiB and flat
# (the same for 100,000 and 1,000,000 bars). chart-levels over the same
# file (the whole series: it keeps h, l, c and t of every bar, so its
# memory grows with the input) in at most 2x the time of bars-resample.
#
# bars-fetch's parse path: a Yahoo chart reply of 100,000 1m bars (built
# from the bars-synth file) turned into 100,000 bar records by
# build/.../tests/parse-yahoo, which runs exactly what bars-fetch runs on a
# reply body once it has arrived (tl_yahoo_parse, tl_bar_write), with no
# network and no store; timed against bars-resample --tf 1m on the same
# 100,000 bars (which also reads 100,000 bars and writes 100,000 records).
# Target: at most 1.5x. For context, the whole of bars-fetch --refresh on
# that reply from a server on 127.0.0.1 (HTTP, store writes and read-back
# included) is timed too, with no target.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/bin
runrss=${TL_TOOL_DIR:-$top/build/cc/tests}/runrss
runs=${BENCH_RUNS:-5}
dir=$top/build/bench
mkdir -p "$dir"
missed=0

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

# time_runs IN CMD...: runs CMD once untimed, then $runs times on IN; prints "median_seconds max_rss_kib".
time_runs() {
	in=$1; shift
	"$runrss" "$in" /dev/null "$@" >/dev/null # warm-up, untimed
	: >"$dir/times"
	for i in $(seq "$runs"); do
		set -- "$@"
		r=$("$runrss" "$in" /dev/null "$@")
		st=$(echo "$r" | cut -d' ' -f3)
		[ "$st" = 0 ] || { echo "bench: $* exited $st" >&2; exit 1; }
		echo "$r" >>"$dir/times"
	done
	t=$(cut -d' ' -f1 "$dir/times" | median)
	m=$(cut -d' ' -f2 "$dir/times" | sort -n | tail -1)
	echo "$t $m"
}

echo "== generating bars (bars-synth --tf 1m)"
"$bin/bars-synth" --seed 1 --bars 1000000 --tf 1m >"$dir/m1-1M.nd"
"$bin/bars-synth" --seed 1 --bars 100000 --tf 1m >"$dir/m1-100k.nd"
echo "   1,000,000 bars, $(($(wc -c <"$dir/m1-1M.nd") / 1048576)) MiB"
# Let writeback of the new files finish, and warm the page cache, so the
# timings measure the programs rather than the disk.
sync
cat "$dir/m1-1M.nd" >/dev/null

echo "== bars-resample --tf 1h vs jq -c 'select(.c > 0)', $runs runs each, 1,000,000 bars"
set -- $(time_runs "$dir/m1-1M.nd" "$bin/bars-resample" --tf 1h)
rs_t=$1 rs_m=$2
set -- $(time_runs "$dir/m1-1M.nd" jq -c 'select(.c > 0)')
jq_t=$1 jq_m=$2
set -- $(time_runs "$dir/m1-100k.nd" "$bin/bars-resample" --tf 1h)
rs_small_m=$2
ratio=$(awk -v a="$jq_t" -v b="$rs_t" 'BEGIN {printf "%.1f", a / b}')
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "bars-resample --tf 1h" "$rs_t" "$rs_m"
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "jq -c 'select(.c > 0)' ($(jq --version))" "$jq_t" "$jq_m"
printf '   %-34s peak RSS %6s KiB\n' "bars-resample, 100,000 bars" "$rs_small_m"
printf '   ratio: bars-resample is %sx faster than jq (target: at least 10x)\n' "$ratio"
if awk -v r="$ratio" 'BEGIN {exit !(r >= 10)}'; then echo "   speed target: met"; else
	echo "   speed target: MISSED"; missed=1; fi
if [ "$rs_m" -le 16384 ] && [ $((rs_m - rs_small_m)) -le 1024 ]; then
	echo "   memory target (<= 16 MiB, flat): met"
else
	echo "   memory target (<= 16 MiB, flat): MISSED"; missed=1
fi

echo "== chart-levels (whole series, default options) vs bars-resample --tf 1h, 1,000,000 bars"
set -- $(time_runs "$dir/m1-1M.nd" "$bin/chart-levels")
cl_t=$1 cl_m=$2
cl_ratio=$(awk -v a="$cl_t" -v b="$rs_t" 'BEGIN {printf "%.2f", a / b}')
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "chart-levels" "$cl_t" "$cl_m"
printf '   ratio: chart-levels takes %sx the time of bars-resample (target: at most 2x)\n' "$cl_ratio"
if awk -v r="$cl_ratio" 'BEGIN {exit !(r <= 2)}'; then echo "   speed target: met"; else
	echo "   speed target: MISSED"; missed=1; fi
echo "== bars-fetch's parse path (yahoo reply -> records) vs bars-resample --tf 1m, 100,000 bars, $runs runs each, alternating"
jq -s -c '{chart: {result: [{meta: {currency: "USD", symbol: "SYN1", gmtoffset: 0,
	timezone: "UTC", dataGranularity: "1m"}, timestamp: map(.t), indicators: {quote: [{
	open: map(.o), high: map(.h), low: map(.l), close: map(.c), volume: map(.v)}]}}],
	error: null}}' "$dir/m1-100k.nd" >"$dir/yahoo-100k.json"
echo "   reply: $(($(wc -c <"$dir/yahoo-100k.json") / 1024)) KiB"
parse=${TL_TOOL_DIR:-$top/build/cc/tests}/parse-yahoo
# The two alternate, run by run, so a load that comes and goes on a shared
# machine weighs on both alike.
"$runrss" "$dir/yahoo-100k.json" /dev/null "$parse" SYN1 1m >/dev/null
"$runrss" "$dir/m1-100k.nd" /dev/null "$bin/bars-resample" --tf 1m >/dev/null
: >"$dir/times.a"
: >"$dir/times.b"
for i in $(seq "$runs"); do
	"$runrss" "$dir/yahoo-100k.json" /dev/null "$parse" SYN1 1m >>"$dir/times.a"
	"$runrss" "$dir/m1-100k.nd" /dev/null "$bin/bars-resample" --tf 1m >>"$dir/times.b"
done
py_t=$(cut -d' ' -f1 "$dir/times.a" | median)
py_m=$(cut -d' ' -f2 "$dir/times.a" | sort -n | tail -1)
r1_t=$(cut -d' ' -f1 "$dir/times.b" | median)
r1_m=$(cut -d' ' -f2 "$dir/times.b" | sort -n | tail -1)
if grep -qv ' 0$' "$dir/times.a" "$dir/times.b"; then echo "bench: a parse or resample run failed" >&2; exit 1; fi
rm -f "$dir/times.a" "$dir/times.b"
py_ratio=$(awk -v a="$py_t" -v b="$r1_t" 'BEGIN {printf "%.2f", a / b}')
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "parse-yahoo (bars-fetch's parse)" "$py_t" "$py_m"
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "bars-resample --tf 1m" "$r1_t" "$r1_m"
printf '   ratio: the parse path takes %sx the time of bars-resample (target: at most 1.5x)\n' "$py_ratio"
if awk -v r="$py_ratio" 'BEGIN {exit !(r <= 1.5)}'; then echo "   speed target: met"; else
	echo "   speed target: MISSED"; missed=1; fi
# The whole program against a local server, for context.
printf '[{"body_file": "%s", "times": 0}]\n' "$dir/yahoo-100k.json" >"$dir/script.json"
rm -f "$dir/port" "$dir/requests" "$dir/requests.json"
python3 "$top/tests/httpd.py" "$dir/script.json" "$dir/requests" >"$dir/port" &
srv=$!
i=0; while [ ! -s "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
rm -f "$dir/fetch.db"*
set -- $(TICKLINE_NOW=1578000000 TICKLINE_DB="$dir/fetch.db" TICKLINE_YAHOO_RATE=1000/1s \
	time_runs /dev/null "$bin/bars-fetch" --refresh --tf 1m --from 2020-01-01 --to 2020-01-02 \
	--base-url "http://127.0.0.1:$(cat "$dir/port")" SYN1)
kill $srv 2>/dev/null || :; wait $srv 2>/dev/null || :
printf '   %-34s median %7ss  peak RSS %6s KiB (no target: HTTP and SQLite)\n' "bars-fetch --refresh, end to end" "$1" "$2"
rm -f "$dir/times" "$dir/fetch.db"*
exit $missed
