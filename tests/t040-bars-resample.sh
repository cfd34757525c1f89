# t040-bars-resample: resampling real and synthetic data against independent computations.
. "$(dirname "$0")/lib.sh"

# GOOG daily -> weekly, against jq working straight from the CSV: weeks keyed
# by their Monday, open first, high max, low min, close last, volume sum.
jq -R -c 'select(test("^[0-9]")) | split(",")
	| (.[0] + "T00:00:00Z" | fromdateiso8601) as $t
	| {t: $t, o: (.[1] | tonumber), h: (.[2] | tonumber), l: (.[3] | tonumber),
	   c: (.[4] | tonumber), v: (.[5] | tonumber)}' "$SHARE/GOOG.csv" |
jq -s -c 'group_by(.t - (((.t / 86400 | floor) + 3) % 7) * 86400)[]
	| {type: "bar", symbol: "GOOG", tf: "1W",
	   t: (.[0].t - (((.[0].t / 86400 | floor) + 3) % 7) * 86400),
	   o: .[0].o, h: (map(.h) | max), l: (map(.l) | min), c: .[-1].c,
	   v: (map(.v) | add)}' >"$TMP/goog-1w.expected"
run bars-import "$SHARE/GOOG.csv"
expect_code "bars-import GOOG" 0
cp "$OUT" "$TMP/goog.nd"
run bars-resample --tf 1W "$TMP/goog.nd"
expect_code "GOOG to 1W" 0
expect_out "GOOG to 1W equals jq's weekly aggregation of the CSV" "$TMP/goog-1w.expected"
[ "$(wc -l <"$OUT")" -eq 446 ] && ok "GOOG has 446 weeks, 2004-08-16 to 2013-02-25" || not_ok "GOOG has 446 weeks"

# The same from standard input, and through '-'.
run_in "$TMP/goog.nd" bars-resample --tf 1W
expect_out "GOOG to 1W from stdin" "$TMP/goog-1w.expected"
run_in "$TMP/goog.nd" bars-resample --tf 1W -
expect_out "GOOG to 1W from -" "$TMP/goog-1w.expected"

# Weekly then monthly equals monthly straight from daily? No: weeks straddle
# months, so 1W -> 1Mo is refused; daily -> monthly agrees with jq.
jq -s -c 'group_by(.t | todate | .[0:7])[]
	| {type: "bar", symbol: "GOOG", tf: "1Mo", t: (.[0].t | todate | .[0:7] + "-01T00:00:00Z" | fromdateiso8601),
	   o: .[0].o, h: (map(.h) | max), l: (map(.l) | min), c: .[-1].c, v: (map(.v) | add)}' \
	"$TMP/goog.nd" >"$TMP/goog-1mo.expected"
run bars-resample --tf 1Mo "$TMP/goog.nd"
expect_out "GOOG to 1Mo equals jq's monthly aggregation" "$TMP/goog-1mo.expected"

# EURUSD hourly -> 4h -> 1D equals hourly -> 1D (4h buckets divide days).
run bars-import "$SHARE/EURUSD.csv"
cp "$OUT" "$TMP/eurusd.nd"
run bars-resample --tf 1D "$TMP/eurusd.nd"
cp "$OUT" "$TMP/eur-1d.nd"
run bars-resample --tf 4h "$TMP/eurusd.nd"
cp "$OUT" "$TMP/eur-4h.nd"
run bars-resample --tf 1D "$TMP/eur-4h.nd"
expect_out "EURUSD 1h->4h->1D equals 1h->1D" "$TMP/eur-1d.nd"

# Synthetic minutes: volume is conserved and every output bar is valid.
bars-synth --seed 3 --symbols 3 --bars 20000 --tf 1m >"$TMP/m1.nd"
run bars-resample --tf 1h "$TMP/m1.nd"
expect_code "synthetic 1m to 1h" 0
in_v=$(jq -s 'map(.v) | add' "$TMP/m1.nd")
out_v=$(jq -s 'map(.v) | add' "$OUT")
[ "$in_v" = "$out_v" ] && ok "volume conserved ($in_v)" || not_ok "volume conserved: $in_v vs $out_v"
bad=$(jq -c 'select(.h < ([.o, .c] | max) or .l > ([.o, .c] | min) or .t % 3600 != 0)' "$OUT" | wc -l)
[ "$bad" -eq 0 ] && ok "every hourly bar valid and on the hour" || not_ok "$bad invalid hourly bars"
[ "$(wc -l <"$OUT")" -eq 1002 ] && ok "3 symbols x 334 hours" || not_ok "3 symbols x 334 hours: $(wc -l <"$OUT")"

