# t070-chart-render: the SVG chart: well-formed, golden, element counts, the
# price scale, chart commands and their warnings, -o, aggregation, edges.
. "$(dirname "$0")/lib.sh"

# xml DESC FILE: the file is well-formed XML (xmllint, a real parser).
xml() {
	if ! command -v xmllint >/dev/null 2>&1; then
		not_ok "$1: xmllint is not installed (make deps installs it)"
	elif xmllint --noout "$2" 2>"$TMP/xmllint"; then ok "$1"; else
		not_ok "$1"; head -5 "$TMP/xmllint" | sed 's/^/#   /'
	fi
}
# count FILE PATTERN: how many elements open with PATTERN (one a line or not).
count() { grep -o "$2" "$1" | wc -l | tr -d ' '; }
# same DESC GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   got '$2', expected '$3'"; fi
}

small=$DATA/chart-render-small.nd

# --- the golden chart of a small input -------------------------------------

# Six daily bars with every kind of drawing, two trades, equity and a signal;
# checked by eye once as a PNG.
run chart-render --width 640 --height 400 "$small"
expect_code "small chart" 0
expect_out "small chart (golden)" "$DATA/chart-render-small.svg"
expect_err "small chart: quiet" ""
xml "small chart is well-formed XML" "$OUT"
grep -q '<script\|href=\|url(' "$OUT" && not_ok "no scripts, no external resources" || ok "no scripts, no external resources"
run chart-render --width 640 --height 400 "$small"
expect_out "the same input gives the same bytes" "$DATA/chart-render-small.svg"
run_in "$small" chart-render --width 640 --height 400
expect_out "from standard input too" "$DATA/chart-render-small.svg"

# --- element counts equal the input -----------------------------------------

cp "$DATA/chart-render-small.svg" "$TMP/small.svg"
same "one candle per bar" "$(count "$TMP/small.svg" '<g class="candle \(up\|down\)">')" 6
same "up candles are those closing at or above the open" \
	"$(count "$TMP/small.svg" '<g class="candle up">')" "$(jq -s '[.[] | select(.type == "bar" and .c >= .o)] | length' "$small")"
same "one volume bar per candle" "$(count "$TMP/small.svg" 'class="volume \(up\|down\)"')" 6
same "one support line per SUPPORT" "$(count "$TMP/small.svg" 'class="level support"')" 1
same "one resistance line per RESISTANCE" "$(count "$TMP/small.svg" 'class="level resistance"')" 1
same "one trendline" "$(count "$TMP/small.svg" 'class="trendline"')" 1
same "one pattern" "$(count "$TMP/small.svg" 'class="pattern"')" 1
same "a losing trade" "$(count "$TMP/small.svg" 'class="trade loss long"')" 1
same "a winning trade" "$(count "$TMP/small.svg" 'class="trade win long"')" 1
same "the equity line" "$(count "$TMP/small.svg" 'class="equity"')" 1
same "the drawdown" "$(count "$TMP/small.svg" 'class="drawdown"')" 1
same "a signal" "$(count "$TMP/small.svg" 'class="signal long"')" 1
same "the plan: entry, stop, target" "$(count "$TMP/small.svg" 'class="plan \(entry\|stop\|target\)"')" 3

# 300 bars of a synthetic market and 12 levels from chart-levels' commands.
bars-synth --seed 3 --bars 300 >"$TMP/syn.nd"
chart-levels --commands --levels 12 "$TMP/syn.nd" >"$TMP/syn-cmds.nd"
cat "$TMP/syn.nd" "$TMP/syn-cmds.nd" >"$TMP/syn-all.nd"
run chart-render "$TMP/syn-all.nd"
expect_code "synthetic chart with commands" 0
cp "$OUT" "$TMP/syn.svg"
xml "synthetic chart is well-formed XML" "$TMP/syn.svg"
same "one candle per bar (300)" "$(count "$TMP/syn.svg" '<g class="candle \(up\|down\)">')" 300
same "one support line per SUPPORT command" "$(count "$TMP/syn.svg" 'class="level support"')" \
	"$(jq -r .text "$TMP/syn-cmds.nd" | grep -c '^SUPPORT:')"
