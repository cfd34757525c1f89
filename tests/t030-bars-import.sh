#!/bin/bash
# t030-bars-import.sh: bars-import turns CSV layouts into bar records, and names every bad line.
. "$(dirname "$0")/lib.sh"

IMP="$DATA/import"
USAGE='usage: bars-import [--symbol S] [--tf TF] [--map COL=NAME,...] [--repair] [--store] [--db PATH] [--skip-bad] [--max-line BYTES] [FILE...]
Try '\''bars-import --help'\'' for more information.'

# Bad inputs are written into the temp dir and named relative to it.
cd "$TMP" || exit 1

# valid DESC: the last stdout is a valid series: h >= max(o,c), l <= min(o,c), v >= 0, t rising.
valid() {
	if jq -e -s 'all(.h >= ([.o, .c] | max) and .l <= ([.o, .c] | min) and .v >= 0)
		and ([.[].t] as $t | all(range(1; $t | length); $t[.] > $t[. - 1]))' \
		"$OUT" >/dev/null; then ok "$1"; else not_ok "$1"; fi
}

# count_is DESC N: the last stdout has N lines.
count_is() {
	n=$(wc -l <"$OUT")
	if [ "$n" -eq "$2" ]; then ok "$1"; else not_ok "$1"; echo "#   $n lines, expected $2"; fi
}

# jq_true DESC FILTER: jq -s FILTER on the last stdout is true.
jq_true() {
	if jq -e -s "$2" "$OUT" >/dev/null; then ok "$1"; else not_ok "$1"; fi
}

# --- The bundled data sets

run bars-import "$SHARE/GOOG.csv"
expect_code "GOOG.csv imports" 0
expect_err "GOOG.csv: quiet" ''
count_is "GOOG.csv: 2148 bars" 2148
head -1 "$OUT" >"$TMP/first"
printf '%s\n' '{"type":"bar","symbol":"GOOG","tf":"1D","t":1092873600,"o":100,"h":104.06,"l":95.96,"c":100.34,"v":22351900}' >"$TMP/expected"
if cmp -s "$TMP/expected" "$TMP/first"; then ok "GOOG.csv: first bar"; else
	not_ok "GOOG.csv: first bar"; diff -u "$TMP/expected" "$TMP/first" | sed 's/^/#   /'; fi
jq_true "GOOG.csv: all 1D GOOG bars at 00:00 UTC" 'all(.type == "bar" and .symbol == "GOOG" and .tf == "1D" and .t % 86400 == 0)'
valid "GOOG.csv: a valid series"

run bars-import "$SHARE/EURUSD.csv"
expect_code "EURUSD.csv imports" 0
expect_err "EURUSD.csv: quiet" ''
count_is "EURUSD.csv: 5000 bars" 5000
jq_true "EURUSD.csv: all 1h, on the hour" 'all(.symbol == "EURUSD" and .tf == "1h" and .t % 3600 == 0)'
jq_true "EURUSD.csv: first bar at 2017-04-19 09:00" '.[0].t == 1492592400'
valid "EURUSD.csv: a valid series"

run bars-import "$SHARE/BTCUSD.csv"
expect_code "BTCUSD.csv imports" 0
expect_err "BTCUSD.csv: quiet" ''
count_is "BTCUSD.csv: 156 bars" 156
jq_true "BTCUSD.csv: 1Mo bars dated on the 1st" 'all(.tf == "1Mo" and (.t | todate | test("^[0-9]{4}-[0-9]{2}-01T00:00:00Z$")))'
jq_true "BTCUSD.csv: 2012-01-31 becomes 2012-01-01" '.[0].t == 1325376000 and .[-1].t == 1733011200'
valid "BTCUSD.csv: a valid series"

# --- Layouts, against golden outputs

run bars-import "$IMP/AAPL.csv"
expect_code "Yahoo layout" 0
expect_out "Yahoo layout: Close taken, Adj Close ignored" "$IMP/AAPL.nd"
expect_err "Yahoo layout: quiet" ''

run bars-import "$IMP/MSFT.US.csv"
expect_code "Stooq layout" 0
expect_out "Stooq layout: symbol up to the first '.'" "$IMP/MSFT.nd"

run bars-import --symbol MSFT "$IMP/msft-hourly.csv"
expect_code "Stooq Date and Time columns" 0
expect_out "Stooq Date and Time columns joined" "$IMP/msft-hourly.nd"