# Several files in order, as one stream.
head -n 30000 "$TMP/m1.nd" >"$TMP/part1.nd"
tail -n +30001 "$TMP/m1.nd" >"$TMP/part2.nd"
cp "$OUT" "$TMP/whole.nd"
run bars-resample --tf 1h "$TMP/part1.nd" "$TMP/part2.nd"
expect_out "two files read as one stream" "$TMP/whole.nd"

# Help, version, write errors, closed pipes.
run bars-resample --help
expect_code "--help exits 0" 0
[ "$(head -n 1 "$OUT")" = "usage: bars-resample --tf TF [--tz ZONE] [--skip-bad] [--max-line BYTES] [-u] [FILE...]" ] &&
	ok "--help starts with the usage line" || not_ok "--help starts with the usage line"
run bars-resample --version
expect_out_text "--version" "bars-resample (tickline) 0.1.0"
bars-resample --tf 1m "$TMP/m1.nd" >/dev/full 2>"$ERR"
code=$?
expect_code "write to a full disk exits 74" 74
expect_err "write error message" "bars-resample: write error: No space left on device"
bars-resample --tf 1m "$TMP/m1.nd" 2>"$ERR" | head -n 1 >/dev/null
code=${PIPESTATUS[0]}
expect_code "a closed pipe ends quietly (SIGPIPE)" 141
expect_err "nothing on stderr for a closed pipe" ""

# -u flushes each record: a reader sees the first bucket before input ends.
mkfifo "$TMP/fifo"
(printf '%s\n' '{"symbol":"A","tf":"1m","t":0,"o":1,"h":1,"l":1,"c":1,"v":1}' \
	'{"symbol":"A","tf":"1m","t":3600,"o":1,"h":1,"l":1,"c":1,"v":1}'; sleep 2) >"$TMP/fifo" &
timeout 1 bars-resample -u --tf 1h "$TMP/fifo" >"$OUT" 2>"$ERR"
wait
expect_out_text "-u writes a closed bucket at once" '{"type":"bar","symbol":"A","tf":"1h","t":0,"o":1,"h":1,"l":1,"c":1,"v":1}'

# Local-clock buckets across New York's changes of offset stay in order and
# hold every hour once: 4h buckets of 3 hours (March) and 5 hours (November).
for day in 2024-03-10 2024-11-03; do
	jq -n -c --arg d "$day" 'range(0; 48) as $h
		| {symbol: "N", tf: "1h", t: (($d + "T00:00:00Z" | fromdateiso8601) + $h * 3600),
		   o: 1, h: 2, l: 1, c: 2, v: 1}' >"$TMP/ny-$day.nd"
	run bars-resample --tf 4h --tz America/New_York "$TMP/ny-$day.nd"
	expect_code "$day: 4h in New York" 0
	[ "$(jq -s '[.[].t] | . == (sort | unique)' "$OUT")" = true ] &&
		ok "$day: 4h keys rise strictly" || not_ok "$day: 4h keys rise strictly"
	[ "$(jq -s 'map(.v) | add' "$OUT")" = 48 ] &&
		ok "$day: every hour counted once" || not_ok "$day: every hour counted once"
done
run bars-resample --tf 4h --tz America/New_York "$TMP/ny-2024-03-10.nd"
jq -c 'select(.t >= 1710043200 and .t < 1710072000) | [(.t | todate), .v]' "$OUT" >"$TMP/ny-march"
printf '%s\n' '["2024-03-10T05:00:00Z",3]' '["2024-03-10T08:00:00Z",4]' >"$TMP/want"
cmp -s "$TMP/want" "$TMP/ny-march" && ok "2024-03-10: local 00:00-04:00 is 3 hours, then 04:00 EDT" ||
	{ not_ok "2024-03-10: local 00:00-04:00 is 3 hours, then 04:00 EDT"; diff "$TMP/want" "$TMP/ny-march"; }
