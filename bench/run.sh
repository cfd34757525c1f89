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
# session-set on a store of 1,000 sessions: at most 5 ms per process.
# agent-ask (local) drawing support and resistance on two years of daily
# bars from the bar cache: at most 50 ms per process.
# scan-run --tfs 1D,1W on 5,000 symbols x 500 daily bars (2.5 million
# bars): at most 2x the time of bars-resample --tf 1W on the same file, and
# at least 10x faster, whole process, than bench/scan_peer.js, the same
# components, score and veto computed in Node.js with the npm package
# technicalindicators (pinned in bench/node/package-lock.json and installed
# on demand with npm ci under build/bench/node; without node, npm or the
# network that peer is MISSED, said on a line of its own). The peer's
# directions must agree with scan-run's on at least 99% of the symbols, so
# that it does the same job. scan-run's memory follows symbols x window,
# not the length of the history: on 1,000 symbols its peak RSS with 2,000
# daily bars each is within 1.5x of that with 500.
# backtest --strategy sma-cross:10,20 over the same file: at least 10x
# faster than bench/sma_cross.py, the same strategy in plain pandas run by
# /usr/bin/python3 (Debian's python3-pandas: sh tools/deps bench installs
# it), and at most 1.5x the time of bars-resample; peak RSS flat (100,000
# and 1,000,000 bars within 1 MiB).
# chart-render: 10,000 daily bars with 20 drawings in at most 100 ms a
# process; the 1,000,000 one-minute bars in under 2 s, the SVG under 1 MiB.
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
#
# BENCH_ONLY=scan (make bench BENCH_ONLY=scan) runs the scan-run section
# alone, on its own input.
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
# The untimed run's output goes to $warm_out when set, else nowhere.
time_runs() {
	in=$1; shift
	"$runrss" "$in" "${warm_out:-/dev/null}" "$@" >/dev/null # warm-up, untimed
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

# node_peer: makes the Node.js peer of scan-run runnable: installs
# bench/node's pinned packages under $dir/node with npm ci when they are not
# there yet. Returns 1 with the reason in $why when it cannot.
node_peer() {
	nd=$dir/node
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		why="node or npm is not installed"; return 1
	fi
	if cmp -s "$top/bench/node/package-lock.json" "$nd/package-lock.json" &&
		[ -f "$nd/node_modules/technicalindicators/package.json" ]; then
		return 0
	fi
	rm -rf "$nd"
	mkdir -p "$nd"
	cp "$top/bench/node/package.json" "$top/bench/node/package-lock.json" "$nd/"
	echo "   installing technicalindicators into build/bench/node (npm ci)"
	if ! (cd "$nd" && timeout 300 npm ci --no-audit --no-fund) >"$dir/npm.log" 2>&1; then
		rm -f "$nd/package-lock.json" # not installed: try again next time
		why="npm ci failed (no network?), see build/bench/npm.log"; return 1
	fi
}

# scan_section: scan-run against bars-resample and the Node.js peer, and
# scan-run's memory on a short and a long history.
scan_section() {
	echo "== scan-run --tfs 1D,1W vs bars-resample --tf 1W and Node.js, 5,000 symbols x 500 daily bars, $runs runs each"
	"$bin/bars-synth" --seed 2 --symbols 5000 --bars 500 >"$dir/d-5k.nd"
	sync
	cat "$dir/d-5k.nd" >/dev/null
	set -- $(warm_out="$dir/scan-run.out" time_runs "$dir/d-5k.nd" "$bin/scan-run" --tfs 1D,1W)
	sc_t=$1 sc_m=$2
	set -- $(time_runs "$dir/d-5k.nd" "$bin/bars-resample" --tf 1W)
	sr_t=$1 sr_m=$2
	sc_ratio=$(awk -v a="$sc_t" -v b="$sr_t" 'BEGIN {printf "%.2f", a / b}')
	printf '   %-34s median %7ss  peak RSS %6s KiB\n' "scan-run --tfs 1D,1W" "$sc_t" "$sc_m"
	printf '   %-34s median %7ss  peak RSS %6s KiB\n' "bars-resample --tf 1W" "$sr_t" "$sr_m"
	why=
	if node_peer; then
		set -- $(NODE_PATH="$dir/node/node_modules" warm_out="$dir/scan-peer.out" \
			time_runs "$dir/d-5k.nd" node "$top/bench/scan_peer.js")
		nj_t=$1 nj_m=$2
		ti=$(node -p 'require(process.argv[1]).version' "$dir/node/node_modules/technicalindicators/package.json")
		printf '   %-34s median %7ss  peak RSS %6s KiB\n' "Node.js peer (bench/scan_peer.js)" "$nj_t" "$nj_m"
		printf '   %-34s node %s, technicalindicators %s\n' "" "$(node --version)" "$ti"
	fi
	printf '   ratio: scan-run takes %sx the time of bars-resample (target: at most 2x)\n' "$sc_ratio"
	if awk -v r="$sc_ratio" 'BEGIN {exit !(r <= 2)}'; then echo "   speed target: met"; else
		echo "   speed target: MISSED"; missed=1; fi
	if [ -n "$why" ]; then
		echo "   the peer in Node.js (technicalindicators) cannot run: $why: MISSED"; missed=1
	else
		nj_ratio=$(awk -v a="$nj_t" -v b="$sc_t" 'BEGIN {printf "%.1f", a / b}')
		printf '   ratio: scan-run is %sx faster than Node.js (target: at least 10x)\n' "$nj_ratio"
		if awk -v r="$nj_ratio" 'BEGIN {exit !(r >= 10)}'; then echo "   speed target: met"; else
			echo "   speed target: MISSED"; missed=1; fi
		# The same symbols, directions and scores, or the peer did another job.
		set -- $(jq -n -r --slurpfile a "$dir/scan-run.out" --slurpfile b "$dir/scan-peer.out" '
			($b | map({key: .symbol, value: .}) | from_entries) as $p
			| [$a[] | . as $s | $p[$s.symbol] | select(. != null)
				| {same: (.direction == $s.direction),
				   d: (.score - $s.score | if . < 0 then -. else . end)}]
			| "\(map(select(.same)) | length) \($a | length) \(map(.d) | max // 0)"')
		printf '   the peer agrees with scan-run: direction of %s of %s symbols, scores within %.2f\n' "$1" "$2" "$3"
		if [ "$2" -gt 0 ] && [ $(($1 * 100)) -ge $(($2 * 99)) ]; then
			echo "   peer check (directions agree on at least 99%): met"
		else
			echo "   peer check (directions agree on at least 99%): MISSED"; missed=1
		fi
	fi
	rm -f "$dir/times" "$dir/d-5k.nd" "$dir/scan-run.out" "$dir/scan-peer.out"

	echo "== scan-run --tfs 1D,1W memory: 1,000 symbols x 500 vs x 2,000 daily bars, $runs runs each"
	"$bin/bars-synth" --seed 2 --symbols 1000 --bars 500 >"$dir/d-1k-500.nd"
	"$bin/bars-synth" --seed 2 --symbols 1000 --bars 2000 >"$dir/d-1k-2000.nd"
	set -- $(time_runs "$dir/d-1k-500.nd" "$bin/scan-run" --tfs 1D,1W)
	ms_t=$1 ms_m=$2
	set -- $(time_runs "$dir/d-1k-2000.nd" "$bin/scan-run" --tfs 1D,1W)
	ml_t=$1 ml_m=$2
	printf '   %-34s median %7ss  peak RSS %6s KiB\n' "1,000 symbols x 500 bars" "$ms_t" "$ms_m"
	printf '   %-34s median %7ss  peak RSS %6s KiB\n' "1,000 symbols x 2,000 bars" "$ml_t" "$ml_m"
	if awk -v a="$ml_m" -v b="$ms_m" 'BEGIN {exit !(a <= 1.5 * b)}'; then
		echo "   memory target (2,000 bars within 1.5x of 500): met"
	else
		echo "   memory target (2,000 bars within 1.5x of 500): MISSED"; missed=1
	fi
	rm -f "$dir/times" "$dir/d-1k-500.nd" "$dir/d-1k-2000.nd"
}

case ${BENCH_ONLY:-} in
'') ;;
scan) scan_section; exit $missed ;;
*) echo "bench: BENCH_ONLY: unknown section '$BENCH_ONLY' (known: scan)" >&2; exit 64 ;;
esac

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