run bars-import -s BTCUSDT "$IMP/BTCUSDT-1h-2024-01.csv"
expect_code "Binance klines in ms" 0
expect_out "Binance klines in ms" "$IMP/binance-ms.nd"
expect_err "Binance klines in ms: quiet" ''

run bars-import -s BTCUSDT "$IMP/BTCUSDT-1m-2025-01-01.csv"
expect_code "Binance klines in us" 0
expect_out "Binance klines in us" "$IMP/binance-us.nd"

run bars-import -s CUST --map 'When=t,First=o,Max=h,Min=l,Last=c,Qty=v' "$IMP/custom.csv"
expect_code "--map with a custom header" 0
expect_out "--map with a custom header" "$IMP/custom.nd"
expect_err "--map with a custom header: quiet" ''

run bars-import -s CUST -m 'when=time,first=open,max=high' -m ' min = low , last=close,qty=volume' "$IMP/custom.csv"
expect_code "--map: long names, any case, several options" 0
expect_out "--map: long names, any case, several options" "$IMP/custom.nd"

run bars-import "$IMP/weekly.csv"
expect_code "weekly bars dated Friday" 0
expect_out "weekly bars move to their Monday" "$IMP/weekly.nd"

run bars-import "$IMP/gaps.csv"
expect_code "2h spacing names no timeframe" 65
expect_out_text "2h spacing: no output" ''
expect_err "2h spacing: says to use --tf" "bars-import: $IMP/gaps.csv: cannot infer the timeframe from a spacing of 7200 seconds; use --tf"

run bars-import --tf 1h "$IMP/gaps.csv"
expect_code "--tf overrides inference" 0
expect_out "--tf overrides inference; RFC 3339 with zones" "$IMP/gaps.nd"

run bars-import -t 1D --symbol Q "$IMP/quoted.csv"
expect_code "BOM, CRLF, quoted fields, blank line" 0
expect_out "BOM, CRLF, quoted fields, blank line" "$IMP/quoted.nd"
expect_err "BOM, CRLF, quoted fields: quiet" ''

run bars-import --symbol GOOGL "$SHARE/GOOG.csv"
expect_code "--symbol" 0
jq_true "--symbol names every bar" 'length == 2148 and all(.symbol == "GOOGL")'

run_in "$IMP/AAPL.csv" bars-import --symbol AAPL
expect_code "stdin with --symbol" 0
expect_out "stdin with --symbol" "$IMP/AAPL.nd"

run_in "$IMP/AAPL.csv" bars-import --symbol AAPL -
expect_code "'-' is stdin" 0
expect_out "'-' is stdin" "$IMP/AAPL.nd"

run_in "$IMP/AAPL.csv" bars-import
expect_code "stdin needs --symbol" 64
expect_out_text "stdin needs --symbol: no output" ''
expect_err "stdin needs --symbol" "bars-import: cannot tell the symbol of standard input; use --symbol
$USAGE"

run bars-import "$IMP/AAPL.csv" "$IMP/MSFT.US.csv"
expect_code "several files" 0
cat "$IMP/AAPL.nd" "$IMP/MSFT.nd" >"$TMP/both"
expect_out "several files: each its own series, in order" "$TMP/both"

printf 'Date,Open,High,Low,Close,Volume\n' >header.csv
run bars-import header.csv
expect_code "header only: exit 0" 0
expect_out_text "header only: no output" ''
expect_err "header only: quiet" ''

printf 'date,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1.5,2,1,1.25\n' >novol.csv
run bars-import novol.csv
expect_code "no Volume column" 0
expect_out_text "no Volume column: v is 0" '{"type":"bar","symbol":"novol","tf":"1D","t":1704153600,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"novol","tf":"1D","t":1704240000,"o":1.5,"h":2,"l":1,"c":1.25,"v":0}'

printf 'time,open,high,low,close,Volume\n1704067200,1,2,0.5,1.5,10\n1704067500,1.5,2,1,1.25,20\n' >epoch.csv
run bars-import epoch.csv
expect_code "epoch seconds, TradingView names" 0
expect_out_text "epoch seconds, 5m inferred" '{"type":"bar","symbol":"epoch","tf":"5m","t":1704067200,"o":1,"h":2,"l":0.5,"c":1.5,"v":10}
{"type":"bar","symbol":"epoch","tf":"5m","t":1704067500,"o":1.5,"h":2,"l":1,"c":1.25,"v":20}'

