# t060-chart-levels: levels of hand-built and real series, --commands, --at, --lookback.
. "$(dirname "$0")/lib.sh"

# A zigzag through exact prices: 105 up to 110, down to 100, up to 110, down
# to 100, up to 110, down to 105, 8 daily bars a leg. Highs touch 110 three
# times and lows 100 twice; nothing else is a pivot.
zigzag() { # SYMBOL [POINTS]
	jq -n -c --arg s "$1" --argjson p "${2:-[105,110,100,110,100,110,105]}" '
		[range(0; ($p | length) - 1) as $k | range(0; 8) as $j
		 | $p[$k] + ($p[$k + 1] - $p[$k]) * ($j + 1) / 8] as $c
		| [$p[0]] + $c | . as $cs
		| range(1; length) as $i
		| {type: "bar", symbol: $s, tf: "1D", t: (1704067200 + ($i - 1) * 86400),
		   o: $cs[$i - 1], h: ([$cs[$i - 1], $cs[$i]] | max),
		   l: ([$cs[$i - 1], $cs[$i]] | min), c: $cs[$i], v: 1000}'
}
zigzag ZZ >"$TMP/zz.nd"

# strength = touches + 1.5 flips + (last pivot's bar + 1 - 1) / 48 bars:
# the third peak is bar 39, the second trough bar 31. The last four pivots
# (low 15, high 23, low 31, high 39) are a rectangle seen from its last
# touch of the top, so bearish; forming, as no close has left it yet (it
# waits 39 - 15 bars): target 100 - (110 - 100), invalidation 110.
run chart-levels "$TMP/zz.nd"
expect_code "zigzag" 0
expect_out_text "two levels: 110 three times, 100 twice; a forming rectangle" \
'{"type":"level","symbol":"ZZ","tf":"1D","kind":"resistance","price":110,"zone":[110,110],"touches":3,"flips":0,"strength":3.8125,"first":1704672000,"last":1707436800}
{"type":"level","symbol":"ZZ","tf":"1D","kind":"support","price":100,"zone":[100,100],"touches":2,"flips":0,"strength":2.6458,"first":1705363200,"last":1706745600}
{"type":"pattern","symbol":"ZZ","tf":"1D","name":"rectangle","direction":"bearish","status":"forming","start":1705363200,"end":1707436800,"points":[[1705363200,100],[1706054400,110],[1706745600,100],[1707436800,110]],"target":90,"invalidation":110,"confidence":1}'
expect_err "zigzag: quiet" ""

run chart-levels --commands "$TMP/zz.nd"
expect_out_text "--commands: LOAD, TIMEFRAME, the levels, then the pattern" \
'{"type":"command","symbol":"ZZ","tf":"1D","text":"LOAD:ZZ"}
{"type":"command","symbol":"ZZ","tf":"1D","text":"TIMEFRAME:1D"}
{"type":"command","symbol":"ZZ","tf":"1D","text":"RESISTANCE:110"}
{"type":"command","symbol":"ZZ","tf":"1D","text":"SUPPORT:100"}
{"type":"command","symbol":"ZZ","tf":"1D","text":"PATTERN:rectangle:1705363200:1707436800"}'

# A third peak 1.5 above the others is beyond the tolerance (0.5 ATR; the
# legs move 1.25 a bar): the 110 level keeps two touches, and the lone
# 111.5 pivot is neither a level nor the nearest resistance. With --tol 2
# (2.5) all three peaks merge.
zigzag ZZ '[105,110,100,110,100,111.5,105]' >"$TMP/zz2.nd"
run chart-levels "$TMP/zz2.nd"
[ "$(jq -c 'select(.kind == "resistance") | [.price, .zone, .touches]' "$OUT")" = '[110,[110,110],2]' ] &&
	ok "a peak beyond the tolerance does not merge" || not_ok "a peak beyond the tolerance does not merge"