echo "== session-set symbol=GOOG tf=1D on a store of 1,000 sessions, $runs x 20 runs"
db="$dir/sessions.db"
rm -f "$db" "$db-wal" "$db-shm"
i=0
while [ $i -lt 1000 ]; do i=$((i + 1)); echo "s$i"; done |
	while read -r s; do "$bin/session-set" --db "$db" --session "$s" symbol=GOOG >/dev/null; done
: >"$dir/times"
for i in $(seq $((runs * 20))); do
	"$runrss" /dev/null /dev/null "$bin/session-set" --db "$db" --session desk symbol=GOOG tf=1D |
		cut -d' ' -f1 >>"$dir/times"
done
ss_t=$(median <"$dir/times")
ss_ms=$(awk -v t="$ss_t" 'BEGIN {printf "%.1f", t * 1000}')
printf '   %-34s median %7s ms per process\n' "session-set" "$ss_ms"
if awk -v t="$ss_t" 'BEGIN {exit !(t <= 0.005)}'; then echo "   speed target (<= 5 ms): met"; else
	echo "   speed target (<= 5 ms): MISSED"; missed=1; fi
echo "== backtest --strategy sma-cross:10,20 vs pandas (bench/sma_cross.py) and bars-resample, 1,000,000 bars"
set -- $(time_runs "$dir/m1-1M.nd" "$bin/backtest" --strategy sma-cross:10,20)
bt_t=$1 bt_m=$2
set -- $(time_runs "$dir/m1-100k.nd" "$bin/backtest" --strategy sma-cross:10,20)
bt_small_m=$2
bt_rs=$(awk -v a="$bt_t" -v b="$rs_t" 'BEGIN {printf "%.2f", a / b}')
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "backtest --strategy sma-cross:10,20" "$bt_t" "$bt_m"
printf '   %-34s peak RSS %6s KiB\n' "backtest, 100,000 bars" "$bt_small_m"
if ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then sh "$top/tools/deps" bench || true; fi
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
	set -- $(time_runs "$dir/m1-1M.nd" /usr/bin/python3 "$top/bench/sma_cross.py" "$dir/m1-1M.nd")
	pd_t=$1 pd_m=$2
	pd_ratio=$(awk -v a="$pd_t" -v b="$bt_t" 'BEGIN {printf "%.1f", a / b}')
	printf '   %-34s median %7ss  peak RSS %6s KiB\n' "pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')" "$pd_t" "$pd_m"
	printf '   ratio: backtest is %sx faster than pandas (target: at least 10x)\n' "$pd_ratio"
	if awk -v r="$pd_ratio" 'BEGIN {exit !(r >= 10)}'; then echo "   speed target: met"; else
		echo "   speed target: MISSED"; missed=1; fi