printf 'Date,Open,High,Low,Close\n2024-01-04 00:00:00+09:00,1,2,0.5,1.5\n2024-01-05 00:00:00+09:00,1.5,2,1,1.25\n' >tokyo.csv
run bars-import tokyo.csv
expect_code "daily rows with a zone" 0
expect_out_text "daily rows keep their written date" '{"type":"bar","symbol":"tokyo","tf":"1D","t":1704326400,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"tokyo","tf":"1D","t":1704412800,"o":1.5,"h":2,"l":1,"c":1.25,"v":0}'

printf 'Date,Open,High,Low,Close\n2024-03-10T00:00:00-05:00,1,2,0.5,1.5\n2024-03-11T00:00:00-04:00,1.5,2,1,1.25\n' >dst.csv
run bars-import dst.csv
expect_code "daily rows with offsets across a DST change" 0
expect_out_text "daily rows across a DST change: 1D from their dates" '{"type":"bar","symbol":"dst","tf":"1D","t":1710028800,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"dst","tf":"1D","t":1710115200,"o":1.5,"h":2,"l":1,"c":1.25,"v":0}'
expect_err "daily rows across a DST change: quiet" ''

printf 'Date,Open,High,Low,Close\n2024-03-09T23:00:00-05:00,1,2,0.5,1.5\n2024-03-10T03:00:00-04:00,1,2,0.5,1.5\n' >dsth.csv
run bars-import dsth.csv
expect_code "rows hours apart across midnight are not 1D" 65
expect_err "rows hours apart across midnight are not 1D" "bars-import: dsth.csv: cannot infer the timeframe from a spacing of 10800 seconds; use --tf"

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n' >one.csv
run bars-import one.csv
expect_code "one row without --tf" 65
expect_err "one row without --tf" "bars-import: one.csv: cannot infer the timeframe from one row; use --tf"
run bars-import --tf 1D one.csv
expect_code "one row with --tf" 0
expect_out_text "one row with --tf" '{"type":"bar","symbol":"one","tf":"1D","t":1704153600,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}'

# --- Bad input: each names FILE:LINE and exits 65

printf '\x00\x01\xff\xfe\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n' >garbage.csv
run bars-import garbage.csv
expect_code "binary garbage" 65
expect_out_text "binary garbage: no output" ''
expect_err "binary garbage" "bars-import: garbage.csv:1: not a CSV header: no time, open, high, low or close column (see --map)"

printf '{"type":"bar","symbol":"X"}\n' >json.csv
run bars-import json.csv
expect_code "not a CSV" 65
expect_err "not a CSV" "bars-import: json.csv:1: not a CSV header: an unterminated quote or text after a closing quote"

printf 'Date,Open,High,Low,Volume\n2024-01-02,1,2,0.5,100\n' >nocol.csv
run bars-import nocol.csv
expect_code "missing column" 65
expect_err "missing column" 'bars-import: nocol.csv:1: missing column "close"'

printf 'Date,Close,Open,High,Low,close\n' >twice.csv
run bars-import twice.csv
expect_code "two close columns" 65
expect_err "two close columns" 'bars-import: twice.csv:1: columns "Close" and "close" both look like the close; use --map'

printf 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,2,0.5,10\n' >short.csv
run bars-import short.csv
expect_code "row with a missing field" 65
expect_err "row with a missing field" "bars-import: short.csv:3: expected 6 fields, found 5"

printf 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,abc,0.5,1.5,10\n' >text.csv
run bars-import text.csv
expect_code "non-numeric price" 65
expect_err "non-numeric price" 'bars-import: text.csv:3: column "High": "abc" is not a number'

printf 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,2,0.5,nan,10\n' >nan.csv
run bars-import nan.csv
expect_code "nan price" 65
expect_err "nan price" 'bars-import: nan.csv:3: column "Close": "nan" is not a number'