run chart-levels --tol 2 "$TMP/zz2.nd"
[ "$(jq -c 'select(.kind == "resistance") | [.price, .zone, .touches]' "$OUT")" = '[110.5,[110,111.5],3]' ] &&
	ok "a peak within --tol 2 merges" || not_ok "a peak within --tol 2 merges"

# Rising lows 102, 104, 106 sixteen bars apart lie on one support line of
# slope 2/16 per bar; the rising highs make no resistance line (those fall).
zigzag UP '[100,110,102,112,104,114,106,112]' >"$TMP/up.nd"
run chart-levels "$TMP/up.nd"
jq -c 'select(.type == "trendline")' "$OUT" >"$TMP/lines"
printf '%s\n' '{"type":"trendline","symbol":"UP","tf":"1D","kind":"support","t1":1705363200,"p1":102,"t2":1708128000,"p2":106,"touches":3,"slope":0.125,"value":107}' >"$TMP/want"
expect_code "rising lows" 0
cmp -s "$TMP/want" "$TMP/lines" && ok "three rising lows give one support trendline" ||
	{ not_ok "three rising lows give one support trendline"; diff "$TMP/want" "$TMP/lines"; }
run chart-levels --commands "$TMP/up.nd"
[ "$(jq -r 'select(.text | startswith("TRENDLINE")) | .text' "$OUT")" = "TRENDLINE:1705363200:102:1708128000:106" ] &&
	ok "--commands: TRENDLINE with its two anchors" || not_ok "--commands: TRENDLINE with its two anchors"
[ "$(jq -r .text "$OUT" | sed -n '1p;2p' | tr '\n' ' ')" = "LOAD:UP TIMEFRAME:1D " ] &&
	[ "$(jq -r .text "$OUT" | tail -n 1 | cut -d: -f1)" = TRENDLINE ] &&
	ok "--commands: LOAD, TIMEFRAME, levels, then trendlines" || not_ok "--commands: LOAD, TIMEFRAME, levels, then trendlines"

# Interleaved series come out each on its own, in order of appearance.
zigzag AA >"$TMP/aa.nd"
jq -s -c 'sort_by(.t)[]' "$TMP/zz.nd" "$TMP/aa.nd" >"$TMP/both.nd"
run chart-levels --commands "$TMP/both.nd"
expect_code "interleaved series" 0
[ "$(jq -r .text "$OUT" | tr '\n' ' ')" = "LOAD:ZZ TIMEFRAME:1D RESISTANCE:110 SUPPORT:100 PATTERN:rectangle:1705363200:1707436800 LOAD:AA TIMEFRAME:1D RESISTANCE:110 SUPPORT:100 PATTERN:rectangle:1705363200:1707436800 " ] &&
	ok "interleaved series: each its own levels" || not_ok "interleaved series: each its own levels"