else
	echo "   pandas: /usr/bin/python3 cannot import pandas (sh tools/deps bench installs it): MISSED"; missed=1
fi
printf '   ratio: backtest takes %sx the time of bars-resample (target: at most 1.5x)\n' "$bt_rs"
if awk -v r="$bt_rs" 'BEGIN {exit !(r <= 1.5)}'; then echo "   speed target: met"; else
	echo "   speed target: MISSED"; missed=1; fi
if [ $((bt_m - bt_small_m)) -le 1024 ]; then echo "   memory target (flat): met"; else
	echo "   memory target (flat): MISSED"; missed=1; fi
echo "== chart-render: 10,000 daily bars with 20 drawings; 1,000,000 one-minute bars"
"$bin/bars-synth" --seed 2 --bars 10000 >"$dir/d10k.nd"
# 20 drawings: 8 levels, 6 trendlines, 6 patterns, as command records.
jq -s -c '. as $b | length as $n | $b[0].symbol as $s
	| [range(0; 8) | "SUPPORT:\($b[($n / 8 * .) | floor].l)"]
	+ [range(0; 6) | ($n / 7 * . | floor) as $i | "TRENDLINE:\($b[$i].t):\($b[$i].l):\($b[$i + 50].t):\($b[$i + 50].l)"]
	+ [range(0; 6) | ($n / 7 * . | floor) as $i | "PATTERN:double_top:\($b[$i].t):\($b[$i + 40].t)"]
	| .[] | {type: "command", symbol: $s, tf: "1D", text: .}' "$dir/d10k.nd" >"$dir/d10k-draw.nd"