same "one resistance line per RESISTANCE command" "$(count "$TMP/syn.svg" 'class="level resistance"')" \
	"$(jq -r .text "$TMP/syn-cmds.nd" | grep -c '^RESISTANCE:')"
same "one pattern box per PATTERN command" "$(count "$TMP/syn.svg" 'class="pattern"')" \
	"$(jq -r .text "$TMP/syn-cmds.nd" | grep -c '^PATTERN:')"

# --- a SUPPORT line is at the y its price maps to ---------------------------

# Computed here from the documented scale: the range of the lows, highs and
# level prices, widened by 5% each side, over the price pane's rectangle.
frame=$(grep -o '<rect class="frame price" [^>]*>' "$TMP/syn.svg" | grep -o '"[-0-9.]*"' | tr -d '"' | tr '\n' ' ')
set -- $frame # x y width height
top=$2 height=$4
jq -r .text "$TMP/syn-cmds.nd" | grep -E '^(SUPPORT|RESISTANCE):' | cut -d: -f2 >"$TMP/prices"
range=$(jq -s -r --slurpfile p <(jq -R 'tonumber' "$TMP/prices") \
	'(map(.l) + $p | min) as $lo | (map(.h) + $p | max) as $hi
	 | (($hi - $lo) * 0.05) as $pad | "\($lo - $pad) \($hi + $pad)"' "$TMP/syn.nd")
set -- $range
lo=$1 hi=$2
grep -o '<g class="level support">.*</g>' "$TMP/syn.svg" | grep -o 'd="M[-0-9.]* [-0-9.]*H' |
	sed 's/.* \([-0-9.]*\)H/\1/' >"$TMP/ys"
jq -r .text "$TMP/syn-cmds.nd" | grep '^SUPPORT:' | cut -d: -f2 |
	awk -v t="$top" -v h="$height" -v lo="$lo" -v hi="$hi" '{ printf "%.2f\n", t + (hi - $1) / (hi - lo) * h }' >"$TMP/want-ys"
# Both lists are in input order; the SVG rounds to 2 decimals, as printf does here.
if [ -s "$TMP/ys" ] && paste "$TMP/ys" "$TMP/want-ys" | awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 0.0101) exit 1 }'; then
	ok "each SUPPORT line is at the y its price maps to ($(wc -l <"$TMP/ys") lines)"
else
	not_ok "each SUPPORT line is at the y its price maps to"; paste "$TMP/ys" "$TMP/want-ys" | head -5 | sed 's/^/#   /'
fi
# The golden chart's support at 100: range [98, 110] (lows, highs, the
# target 110) padded by 0.6.
same "SUPPORT:100 on the small chart" \
	"$(grep -o '<g class="level support"><path d="M[-0-9.]* [-0-9.]*H' "$TMP/small.svg" | sed 's/.* //; s/H$//')" \
	"$(awk -v t="$(grep -o '<rect class="frame price" [^>]*>' "$TMP/small.svg" | sed 's/.* y="\([-0-9.]*\)".*/\1/')" \
		-v h="$(grep -o '<rect class="frame price" [^>]*>' "$TMP/small.svg" | sed 's/.* height="\([-0-9.]*\)".*/\1/')" \
		'BEGIN { y = t + (110.6 - 100) / 13.2 * h; s = sprintf("%.2f", y); sub(/0+$/, "", s); sub(/\.$/, "", s); print s }')"

