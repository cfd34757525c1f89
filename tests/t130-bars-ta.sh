# t130-bars-ta.sh: bars-ta's fields equal the pandas goldens of tests/data/ind, through the program.
. "$(dirname "$0")/lib.sh"

# compare DESC GOLDEN COLUMN FIELD: the FIELD of every bar written equals
# column COLUMN of GOLDEN to 1e-9 relative (null where the golden has nan).
compare() {
	jq -r --arg f "$4" '.[$f] // "nan"' "$OUT" >"$TMP/got"
	awk -F'\t' -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; next } { print $k }' "$2" >"$TMP/want"
	if paste "$TMP/want" "$TMP/got" | awk -F'\t' '
		function abs(x) { return x < 0 ? -x : x }
		{ n++
		  if ($1 == "nan" || $2 == "nan") { if ($1 != $2) { bad++; if (bad < 4) print "#   line " NR ": want " $1 ", got " $2 } ; next }
		  d = abs($1 - $2); m = abs($1) > abs($2) ? abs($1) : abs($2)
		  if (d > 1e-12 && d > 1e-9 * m) { bad++; if (bad < 4) print "#   line " NR ": want " $1 ", got " $2 } }
		END { exit (bad > 0 || n < 1000) }' >"$TMP/cmp"; then ok "$1"; else not_ok "$1"; cat "$TMP/cmp"; fi
}

for s in GOOG EURUSD; do
	lines=2148
	[ "$s" = EURUSD ] && lines=1000
	bars-import "$SHARE/$s.csv" >"$TMP/all.nd" 2>/dev/null
	head -n "$lines" "$TMP/all.nd" >"$TMP/$s.nd"
	run bars-ta --add sma:20,ema:10,rsi:14,atr:14,donchian:20,wma:10,macd,bb:20:2,roc:10,adx:14,obv,vwap:20,rvol:20 "$TMP/$s.nd"
	expect_code "$s: bars-ta exits 0" 0
	g=$DATA/ind/$s.tsv
	m=$DATA/ind/$s-more.tsv
	compare "$s sma_20" "$g" sma20 sma_20
	compare "$s ema_10" "$g" ema10 ema_10
	compare "$s rsi_14" "$g" rsi14 rsi_14
	compare "$s atr_14" "$g" atr14 atr_14
	compare "$s dc_upper_20" "$g" dc20_upper dc_upper_20
	compare "$s dc_mid_20" "$g" dc20_mid dc_mid_20
	compare "$s wma_10" "$m" wma10 wma_10
	compare "$s macd_12_26_9" "$m" macd_line macd_12_26_9
	compare "$s macd_signal_12_26_9" "$m" macd_signal macd_signal_12_26_9
	compare "$s macd_hist_12_26_9" "$m" macd_hist macd_hist_12_26_9
	compare "$s bb_upper_20_2" "$m" bb20_upper bb_upper_20_2
	compare "$s bb_width_20_2" "$m" bb20_width bb_width_20_2
	compare "$s roc_10" "$m" roc10 roc_10
	compare "$s adx_14" "$m" adx14 adx_14
	compare "$s mdi_14" "$m" mdi14 mdi_14
	compare "$s obv" "$m" obv obv
	compare "$s vwap_20" "$m" vwap20 vwap_20
	compare "$s rvol_20" "$m" rvol20 rvol_20
done

# Interleaving two series gives each the values it has alone.
bars-import "$SHARE/GOOG.csv" 2>/dev/null | head -300 >"$TMP/a.nd"
sed 's/"GOOG"/"OTHER"/' "$TMP/a.nd" | head -200 >"$TMP/b.nd"
paste -d '\n' "$TMP/a.nd" "$TMP/b.nd" | grep . >"$TMP/mixed.nd"
run bars-ta --add rsi:14,bb:20:2 "$TMP/a.nd"
cp "$OUT" "$TMP/alone"
run bars-ta --add rsi:14,bb:20:2 "$TMP/mixed.nd"
expect_code "interleaved: exits 0" 0
grep '"GOOG"' "$OUT" >"$TMP/goog"
_expect_file "interleaved: a series' values do not depend on the others" "$TMP/alone" "$TMP/goog"