printf 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,inf,0.5,1.5,10\n2024-01-04,1,1e999,0.5,1.5,10\n' >inf.csv
run bars-import inf.csv
expect_code "inf price" 65
expect_err "inf price" 'bars-import: inf.csv:3: column "High": "inf" is not a number'
run bars-import --skip-bad --tf 1D inf.csv
expect_code "inf and overflow skipped" 0
expect_err "overflow to infinity is not a number either" 'bars-import: warning: inf.csv:3: column "High": "inf" is not a number (skipped)
bars-import: warning: inf.csv:4: column "High": "1e999" is not a number (skipped)
bars-import: warning: 2 bad lines skipped'

printf 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,10,9,11,10,100\n' >hilo.csv
run bars-import hilo.csv
expect_code "high below low" 65
expect_err "high below low" "bars-import: hilo.csv:3: high 9 is below max(open, close) 10"

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-04,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n' >order.csv
run bars-import order.csv
expect_code "out-of-order time" 65
expect_out_text "out-of-order time: the rows before it" '{"type":"bar","symbol":"order","tf":"1D","t":1704153600,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"order","tf":"1D","t":1704326400,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}'
expect_err "out-of-order time" "bars-import: order.csv:4: order 1D: time 2024-01-03T00:00:00Z is before the previous bar's 2024-01-04T00:00:00Z"

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n' >dup.csv
run bars-import dup.csv
expect_code "duplicate time" 65
expect_err "duplicate time" "bars-import: dup.csv:4: dup 1D: duplicate time 2024-01-03T00:00:00Z"

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n2024-01-03 16:00,1,2,0.5,1.5\n' >dupday.csv
run bars-import --tf 1D dupday.csv
expect_code "duplicate after normalisation to the day" 65
expect_err "duplicate after normalisation to the day" "bars-import: dupday.csv:4: dupday 1D: duplicate time 2024-01-03T00:00:00Z"

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-02-30,1,2,0.5,1.5\n' >baddate.csv
run bars-import baddate.csv
expect_code "impossible date" 65
expect_err "impossible date" 'bars-import: baddate.csv:3: column "Date": cannot read time "2024-02-30"'

{ printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,'; head -c 2097152 /dev/zero | tr '\0' 9
  printf ',2,0.5,1.5\n2024-01-04,1,2,0.5,1.5\n'; } >long.csv
run bars-import long.csv
expect_code "2 MiB line" 65
expect_err "2 MiB line" "bars-import: long.csv:3: line longer than 1048576 bytes (see --max-line)"
run bars-import --skip-bad --tf 1D long.csv
expect_code "2 MiB line skipped" 0
expect_out_text "2 MiB line skipped: the rest imported" '{"type":"bar","symbol":"long","tf":"1D","t":1704153600,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"long","tf":"1D","t":1704326400,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}'
expect_err "2 MiB line skipped" "bars-import: warning: long.csv:3: line longer than 1048576 bytes (see --max-line) (skipped)
bars-import: warning: 1 bad line skipped"
run bars-import --max-line 64 "$IMP/AAPL.csv"
expect_code "--max-line 64: the header fits, rows do not" 65
expect_err "--max-line 64" "bars-import: $IMP/AAPL.csv:2: line longer than 64 bytes (see --max-line)"

printf 'Date,Open,High,Low,Close,Volume\n2013-02-28,801.1,806.99,801.03,801.2,2265800\n2013-03-01,797.8,807.14' >cut.csv
run bars-import cut.csv
expect_code "truncated last line" 65
expect_err "truncated last line" "bars-import: cut.csv:3: expected 6 fields, found 3"

printf 'Date,Open,High,Low,Close\n2024-01-02,"1,2,0.5,1.5\n' >quote.csv
run bars-import --tf 1D quote.csv
expect_code "unterminated quote" 65
expect_err "unterminated quote" "bars-import: quote.csv:2: bad quoting: an unterminated quote or text after a closing quote"

: >empty.csv
run bars-import empty.csv
expect_code "empty input" 65
expect_out_text "empty input: no output" ''
expect_err "empty input" "bars-import: empty.csv:1: empty input, expected a CSV header"
run bars-import --symbol X
expect_code "empty stdin" 65
expect_err "empty stdin" "bars-import: <stdin>:1: empty input, expected a CSV header"
printf '\n\r\n  \n' >blank.csv
run bars-import blank.csv
expect_code "blank lines only" 65
expect_err "blank lines only" "bars-import: blank.csv:1: empty input, expected a CSV header"

