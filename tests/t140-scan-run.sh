# t140-scan-run.sh: scan-run ranks known regimes, replays without look-ahead, and feeds backtest.
. "$(dirname "$0")/lib.sh"

awk -v n=300 -f "$DATA/scan/regimes.awk" >"$TMP/reg.nd"

# Ranking: the uptrend scores long and above the flat one; the downtrend short.
TICKLINE_NOW=0 run scan-run --tfs 1D,1W "$TMP/reg.nd"
expect_code "regimes: exits 0" 0
jq -r '[.symbol, .direction] | @tsv' "$OUT" >"$TMP/dirs"
printf 'UP\tlong\nDOWN\tshort\nFLAT\tneutral\n' >"$TMP/want"
_expect_file "regimes: UP long, DOWN short, FLAT neutral, by |score|" "$TMP/want" "$TMP/dirs"
if jq -s -e '(map(select(.symbol=="UP"))[0].score) > (map(select(.symbol=="FLAT"))[0].score | fabs) + 40' "$OUT" >/dev/null; then
	ok "regimes: UP scores well above FLAT"
else not_ok "regimes: UP scores well above FLAT"; fi
if jq -e -s 'all(.[]; (.score|fabs) <= 100 and ([.components[]] | all(. >= -1 and . <= 1)) and .tfs == ["1D","1W"] and (has("stale")|not))' "$OUT" >/dev/null; then
	ok "regimes: scores in [-100,100], components in [-1,1], tfs 1D,1W"
else not_ok "regimes: scores in [-100,100], components in [-1,1], tfs 1D,1W"; fi

# --top and --min-score.
TICKLINE_NOW=0 run scan-run --tfs 1D,1W --top 1 "$TMP/reg.nd"
expect_out_text "--top 1 keeps UP" "$(TICKLINE_NOW=0 scan-run --tfs 1D,1W "$TMP/reg.nd" | head -1)"
TICKLINE_NOW=0 run scan-run --tfs 1D,1W --min-score 30 "$TMP/reg.nd"
jq -r .symbol "$OUT" >"$TMP/syms"
printf 'UP\nDOWN\n' >"$TMP/want"
_expect_file "--min-score 30 drops FLAT" "$TMP/want" "$TMP/syms"

# Stale: the last bar is 2020-10-26; a clock a week later flags every signal.
TICKLINE_NOW=1604361600 run scan-run "$TMP/reg.nd"
if [ "$(jq -s 'map(select(.stale == true)) | length' "$OUT")" = 3 ]; then ok "stale: old bars are flagged"; else not_ok "stale: old bars are flagged"; fi
TICKLINE_NOW=1603756800 run scan-run "$TMP/reg.nd"
if [ "$(jq -s 'map(select(has("stale"))) | length' "$OUT")" = 0 ]; then ok "stale: fresh bars are not flagged"; else not_ok "stale: fresh bars are not flagged"; fi

# --explain says which components are still warming up.
head -n 90 "$TMP/reg.nd" >"$TMP/short.nd"
TICKLINE_NOW=0 run scan-run --explain "$TMP/short.nd"
if jq -e -s 'all(.[]; .explain["1D"].trend.note == "warming up: contributes 0" and .components.trend == 0 and (.explain["1D"].breakout | has("note") | not))' "$OUT" >/dev/null; then
	ok "--explain: 30 bars leave trend warming up, breakout not"
else not_ok "--explain: 30 bars leave trend warming up, breakout not"; fi

# History: the signal at each bar equals a scan of the input cut after it.
TICKLINE_NOW=0 run scan-run --history --tfs 1D,1W "$TMP/reg.nd"
expect_code "--history exits 0" 0
cp "$OUT" "$TMP/hist"
if [ "$(wc -l <"$TMP/hist")" -eq 900 ]; then ok "--history: a signal per bar"; else not_ok "--history: a signal per bar"; fi
bad=0
for k in 1 20 49 50 51 120 121 122 200 299 300; do
	head -n $((3 * k)) "$TMP/reg.nd" >"$TMP/cut"
	TICKLINE_NOW=0 scan-run --tfs 1D,1W "$TMP/cut" | sort >"$TMP/cut.sig"
	t=$(tail -1 "$TMP/cut" | jq .t)
	jq -c --argjson t "$t" 'select(.t == $t)' "$TMP/hist" | sort >"$TMP/hist.sig"
	cmp -s "$TMP/cut.sig" "$TMP/hist.sig" || { bad=$((bad + 1)); diff "$TMP/cut.sig" "$TMP/hist.sig" | head -4 | sed 's/^/#   /'; }
done
if [ $bad -eq 0 ]; then ok "--history: no look-ahead (11 cuts replayed)"; else not_ok "--history: no look-ahead ($bad cuts differ)"; fi

# --with-bars feeds backtest as a strategy.
TICKLINE_NOW=0 run scan-run --history --with-bars --tfs 1D,1W "$TMP/reg.nd"
cp "$OUT" "$TMP/wb"
if [ "$(jq -s 'map(select(.type=="bar")) | length' "$TMP/wb")" = 900 ] && [ "$(head -1 "$TMP/wb" | jq -r .type)" = bar ]; then
	ok "--with-bars: each bar before its signal"
else not_ok "--with-bars: each bar before its signal"; fi
run_in "$TMP/wb" backtest
expect_code "backtest reads scan-run's signals" 0
if jq -e -s 'map(select(.type=="summary" and .symbol=="UP")) | length == 1' "$OUT" >/dev/null &&
	jq -e -s 'map(select(.type=="trade" and .symbol=="UP")) | length >= 1' "$OUT" >/dev/null; then
	ok "backtest trades the UP signals"
else not_ok "backtest trades the UP signals"; fi

# Weights: the same components, other weights, another score.
TICKLINE_NOW=0 run scan-run --weights trend=1 "$TMP/reg.nd"
jq -c '[.symbol, .score, .preset]' "$OUT" >"$TMP/w"
printf '%s\n' '["DOWN",-100,"custom"]' '["UP",100,"custom"]' '["FLAT",-50,"custom"]' >"$TMP/want"
_expect_file "--weights trend=1 scores the trend alone (ties by symbol)" "$TMP/want" "$TMP/w"