# A trendline runs in bar-index space: the golden one falls 0.5 over 3 bars
# from 99, so at the last (sixth) bar it is at 98.5 - 2 * 0.5 / 3.
line=$(grep -o '<path class="trendline" d="[^"]*"' "$TMP/small.svg" | sed 's/.*d="M//; s/"$//; s/L/ /')
set -- $line
ftop=$(grep -o '<rect class="frame price" [^>]*>' "$TMP/small.svg" | sed 's/.* y="\([-0-9.]*\)".*/\1/')
fh=$(grep -o '<rect class="frame price" [^>]*>' "$TMP/small.svg" | sed 's/.* height="\([-0-9.]*\)".*/\1/')
if awk -v y0="$2" -v y1="$4" -v t="$ftop" -v h="$fh" 'BEGIN {
	e0 = t + (110.6 - 99) / 13.2 * h; e1 = t + (110.6 - (98.5 - 1 / 3)) / 13.2 * h
	d0 = y0 - e0; d1 = y1 - e1; if (d0 < 0) d0 = -d0; if (d1 < 0) d1 = -d1
	exit !(d0 < 0.006 && d1 < 0.006) }'; then
	ok "a trendline is extended in bar-index space to the last bar"
else
	not_ok "a trendline is extended in bar-index space to the last bar"; echo "#   $line"
fi

# --- chart commands ----------------------------------------------------------

{
	cat "$small"
	printf '%s\n' '{"type":"command","symbol":"ZZ","tf":"1D","text":"ZOOM:3"}'
	printf '%s\n' '{"type":"command","symbol":"ZZ","tf":"1D","text":"SUPPORT:abc"}'
	printf '%s\n' '{"type":"answer","success":true,"text":"x","chart_commands":["LOAD:ZZ","support:99","TRENDLINE:1:2:1:3",7,"PATTERN:x y:1:2"],"data":{"chart_context":{"symbol":"ZZ","timeframe":"1D"}}}'
} >"$TMP/cmds.nd"
run chart-render "$TMP/cmds.nd"
expect_code "bad chart commands are skipped, not fatal" 0
expect_err "each bad command named with its line" \
'chart-render: warning: '"$TMP"'/cmds.nd:23: unknown chart command "ZOOM:3" (skipped)
chart-render: warning: '"$TMP"'/cmds.nd:24: bad chart command "SUPPORT:abc": PRICE is not a number (skipped)
chart-render: warning: '"$TMP"'/cmds.nd:25: bad chart command "TRENDLINE:1:2:1:3": T1 and T2 are the same time (skipped)
chart-render: warning: '"$TMP"'/cmds.nd:25: chart command 4 is not a string (skipped)
chart-render: warning: '"$TMP"'/cmds.nd:25: bad chart command "PATTERN:x y:1:2": NAME must be 1 to 63 of A-Z a-z 0-9 _ and - (skipped)'
same "the good command of an answer draws (support:99)" "$(count "$OUT" 'class="level support"')" 2
same "the skipped ones draw nothing" "$(count "$OUT" 'class="trendline"') $(count "$OUT" 'class="pattern"')" "1 1"

# CLEAR removes the drawings and plan made before it, not trades or equity.
{ cat "$small"; printf '%s\n' '{"type":"command","symbol":"ZZ","tf":"1D","text":"CLEAR"}' \
	'{"type":"command","symbol":"ZZ","tf":"1D","text":"RESISTANCE:107"}'; } >"$TMP/clear.nd"
run chart-render "$TMP/clear.nd"
expect_code "CLEAR" 0
same "CLEAR: only what came after it is drawn" \
	"$(count "$OUT" 'class="level \(support\|resistance\)"') $(count "$OUT" 'class="trendline"') $(count "$OUT" 'class="pattern"') $(count "$OUT" 'class="plan ')" "1 0 0 0"
same "CLEAR keeps trades and equity" "$(count "$OUT" 'class="trade ') $(count "$OUT" 'class="equity"')" "2 1"