printf '1704067200000,1,2,0.5,1.5,10\n' >kl.csv
run bars-import kl.csv
expect_code "a headerless row of the wrong width" 65
expect_err "a headerless row of the wrong width" "bars-import: kl.csv:1: expected 12 fields, found 6"

printf '1704067200123,1,2,0.5,1.5,10,0,0,0,0,0,0\n' >klms.csv
run bars-import --tf 1m klms.csv
expect_code "milliseconds not whole seconds" 65
expect_err "milliseconds not whole seconds" 'bars-import: klms.csv:1: column "open time": 1704067200123 ms is not a whole second'

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,1.5,0.5,2\n2024-01-04,1,2,1.25,1.5\n' >repair.csv
run bars-import repair.csv
expect_code "without --repair: high below close" 65
expect_err "without --repair: high below close" "bars-import: repair.csv:3: high 1.5 is below max(open, close) 2"
run bars-import --repair repair.csv
expect_code "--repair clamps" 0
expect_out_text "--repair clamps high and low" '{"type":"bar","symbol":"repair","tf":"1D","t":1704153600,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"repair","tf":"1D","t":1704240000,"o":1,"h":2,"l":0.5,"c":2,"v":0}
{"type":"bar","symbol":"repair","tf":"1D","t":1704326400,"o":1,"h":2,"l":1,"c":1.5,"v":0}'
expect_err "--repair: quiet" ''

printf 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,2,0.5,1.5,-5\n' >negvol.csv
run bars-import -r negvol.csv
expect_code "--repair: negative volume is still an error" 65
expect_err "--repair: negative volume is still an error" "bars-import: negvol.csv:3: volume -5 is negative"

printf 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\nbad,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n2024-01-04,1,2,0.5,x\n\n2024-01-05,1,2,0.5,1.5\n2024-01-05,1,2,0.5,1.5\n' >skip.csv
run bars-import --skip-bad skip.csv
expect_code "--skip-bad: exit 0 when a row was good" 0
expect_out_text "--skip-bad: the good rows, 1D inferred around the bad ones" '{"type":"bar","symbol":"skip","tf":"1D","t":1704153600,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"skip","tf":"1D","t":1704240000,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}
{"type":"bar","symbol":"skip","tf":"1D","t":1704412800,"o":1,"h":2,"l":0.5,"c":1.5,"v":0}'
expect_err "--skip-bad: each bad line, then the count" 'bars-import: warning: skip.csv:3: column "Date": cannot read time "bad" (skipped)
bars-import: warning: skip.csv:5: column "Close": "x" is not a number (skipped)
bars-import: warning: skip.csv:8: skip 1D: duplicate time 2024-01-05T00:00:00Z (skipped)
bars-import: warning: 3 bad lines skipped'

printf 'Date,Open,High,Low,Close\nbad,1,2,0.5,1.5\n2024-01-03,1,2,0.5,x\n' >allbad.csv
run bars-import --skip-bad allbad.csv
expect_code "--skip-bad: exit 65 when no row was good" 65
expect_out_text "--skip-bad: nothing good" ''
expect_err "--skip-bad: all bad" 'bars-import: warning: allbad.csv:2: column "Date": cannot read time "bad" (skipped)
bars-import: warning: allbad.csv:3: column "Close": "x" is not a number (skipped)
bars-import: warning: 2 bad lines skipped'

run bars-import nonexistent.csv
expect_code "nonexistent file" 66
expect_err "nonexistent file" "bars-import: nonexistent.csv: No such file or directory"

# --- Usage errors

run bars-import --map 'When=x' "$IMP/custom.csv"
expect_code "--map: unknown NAME" 64
expect_err "--map: unknown NAME" "bars-import: --map: unknown field 'x' (t o h l c v, or time open high low close volume)
$USAGE"

run bars-import --map 'When=t,First=o,Max=h,Min=l,Last=c,Size=v' "$IMP/custom.csv"
expect_code "--map: COL not in the header" 64
expect_err "--map: COL not in the header" "bars-import: $IMP/custom.csv:1: --map: no column \"Size\" in the header"

run bars-import --db "$TMP/x.db" "$IMP/AAPL.csv"
expect_code "--db without --store" 64
expect_err "--db without --store" "bars-import: --db needs --store
$USAGE"

run bars-import --tf 2h "$IMP/AAPL.csv"
expect_code "--tf: unknown timeframe" 64