cat "$dir/d10k.nd" "$dir/d10k-draw.nd" >"$dir/d10k-all.nd"
set -- $(time_runs "$dir/d10k-all.nd" "$bin/chart-render")
cr_t=$1 cr_m=$2
set -- $(time_runs "$dir/m1-1M.nd" "$bin/chart-render")
cr1_t=$1 cr1_m=$2
"$bin/chart-render" "$dir/m1-1M.nd" >"$dir/m1-1M.svg"
cr1_size=$(wc -c <"$dir/m1-1M.svg")
printf '   %-34s median %7ss  peak RSS %6s KiB\n' "10,000 bars, 20 drawings" "$cr_t" "$cr_m"
printf '   %-34s median %7ss  peak RSS %6s KiB  SVG %s bytes\n' "1,000,000 bars" "$cr1_t" "$cr1_m" "$cr1_size"
if awk -v t="$cr_t" 'BEGIN {exit !(t <= 0.1)}'; then echo "   10,000 bars in at most 100 ms: met"; else
	echo "   10,000 bars in at most 100 ms: MISSED"; missed=1; fi
if awk -v t="$cr1_t" 'BEGIN {exit !(t < 2)}' && [ "$cr1_size" -lt 1048576 ]; then
	echo "   1,000,000 bars under 2 s and 1 MiB: met"
else
	echo "   1,000,000 bars under 2 s and 1 MiB: MISSED"; missed=1
fi

echo "== agent-ask \"draw support and resistance\" (local) on two years of daily GOOG bars in the cache, $runs x 20 runs"
db="$dir/agent.db"
rm -f "$db" "$db-wal" "$db-shm"
{ head -n 1 "$top/share/tickline/data/GOOG.csv"; tail -n 504 "$top/share/tickline/data/GOOG.csv"; } >"$dir/GOOG.csv"
"$bin/bars-import" --store --db "$db" "$dir/GOOG.csv" >/dev/null
"$bin/session-set" --db "$db" --session bench symbol=GOOG tf=1D >/dev/null
: >"$dir/times"
for i in $(seq $((runs * 20))); do
	"$runrss" /dev/null /dev/null "$bin/agent-ask" --db "$db" --session bench "draw support and resistance" |
		cut -d' ' -f1 >>"$dir/times"
done
aa_t=$(median <"$dir/times")
aa_ms=$(awk -v t="$aa_t" 'BEGIN {printf "%.1f", t * 1000}')
printf '   %-34s median %7s ms per process\n' "agent-ask (local)" "$aa_ms"
if awk -v t="$aa_t" 'BEGIN {exit !(t <= 0.05)}'; then echo "   speed target (<= 50 ms): met"; else
	echo "   speed target (<= 50 ms): MISSED"; missed=1; fi
rm -f "$dir/times"
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

scan_section
exit $missed