# LOAD and TIMEFRAME pick the chart; drawings go to the cursor's symbol.
jq -c '.symbol = "AA"' "$TMP/syn.nd" >"$TMP/aa.nd"
jq -c '.symbol = "BB"' "$TMP/syn.nd" >"$TMP/bb.nd"
printf '%s\n' '{"type":"answer","chart_commands":["LOAD:BB","SUPPORT:50","LOAD:AA","RESISTANCE:500","RESISTANCE:501","LOAD:BB"]}' >"$TMP/pick.nd"
run chart-render "$TMP/aa.nd" "$TMP/bb.nd" "$TMP/pick.nd"
expect_code "LOAD picks the series" 0
grep -q '<title>BB 1D</title>' "$OUT" && ok "the chart drawn is the last LOADed" || not_ok "the chart drawn is the last LOADed"
same "with the drawings made on it only" "$(count "$OUT" 'class="level support"') $(count "$OUT" 'class="level resistance"')" "1 0"
run chart-render "$TMP/aa.nd" "$TMP/bb.nd"
grep -q '<title>AA 1D</title>' "$OUT" && ok "without LOAD, the first series" || not_ok "without LOAD, the first series"
printf '%s\n' '{"type":"answer","chart_commands":["LOAD:CC"]}' >"$TMP/cc.nd"
run chart-render "$TMP/aa.nd" "$TMP/cc.nd"
expect_code "LOAD of a symbol without bars" 65
expect_err "says so" "chart-render: no bars of CC to draw"
printf '%s\n' '{"type":"answer","chart_commands":["TIMEFRAME:1h"]}' >"$TMP/h.nd"
run chart-render "$TMP/aa.nd" "$TMP/h.nd"
expect_code "TIMEFRAME without such bars" 65
expect_err "names symbol and timeframe" "chart-render: no bars of AA 1h to draw"

# --- -o FILE and -o DIR ------------------------------------------------------

run chart-render -o "$TMP/out.svg" "$small"
expect_code "-o FILE" 0
expect_out_text "-o FILE: nothing on stdout" ""
cmp -s "$TMP/out.svg" "$TMP/small.svg" && not_ok "-o FILE: the default size differs from the golden's" || ok "-o FILE: the default size differs from the golden's"
run chart-render --width 640 --height 400 -o "$TMP/out.svg" "$small"
cmp -s "$TMP/out.svg" "$DATA/chart-render-small.svg" && ok "-o FILE writes the chart" || not_ok "-o FILE writes the chart"
jq -c '.symbol = "BRK/B"' "$TMP/syn.nd" >"$TMP/brk.nd"
run chart-render -o "$TMP/charts/" "$TMP/aa.nd" "$TMP/bb.nd" "$TMP/brk.nd" "$TMP/pick.nd"
expect_code "-o DIR/" 0
same "-o DIR: one SVG per symbol, named after it" "$(cd "$TMP/charts" && ls | tr '\n' ' ')" "AA.svg BB.svg BRK_B.svg "
same "-o DIR: each its own drawings" "$(count "$TMP/charts/AA.svg" 'class="level resistance"') $(count "$TMP/charts/BB.svg" 'class="level support"')" "2 1"
xml "-o DIR: AA.svg is well-formed XML" "$TMP/charts/AA.svg"
run chart-render -o "$TMP/charts" "$TMP/aa.nd" "$TMP/cc.nd" "$TMP/pick.nd"
expect_code "-o DIR (existing, no slash)" 0
run chart-render -o "$TMP/no/such/dir/x.svg" "$small"
expect_code "-o into a missing directory" 74
expect_err "names the path" "chart-render: $TMP/no/such/dir/x.svg: No such file or directory"

# --- options ---------------------------------------------------------------