run bars-import .csv
expect_code "no symbol in the file name" 64
expect_err "no symbol in the file name" "bars-import: .csv: cannot tell the symbol from the file name; use --symbol"

# --- The store

run bars-import --store --db "$TMP/t.db" "$SHARE/GOOG.csv"
expect_code "--store" 0
count_is "--store: the bars still go to stdout" 2148
n=$(sqlite3 "$TMP/t.db" 'SELECT count(*) FROM bars')
if [ "$n" = 2148 ]; then ok "--store: 2148 rows"; else not_ok "--store: 2148 rows"; echo "#   $n"; fi
m=$(stat -c %a "$TMP/t.db")
if [ "$m" = 600 ]; then ok "--store: mode 0600"; else not_ok "--store: mode 0600"; echo "#   $m"; fi
first=$(sqlite3 "$TMP/t.db" "SELECT symbol, tf, t, o, h, l, c, v FROM bars ORDER BY t LIMIT 1")
if [ "$first" = "GOOG|1D|1092873600|100.0|104.06|95.96|100.34|22351900.0" ]; then ok "--store: first bar"; else
	not_ok "--store: first bar"; echo "#   $first"; fi

run bars-import --store --db "$TMP/t.db" "$SHARE/GOOG.csv"
expect_code "--store again" 0
n=$(sqlite3 "$TMP/t.db" 'SELECT count(*) FROM bars')
if [ "$n" = 2148 ]; then ok "--store again: idempotent"; else not_ok "--store again: idempotent"; echo "#   $n"; fi

before=$(sqlite3 "$TMP/t.db" 'SELECT count(*), sum(c) FROM bars')
printf 'Date,Open,High,Low,Close\n2030-01-02,1,2,0.5,1.5\n2030-01-03,1,2,0.5,x\n' >BAD.csv
run bars-import --store --db "$TMP/t.db" "$SHARE/BTCUSD.csv" BAD.csv
expect_code "--store with a bad file" 65
expect_err "--store with a bad file" 'bars-import: BAD.csv:3: column "Close": "x" is not a number'
after=$(sqlite3 "$TMP/t.db" 'SELECT count(*), sum(c) FROM bars')
if [ "$before" = "$after" ]; then ok "--store with a bad file: store unchanged"; else
	not_ok "--store with a bad file: store unchanged"; echo "#   $before before, $after after"; fi

# A write error on stdout is exit 74 and leaves the store as it was, both when
# it happens mid-run (EURUSD) and only at the final flush (AAPL).
for f in "$SHARE/EURUSD.csv" "$IMP/AAPL.csv"; do
	name=$(basename "$f")
	if [ ! -w /dev/full ]; then not_ok "--store, stdout full, $name: no /dev/full"; continue; fi
	before=$(sqlite3 "$TMP/t.db" 'SELECT count(*), sum(c) FROM bars')
	bars-import --store --db "$TMP/t.db" "$f" >/dev/full 2>"$ERR" </dev/null; code=$?
	expect_code "--store, stdout full, $name: exit 74" 74
	expect_err "--store, stdout full, $name: one message" "bars-import: write error: No space left on device"
	after=$(sqlite3 "$TMP/t.db" 'SELECT count(*), sum(c) FROM bars')
	if [ "$before" = "$after" ]; then ok "--store, stdout full, $name: nothing committed"; else
		not_ok "--store, stdout full, $name: nothing committed"; echo "#   $before before, $after after"; fi
done

run bars-import --store --skip-bad --tf 1D --db "$TMP/t.db" BAD.csv
expect_code "--store --skip-bad" 0
n=$(sqlite3 "$TMP/t.db" "SELECT count(*) FROM bars WHERE symbol = 'BAD'")
if [ "$n" = 1 ]; then ok "--store --skip-bad: the good row stored"; else not_ok "--store --skip-bad: the good row stored"; echo "#   $n"; fi

TICKLINE_DB="$TMP/env.db" run bars-import --store -s AAPL "$IMP/AAPL.csv"
expect_code "--store: \$TICKLINE_DB" 0
n=$(sqlite3 "$TMP/env.db" 'SELECT count(*) FROM bars')
if [ "$n" = 5 ]; then ok "--store: \$TICKLINE_DB"; else not_ok "--store: \$TICKLINE_DB"; echo "#   $n"; fi