# GOOG: the golden output, checked by eye once; levels lie in the traded range.
bars-import "$SHARE/GOOG.csv" >"$TMP/goog.nd"
run chart-levels "$TMP/goog.nd"
expect_out "GOOG levels (golden)" "$DATA/chart-levels-goog.nd"
bad=$(jq -s --slurpfile b "$TMP/goog.nd" '
	($b | map(.l) | min) as $lo | ($b | map(.h) | max) as $hi
	| map(select(.type == "level")
	      | select(.price < $lo or .price > $hi or .zone[0] > .price or .zone[1] < .price)) | length' "$OUT")
[ "$bad" = 0 ] && ok "GOOG: levels within the traded range" || not_ok "GOOG: $bad levels outside the traded range"
[ "$(jq -s '[.[] | select(.kind == "support")] | map(.price) | max' "$OUT")" = 746.12 ] &&
	ok "GOOG: the nearest support is there" || not_ok "GOOG: the nearest support is there"

# --at T equals the run over the bars up to T; --lookback N over the last N.
for at in 1199145600 1262304000 1325376000; do
	jq -c --argjson at "$at" 'select(.t <= $at)' "$TMP/goog.nd" >"$TMP/upto.nd"
	chart-levels "$TMP/upto.nd" >"$TMP/want" 2>&1
	run chart-levels --at "$at" "$TMP/goog.nd"
	expect_out "--at $at equals reading the bars up to it" "$TMP/want"
done
run chart-levels --at 2010-01-01 "$TMP/goog.nd"
cp "$OUT" "$TMP/at-date"
run chart-levels --at 1262304000 "$TMP/goog.nd"
expect_out "--at takes a date too" "$TMP/at-date"
tail -n 300 "$TMP/goog.nd" >"$TMP/last300.nd"
chart-levels "$TMP/last300.nd" >"$TMP/want"
run chart-levels --lookback 300 "$TMP/goog.nd"
expect_out "--lookback 300 equals the last 300 bars" "$TMP/want"

# Series with no levels: nothing written, exit 0, a note with -v.
jq -c 'select(.t < 1704067200 + 5 * 86400)' "$TMP/zz.nd" >"$TMP/short.nd"
run chart-levels "$TMP/short.nd"
expect_code "a series shorter than the pivot window" 0
expect_out_text "a short series gives no levels" ""
expect_err "and says nothing" ""
run chart-levels -v "$TMP/short.nd"
expect_err "-v says why" "chart-levels: warning: ZZ 1D: no levels in 5 bars (a pivot needs 5 bars before and 5 after it)"
jq -n -c 'range(0; 100) | {symbol: "K", tf: "1h", t: (. * 3600), o: 5, h: 5, l: 5, c: 5, v: 0}' >"$TMP/flat.nd"
run chart-levels "$TMP/flat.nd"
expect_code "constant prices" 0
expect_out_text "constant prices give no levels" ""
head -n 1 "$TMP/zz.nd" >"$TMP/one.nd"
run chart-levels "$TMP/one.nd"
expect_out_text "one bar gives no levels" ""
jq -c 'select(.t != 1704067200 + 20 * 86400)' "$TMP/zz.nd" >"$TMP/gap.nd"
run chart-levels --commands "$TMP/gap.nd"
expect_code "a gap in time" 0
[ "$(jq -r .text "$OUT" | tr '\n' ' ')" = "LOAD:ZZ TIMEFRAME:1D RESISTANCE:110 SUPPORT:100 PATTERN:rectangle:1705363200:1707436800 " ] &&
	ok "a gap in time leaves the levels and the pattern" || not_ok "a gap in time leaves the levels and the pattern"

# Options.
run chart-levels --pivot 3 "$TMP/zz.nd"
expect_code "--pivot without R" 64
run chart-levels --pivot 0,5 "$TMP/zz.nd"
expect_code "--pivot 0,5" 64
run chart-levels --tol -1 "$TMP/zz.nd"
expect_code "--tol -1" 64
run chart-levels --at soon "$TMP/zz.nd"
expect_code "--at soon" 64
expect_err "--at names the value" "chart-levels: --at: expected epoch seconds or an RFC 3339 time, got 'soon'
usage: chart-levels [--lookback N] [--levels N] [--tol ATR_MULT] [--pivot L,R] [--patterns LIST|all|none] [--commands] [--at T] [--skip-bad] [--max-line BYTES] [-v] [FILE...]
Try 'chart-levels --help' for more information."
run chart-levels --levels 1 "$TMP/zz.nd"
[ "$(jq -c 'select(.type == "level")' "$OUT" | wc -l)" -eq 2 ] && ok "--levels 1 still keeps the nearest support and resistance" ||
	not_ok "--levels 1 still keeps the nearest support and resistance"

# Patterns: a planted double top and double bottom are found and confirmed
# where bars-synth's truth says; --patterns picks them; PATTERN comes last.
bars-synth --seed 5 --plant double_top,double_bottom --bars 400 --truth "$TMP/truth.nd" >"$TMP/planted.nd"
bars-synth --seed 6 --plant head_and_shoulders,inverse_head_and_shoulders --bars 500 --truth "$TMP/truth-hs.nd" >"$TMP/planted-hs.nd"
run chart-levels "$TMP/planted.nd"
expect_code "planted patterns" 0
jq -c 'select(.type == "pattern" and .status == "confirmed") | [.name, .confirmed_at]' "$OUT" | head -n 2 >"$TMP/found"
jq -c '[.name, .confirmed_at]' "$TMP/truth.nd" | head -n 2 >"$TMP/want"
cmp -s "$TMP/want" "$TMP/found" && ok "planted patterns found at their confirmation" ||
	{ not_ok "planted patterns found at their confirmation"; diff "$TMP/want" "$TMP/found"; }
run chart-levels --patterns double_bottom "$TMP/planted.nd"
[ "$(jq -r 'select(.type == "pattern") | .name' "$OUT" | sort -u)" = double_bottom ] &&
	ok "--patterns double_bottom finds only those" || not_ok "--patterns double_bottom finds only those"
run chart-levels --patterns none "$TMP/planted.nd"
[ "$(jq -c 'select(.type == "pattern")' "$OUT" | wc -l)" -eq 0 ] &&
	ok "--patterns none finds none" || not_ok "--patterns none finds none"
run chart-levels --commands "$TMP/planted.nd"
[ "$(jq -r '.text | split(":")[0]' "$OUT" | tail -n 1)" = PATTERN ] &&
	ok "--commands: PATTERN commands come last" || not_ok "--commands: PATTERN commands come last"
run chart-levels --patterns double_top,wedge "$TMP/planted.nd"
expect_code "--patterns with an unknown name" 64
[ "$(head -n 1 "$ERR")" = "chart-levels: --patterns: unknown pattern 'wedge'" ] &&
	ok "the unknown pattern is named" || not_ok "the unknown pattern is named"
# The --patterns words (and so the completions) are the ten names, those
# bars-synth plants.
[ "$(chart-levels --list-options | awk -F '\t' '$1 == "patterns" {print $4}')" = \
  "all none $(bars-synth --list-options | awk -F '\t' '$1 == "plant" {print $4}' | sed 's/^all //; s/ range$//')" ] &&
	ok "--patterns knows every pattern name" || not_ok "--patterns knows every pattern name"
# Triangles, flags and rectangle: each planted one is found, confirmed, at
# the truth's key points (those after its start), and nothing else.
bars-synth --seed 7 --plant ascending_triangle,descending_triangle,symmetric_triangle,bull_flag,bear_flag,rectangle \
	--bars 700 --truth "$TMP/truth-ch.nd" >"$TMP/planted-ch.nd"
run chart-levels "$TMP/planted-ch.nd"
expect_code "planted triangles, flags and rectangle" 0
jq -c 'select(.type == "pattern" and .status == "confirmed") | [.name, (.points | map(.[0]))]' "$OUT" >"$TMP/found"
jq -c '[.name, (.points[1:5] | map(.[0]))]' "$TMP/truth-ch.nd" >"$TMP/want"
[ "$(wc -l <"$TMP/want")" -eq 6 ] && cmp -s "$TMP/want" "$TMP/found" &&
	ok "planted triangles, flags and rectangle found at their points" ||
	{ not_ok "planted triangles, flags and rectangle found at their points"; diff "$TMP/want" "$TMP/found"; }
run chart-levels "$TMP/planted-hs.nd"
jq -c 'select(.type == "pattern" and .status == "confirmed") | [.name, .confirmed_at, (.points | length)]' "$OUT" >"$TMP/found"
jq -c '[.name, .confirmed_at, 5]' "$TMP/truth-hs.nd" >"$TMP/want"
cmp -s "$TMP/want" "$TMP/found" && ok "planted head and shoulders (and inverse) found with five points" ||
	{ not_ok "planted head and shoulders (and inverse) found with five points"; diff "$TMP/want" "$TMP/found"; }