run chart-render --last 50 "$TMP/syn.nd"
same "--last 50 draws 50 candles" "$(count "$OUT" '<g class="candle \(up\|down\)">')" 50
run chart-render --theme dark "$small"
expect_code "--theme dark" 0
grep -q '\.bg{fill:#131722}' "$OUT" && ok "--theme dark: dark background" || not_ok "--theme dark: dark background"
run chart-render --title 'A&B <"x"> '"$(printf '\001')" "$small"
expect_code "--title" 0
xml "--title with markup and a control byte stays well-formed" "$OUT"
grep -q '<title>A&amp;B &lt;&quot;x&quot;&gt; �</title>' "$OUT" && ok "--title is escaped" || not_ok "--title is escaped"
run chart-render --theme blue "$small"
expect_code "--theme blue" 64
expect_err "--theme names the value" "chart-render: --theme: expected light or dark, got 'blue'
usage: chart-render [--width W] [--height H] [--theme light|dark] [--last N] [--title TEXT] [-o FILE|DIR] [--skip-bad] [--max-line BYTES] [FILE...]
Try 'chart-render --help' for more information."
run chart-render --width 100 "$small"
expect_code "--width 100" 64
run chart-render --last 0 "$small"
expect_code "--last 0" 64

# --- more bars than pixels ---------------------------------------------------

bars-synth --seed 4 --bars 20000 --tf 1m >"$TMP/m1.nd"
run chart-render --width 800 "$TMP/m1.nd"
expect_code "20,000 bars" 0
cp "$OUT" "$TMP/m1.svg"
xml "20,000 bars: well-formed XML" "$TMP/m1.svg"
w=$(grep -o '<rect class="frame price" [^>]*>' "$TMP/m1.svg" | sed 's/.* width="\([-0-9.]*\)".*/\1/')
k=$(awk -v w="$w" 'BEGIN { p = int(w); print int((20000 + p - 1) / p) }')
m=$(awk -v k="$k" 'BEGIN { print int((20000 + k - 1) / k) }')
same "bars aggregated to the pixel width: ceil(n / k) candles of k = ceil(n / width) bars" \
	"$(count "$TMP/m1.svg" '<g class="candle \(up\|down\)">')" "$m"
grep -q ", $k per candle</tspan>" "$TMP/m1.svg" && ok "the title says $k bars per candle" || not_ok "the title says $k bars per candle"
# The time axis of 20,000 minutes (about 14 days from 2020-01-01) at this
# width ticks every other day (at most one tick per 90 pixels).
labels=$(sed -n '/<g class="axis time">/,/<\/g>/p' "$TMP/m1.svg" | grep -o 'middle">[^<]*' | sed 's/middle">//' | tr '\n' ' ')
same "20,000 minutes: ticks every other day" "$labels" "Jan 3 Jan 5 Jan 7 Jan 9 Jan 11 Jan 13 "

# --- bad input --------------------------------------------------------------

run chart-render "$TMP/nonexistent.nd"
expect_code "a missing file" 66
expect_err "names it" "chart-render: $TMP/nonexistent.nd: No such file or directory"
printf '%s\n' '{"type":"level","symbol":"ZZ","tf":"1D","kind":"support"}' >"$TMP/bad.nd"
run chart-render "$small" "$TMP/bad.nd"
expect_code "a level without a price" 65
expect_err "names the file and line" "chart-render: $TMP/bad.nd:1: missing field \"price\""
expect_out_text "and writes nothing" ""
run chart-render --skip-bad "$small" "$TMP/bad.nd"
expect_code "--skip-bad: the chart without it" 0
expect_err "--skip-bad warns" "chart-render: warning: $TMP/bad.nd:1: missing field \"price\" (skipped)
chart-render: warning: 1 bad line skipped"

# --- conventions --------------------------------------------------------------

bars-synth --seed 4 --bars 3000 >"$TMP/d3k.nd"
chart-render "$TMP/d3k.nd" >/dev/full 2>"$ERR"
code=$?
expect_code "a full disk exits 74" 74
expect_err "one message for a full disk" "chart-render: write error: No space left on device"
chart-render "$TMP/d3k.nd" 2>"$ERR" | head -c 10 >/dev/null
code=${PIPESTATUS[0]}
expect_code "a closed pipe ends it by SIGPIPE" 141
expect_err "a closed pipe is quiet" ""
