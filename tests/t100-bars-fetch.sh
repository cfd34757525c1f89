#!/bin/bash
# t100-bars-fetch.sh: bars-fetch against scripted servers on 127.0.0.1 that answer as each source's documentation shows.
. "$(dirname "$0")/lib.sh"

F="$DATA/fetch"
export TICKLINE_DB="$TMP/store.db"
export TICKLINE_NOW=1704672000 # 2024-01-08T00:00:00Z
cd "$TMP" || exit 1
USAGE_TAIL="usage: bars-fetch [--source SRC] [--tf TF] [--range DUR | --from DATE [--to DATE]] [--offline] [--refresh] [--jobs N] [--timeout S] [--retries N] [--base-url URL] [--session ID] [--db PATH] [-v] [SYMBOL...]
Try 'bars-fetch --help' for more information."

# script FILE: writes stdin (a JSON array of canned responses) to FILE.
script() { cat >"$1"; }

# reqs_are DESC TEXT: the server's request log is exactly TEXT.
reqs_are() {
	printf '%s\n' "$2" >"$TMP/want.reqs"
	[ -z "$2" ] && : >"$TMP/want.reqs"
	_expect_file "$1" "$TMP/want.reqs" "$REQS"
}

# sql_is DESC SQL WANT: sqlite3 on the store prints WANT.
sql_is() {
	got=$(sqlite3 "$TICKLINE_DB" "$2" 2>&1)
	if [ "$got" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   got '$got', expected '$3'"; fi
}

# no_secret DESC WORD FILE...: WORD appears in none of the files.
no_secret() {
	_d=$1 _w=$2
	shift 2
	if grep -q -- "$_w" "$@"; then not_ok "$_d"; grep -n -- "$_w" "$@" | head -3 | sed 's/^/#   /'
	else ok "$_d"; fi
}

JSON='"headers": {"Content-Type": "application/json;charset=utf-8"}'
Y=/v8/finance/chart

# --- yahoo: a normal response, null rows dropped ---------------------------

script y1.json <<EOF
[{"path": "^$Y/AAPL\\\\?period1=1704067200&", "body_file": "$F/yahoo-aapl-1d.json", $JSON},
 {"path": "^$Y/AAPL\\\\?period1=1704412801&", "body_file": "$F/yahoo-aapl-1d-next.json", $JSON},
 {"path": "^$Y/AAPL\\\\?period1=1704067200&", "body_file": "$F/yahoo-aapl-1d.json", $JSON}]
EOF
serve y1.json
cat >want-jan2-5.nd <<'EOF'
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704153600,"o":187.14999389648438,"h":188.44000244140625,"l":183.88999938964844,"c":185.63999938964844,"v":82488700,"src":"yahoo","adj":"split"}
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704240000,"o":184.22000122070312,"h":185.8800048828125,"l":183.42999267578125,"c":184.25,"v":58414500,"src":"yahoo","adj":"split"}
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704412800,"o":181.99000549316406,"h":182.75999450683594,"l":180.1699981689453,"c":181.17999267578125,"v":62303300,"src":"yahoo","adj":"split"}
EOF
run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 AAPL
expect_code "yahoo 1D" 0
expect_out "yahoo 1D: the null row of Jan 4 dropped, days at 00:00 UTC" want-jan2-5.nd
expect_err "yahoo 1D: quiet" ''
reqs_are "yahoo 1D: one request for the span, the source's own path" \
	"GET $Y/AAPL?period1=1704067200&period2=1704412801&interval=1d&includePrePost=false&events=div%2Csplit"
sql_is "yahoo 1D: 3 bars cached with their source and adjustment" \
	"select count(*), min(src), max(adj) from bars" "3|yahoo|split"
sql_is "yahoo 1D: the span asked for is kept" "select lo, hi from bar_spans" "1704067200|1704412801"

# --- incremental: only the missing range is asked for ----------------------

cat want-jan2-5.nd >want-jan2-10.nd
cat >>want-jan2-10.nd <<'EOF'
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704672000,"o":182.08999633789062,"h":185.60000610351562,"l":181.5,"c":185.55999755859375,"v":59144500,"src":"yahoo","adj":"split"}
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704758400,"o":183.9199981689453,"h":185.14999389648438,"l":182.72999572753906,"c":185.13999938964844,"v":42841800,"src":"yahoo","adj":"split"}
EOF
export TICKLINE_NOW=1705017600 # 2024-01-12
run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-10 AAPL
expect_code "incremental" 0
expect_out "incremental: the whole span, cached and new bars together" want-jan2-10.nd
reqs_are "incremental: the second request asks only from the end of the cached span" \
	"GET $Y/AAPL?period1=1704067200&period2=1704412801&interval=1d&includePrePost=false&events=div%2Csplit
GET $Y/AAPL?period1=1704412801&period2=1704844801&interval=1d&includePrePost=false&events=div%2Csplit"

run bars-fetch --base-url "$BASE" --from 2024-01-02 --to 2024-01-09 AAPL
expect_code "a span the cache holds" 0
expect_out "a span the cache holds: the same bars" want-jan2-10.nd
if [ "$(wc -l <"$REQS")" -eq 2 ]; then ok "a span the cache holds: no request"; else not_ok "a span the cache holds: no request"; fi

run bars-fetch --offline --from 2024-01-01 --to 2024-01-10 AAPL
expect_code "--offline" 0
expect_out "--offline: the cached bars" want-jan2-10.nd
run bars-fetch --source store --from 2024-01-01 --to 2024-01-10 AAPL
expect_code "--source store" 0
expect_out "--source store: the cached bars" want-jan2-10.nd
run bars-fetch --source store --from 2024-01-01 --to 2024-01-10 MSFT
expect_code "--source store, nothing cached" 0
expect_out_text "--source store, nothing cached: no bars" ''

run bars-fetch --base-url "$BASE" --refresh --from 2024-01-01 --to 2024-01-05 AAPL
expect_code "--refresh" 0
expect_out "--refresh: the same bars" want-jan2-5.nd
if [ "$(tail -1 "$REQS")" = "GET $Y/AAPL?period1=1704067200&period2=1704412801&interval=1d&includePrePost=false&events=div%2Csplit" ]
then ok "--refresh asks for the whole span again"; else not_ok "--refresh asks for the whole span again"; fi

# --- yahoo: the live row is not final, and is not cached as final -----------

rm -f "$TICKLINE_DB"*
export TICKLINE_NOW=1704477600 # 2024-01-05T18:00Z, during the session
script y2.json <<EOF
[{"path": "^$Y/AAPL", "body_file": "$F/yahoo-aapl-live.json", $JSON, "times": 2}]
EOF
serve y2.json
run bars-fetch --base-url "$BASE" --range 2d AAPL
expect_code "yahoo live row" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704326400,"o":182.14999389648438,"h":183.08999633789062,"l":180.8800018310547,"c":181.91000366210938,"v":71983600,"src":"yahoo","adj":"split"}
{"type":"bar","symbol":"AAPL","tf":"1D","t":1704412800,"o":181.99000549316406,"h":182.75999450683594,"l":180.1699981689453,"c":181.5,"v":40000000,"final":false,"src":"yahoo","adj":"split"}
EOF
expect_out "yahoo live row: marked final false, at its day" want.nd
sql_is "yahoo live row: cached with final 0" "select t, final from bars order by t" "1704326400|1
1704412800|0"
sql_is "yahoo live row: the span ends where the forming bar starts" "select hi from bar_spans" "1704412800"
run bars-fetch --base-url "$BASE" --range 2d AAPL
reqs_are "yahoo live row: the next run asks again from the forming bar" \
	"GET $Y/AAPL?period1=1704240000&period2=1704477601&interval=1d&includePrePost=false&events=div%2Csplit
GET $Y/AAPL?period1=1704412800&period2=1704477601&interval=1d&includePrePost=false&events=div%2Csplit"

# --- yahoo: 4h made from 1h ------------------------------------------------

export TICKLINE_NOW=1704672000
script y3.json <<EOF
[{"path": "^$Y/NVDA.*interval=60m", "body_file": "$F/yahoo-nvda-1h.json", $JSON}]
EOF
serve y3.json
run bars-fetch --base-url "$BASE" --tf 4h --from 2024-01-05 --to 2024-01-05T23:00:00Z NVDA
expect_code "4h from 1h" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"NVDA","tf":"4h","t":1704456000,"o":484.6,"h":489.5,"l":483.2,"c":488.9,"v":13135700,"src":"yahoo","adj":"split"}
{"type":"bar","symbol":"NVDA","tf":"4h","t":1704470400,"o":489,"h":491.2,"l":487.6,"c":489.8,"v":12400600,"src":"yahoo","adj":"split"}
{"type":"bar","symbol":"NVDA","tf":"4h","t":1704484800,"o":489.9,"h":491.5,"l":489.1,"c":490.9,"v":6800400,"src":"yahoo","adj":"split"}
EOF
expect_out "4h from 1h: 1h bars at :30 folded into 4h buckets" want.nd
reqs_are "4h from 1h: asks for 60m" \
	"GET $Y/NVDA?period1=1704412800&period2=1704495601&interval=60m&includePrePost=false&events=div%2Csplit"

run bars-fetch --base-url "$BASE" --tf 1m --range 60d NVDA
expect_code "yahoo's 1m limit" 64
expect_err "yahoo's 1m limit: said before asking" "bars-fetch: yahoo serves 1m bars for the last 30 days only; asked from 2023-11-09T00:00:00Z
$USAGE_TAIL"
run bars-fetch --base-url "$BASE" --tf 15m --from 2023-10-01 NVDA
expect_code "yahoo's 15m limit" 64
reqs_are "yahoo's limits: nothing asked" \
	"GET $Y/NVDA?period1=1704412800&period2=1704495601&interval=60m&includePrePost=false&events=div%2Csplit"

# --- yahoo: cookie and crumb ------------------------------------------------

rm -f "$TICKLINE_DB"*
script y4.json <<EOF
[{"path": "^$Y/AAPL\\\\?(?!.*crumb)", "status": 401, "body_file": "$F/yahoo-unauthorized.json", $JSON},
 {"path": "^/\$", "status": 404, "headers": {"Set-Cookie": "A3=d=AQABBK; Path=/; HttpOnly"}, "body": "not here"},
 {"path": "^/v1/test/getcrumb", "body": "Xy7crumbQ9"},
 {"path": "^$Y/AAPL\\\\?.*&crumb=Xy7crumbQ9", "body_file": "$F/yahoo-aapl-1d.json", $JSON}]
EOF
serve y4.json
run bars-fetch -v --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 AAPL
expect_code "yahoo cookie and crumb" 0
expect_out "yahoo cookie and crumb: the bars" want-jan2-5.nd
reqs_are "yahoo cookie and crumb: the dance, then the chart with the crumb" \
	"GET $Y/AAPL?period1=1704067200&period2=1704412801&interval=1d&includePrePost=false&events=div%2Csplit
GET /
GET /v1/test/getcrumb
GET $Y/AAPL?period1=1704067200&period2=1704412801&interval=1d&includePrePost=false&events=div%2Csplit&crumb=Xy7crumbQ9"
if jq -e -s '.[2].headers.Cookie == "A3=d=AQABBK" and .[3].headers.Cookie == "A3=d=AQABBK"' "$REQS.json" >/dev/null
then ok "yahoo cookie and crumb: the cookie is sent back"; else not_ok "yahoo cookie and crumb: the cookie is sent back"; fi
no_secret "yahoo cookie and crumb: -v never shows the crumb" Xy7crumbQ9 "$ERR"
if grep -q "crumb=REDACTED" "$ERR"; then ok "yahoo cookie and crumb: -v shows crumb=REDACTED"; else not_ok "yahoo cookie and crumb: -v shows crumb=REDACTED"; fi

# --- failures: retries, Retry-After, timeouts, bad bodies -----------------

rm -f "$TICKLINE_DB"*
script f1.json <<EOF
[{"path": "^$Y/AAPL", "status": 429, "headers": {"Retry-After": "1"}, "body": "Too Many Requests"},
 {"path": "^$Y/AAPL", "body_file": "$F/yahoo-aapl-1d.json", $JSON},
 {"path": "^$Y/MSFT", "status": 503, "body": "busy", "times": 3},
 {"path": "^$Y/TSLA", "status": 429, "headers": {"Retry-After": "3600"}, "times": 0},
 {"path": "^$Y/HANG", "hang": true, "times": 0},
 {"path": "^$Y/CUT", "body_file": "$F/yahoo-aapl-1d.json", "truncate": 300, "times": 0},
 {"path": "^$Y/BIG", "body": "x", "repeat": 67108865, "times": 0},
 {"path": "^$Y/JUNK", "body": "{\"chart\": {\"result\": [", $JSON},
 {"path": "^$Y/GONE", "status": 404, "body_file": "$F/yahoo-notfound.json", $JSON}]
EOF
serve f1.json
start=$(date +%s.%N)
run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 AAPL
el=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
expect_code "429 with Retry-After, then 200" 0
expect_out "429 with Retry-After, then 200: the bars" want-jan2-5.nd
expect_err "429 with Retry-After, then 200: quiet" ''
if awk -v e="$el" 'BEGIN {exit !(e >= 1)}'; then ok "429: waited the Retry-After second"; else not_ok "429: waited the Retry-After second ($el s)"; fi

U="$BASE$Y"
Q="period1=1704067200&period2=1704412801&interval=1d&includePrePost=false&events=div%2Csplit"
run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 MSFT
expect_code "503 three times: 69" 69
expect_err "503 three times: says so" "bars-fetch: yahoo: MSFT: GET $U/MSFT?$Q: HTTP 503 (after 3 attempts)"
expect_out_text "503 three times: no bars" ''
sql_is "503 three times: nothing cached" "select count(*) from bars where symbol = 'MSFT'" 0

run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 TSLA
expect_code "Retry-After beyond 60 s: 75 at once" 75
expect_err "Retry-After beyond 60 s: says so" "bars-fetch: yahoo: TSLA: GET $U/TSLA?$Q: HTTP 429 (Retry-After 3600 s, over 60 s: giving up)"
if [ "$(grep -c TSLA "$REQS")" -eq 1 ]; then ok "Retry-After beyond 60 s: one request"; else not_ok "Retry-After beyond 60 s: one request"; fi

start=$(date +%s.%N)
run bars-fetch --base-url "$BASE" --timeout 1 --retries 1 --from 2024-01-01 --to 2024-01-05 HANG
el=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
expect_code "a server that never answers: 75" 75
sed -E 's/after [0-9]+ milliseconds/after N milliseconds/' "$ERR" >"$TMP/err.n" && mv "$TMP/err.n" "$ERR"
expect_err "a server that never answers: says so" "bars-fetch: yahoo: HANG: GET $U/HANG?$Q: Operation timed out after N milliseconds with 0 bytes received (after 2 attempts)"
if awk -v e="$el" 'BEGIN {exit !(e < 4)}'; then ok "a server that never answers: within 2 x 1 s + backoff"; else not_ok "a server that never answers: took $el s"; fi

run bars-fetch --base-url "$BASE" --retries 1 --from 2024-01-01 --to 2024-01-05 CUT
expect_code "a truncated body: 69" 69
expect_err "a truncated body: says so" "bars-fetch: yahoo: CUT: GET $U/CUT?$Q: transfer closed with 950 bytes remaining to read (after 2 attempts)"
sql_is "a truncated body: nothing cached" "select count(*) from bars where symbol = 'CUT'" 0

run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 BIG
expect_code "an oversized body: 65" 65
expect_err "an oversized body: says so" "bars-fetch: yahoo: BIG: GET $U/BIG?$Q: reply larger than 67108864 bytes"

run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 JUNK
expect_code "invalid JSON: 65" 65
expect_err "invalid JSON: says so" "bars-fetch: yahoo: JUNK: reply is not JSON (line 1: unexpected end of text)"

run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 GONE
expect_code "an unknown symbol: 69" 69
expect_err "an unknown symbol: Yahoo's words" "bars-fetch: yahoo: GONE: Not Found: No data found, symbol may be delisted (HTTP 404)"

# Many symbols: a failure on one is reported, the others still come out.
rm -f "$TICKLINE_DB"*
script f2.json <<EOF
[{"path": "^$Y/GONE", "status": 404, "body_file": "$F/yahoo-notfound.json", $JSON},
 {"path": "^$Y/AAPL", "body_file": "$F/yahoo-aapl-1d.json", $JSON},
 {"path": "^$Y/JUNK", "body": "<html>", $JSON}]
EOF
serve f2.json
run bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 GONE AAPL JUNK
expect_code "three symbols, two failing: the worst status (65 over 69)" 65
expect_out "three symbols, two failing: the good one comes out" want-jan2-5.nd
expect_err "three symbols, two failing: both reported" "bars-fetch: yahoo: GONE: Not Found: No data found, symbol may be delisted (HTTP 404)
bars-fetch: yahoo: JUNK: reply is not JSON (line 1: unexpected '<')"

# --jobs: symbols at once, output and messages in the order given.
rm -f "$TICKLINE_DB"*
script f3.json <<EOF
[{"path": "^$Y/GONE", "status": 404, "body_file": "$F/yahoo-notfound.json", $JSON, "delay": 1},
 {"path": "^$Y/AAPL", "body_file": "$F/yahoo-aapl-1d.json", $JSON, "delay": 1},
 {"path": "^$Y/MSFT", "body_file": "$F/yahoo-aapl-1d.json", $JSON, "delay": 1}]
EOF
serve f3.json
start=$(date +%s.%N)
run bars-fetch --base-url "$BASE" --jobs 3 --from 2024-01-01 --to 2024-01-05 AAPL GONE MSFT
el=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
expect_code "--jobs 3: the failure's status" 69
{ cat want-jan2-5.nd; sed 's/"AAPL"/"MSFT"/' want-jan2-5.nd; } >want.nd
expect_out "--jobs 3: AAPL's bars, then MSFT's" want.nd
expect_err "--jobs 3: the failure reported" "bars-fetch: yahoo: GONE: Not Found: No data found, symbol may be delisted (HTTP 404)"
if awk -v e="$el" 'BEGIN {exit !(e < 2.5)}'; then ok "--jobs 3: three 1 s replies at once ($el s)"; else not_ok "--jobs 3: three 1 s replies at once (took $el s)"; fi
sql_is "--jobs 3: both good symbols cached" "select count(*) from bars" 6

# --- stooq -----------------------------------------------------------------

rm -f "$TICKLINE_DB"*
script s1.json <<EOF
[{"path": "^/q/d/l/\\\\?s=aapl.us&i=d&", "body_file": "$F/stooq-aapl-d.csv", "headers": {"Content-Type": "text/csv"}},
 {"path": "^/q/d/l/\\\\?s=aapl.us&i=w&", "body_file": "$F/stooq-aapl-w.csv", "headers": {"Content-Type": "text/csv"}},
 {"path": "^/q/d/l/\\\\?s=msft.us", "body_file": "$F/stooq-html.html", "headers": {"Content-Type": "text/html; charset=utf-8"}},
 {"path": "^/q/d/l/\\\\?s=nvda.us", "body": "Exceeded the daily hits limit", "headers": {"Content-Type": "text/plain"}},
 {"path": "^/q/d/l/\\\\?s=zzzz.us", "body": "No data", "headers": {"Content-Type": "text/plain"}}]
EOF
serve s1.json
run bars-fetch --source stooq --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 AAPL.US
expect_code "stooq daily" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"AAPL.US","tf":"1D","t":1704153600,"o":186.033,"h":187.316,"l":182.806,"c":184.532,"v":83297566,"src":"stooq","adj":"split_div"}
{"type":"bar","symbol":"AAPL.US","tf":"1D","t":1704240000,"o":183.119,"h":184.766,"l":182.318,"c":183.15,"v":58953574,"src":"stooq","adj":"split_div"}
{"type":"bar","symbol":"AAPL.US","tf":"1D","t":1704326400,"o":181.008,"h":181.98,"l":179.785,"c":180.825,"v":71878671,"src":"stooq","adj":"split_div"}
{"type":"bar","symbol":"AAPL.US","tf":"1D","t":1704412800,"o":180.885,"h":181.672,"l":179.091,"c":180.101,"v":62631311,"src":"stooq","adj":"split_div"}
EOF
expect_out "stooq daily: the CSV's bars" want.nd
run bars-fetch --source stooq --base-url "$BASE" --tf 1W --from 2024-01-01 --to 2024-01-12 AAPL.US
expect_code "stooq weekly" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"AAPL.US","tf":"1W","t":1704067200,"o":186.033,"h":187.316,"l":179.091,"c":180.101,"v":276761122,"src":"stooq","adj":"split_div"}
{"type":"bar","symbol":"AAPL.US","tf":"1W","t":1704672000,"o":181.966,"h":186.396,"l":181.39,"c":184.842,"v":241113000,"final":false,"src":"stooq","adj":"split_div"}
EOF
expect_out "stooq weekly: Friday rows on their Monday; this week still forming" want.nd
reqs_are "stooq: the CSV download with the span's dates" \
	"GET /q/d/l/?s=aapl.us&i=d&d1=20240101&d2=20240105
GET /q/d/l/?s=aapl.us&i=w&d1=20240101&d2=20240112"
run bars-fetch --source stooq --base-url "$BASE" --range 1mo MSFT.US
expect_code "stooq HTML instead of CSV, HTTP 200: 65" 65
expect_err "stooq HTML instead of CSV: says so" "bars-fetch: stooq: MSFT.US: sent an HTML page where CSV was expected (HTTP 200, text/html; charset=utf-8)"
run bars-fetch --source stooq --base-url "$BASE" --range 1mo NVDA.US
expect_code "stooq's hits limit: 75" 75
expect_err "stooq's hits limit: says so" "bars-fetch: stooq: NVDA.US: rate-limited: exceeded the daily hits limit"
run bars-fetch --source stooq --base-url "$BASE" --range 1mo ZZZZ.US
expect_code "stooq's No data: no bars" 0
expect_out_text "stooq's No data: no bars" ''
run bars-fetch --source stooq --tf 4h AAPL.US
expect_code "stooq has no intraday" 64

# --- binance: paging past 1000 rows, ms times, string prices ----------------

rm -f "$TICKLINE_DB"*
python3 - "$TMP" <<'EOF'
import json, sys
t0 = 1704067200000
def rows(a, n):
    return [[t0 + (a + i) * 60000, "%.2f" % (100 + (a + i) % 7), "%.2f" % (101 + (a + i) % 7),
             "%.2f" % (99 + (a + i) % 7), "%.2f" % (100.5 + (a + i) % 7), "1.50000000",
             t0 + (a + i + 1) * 60000 - 1, "150.0", 10, "0.7", "70.0", "0"] for i in range(n)]
json.dump(rows(0, 1000), open(sys.argv[1] + "/p1.json", "w"))
json.dump(rows(1000, 3), open(sys.argv[1] + "/p2.json", "w"))
EOF
script b1.json <<EOF
[{"path": "^/api/v3/klines\\\\?symbol=BTCUSDT&interval=1m&startTime=1704067200000&", "body_file": "$TMP/p1.json", $JSON},
 {"path": "^/api/v3/klines\\\\?symbol=BTCUSDT&interval=1m&startTime=1704127140001&", "body_file": "$TMP/p2.json", $JSON},
 {"path": "^/api/v3/klines\\\\?symbol=BTCUSDT&interval=1h", "body_file": "$F/binance-btc-1h.json", $JSON},
 {"path": "^/api/v3/klines\\\\?symbol=ETHUSDT", "body_file": "$TMP/p1.json", $JSON},
 {"path": "^/api/v3/klines\\\\?symbol=ETHUSDT", "body_file": "$TMP/p2.json", "truncate": 100, $JSON, "times": 0},
 {"path": "^/api/v3/klines\\\\?symbol=XXX", "status": 400, "body": "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", $JSON}]
EOF
serve b1.json
export TICKLINE_NOW=1704200000
run bars-fetch --source binance --base-url "$BASE" --tf 1m --from 2024-01-01T00:00:00Z --to 2024-01-01T16:42:00Z BTCUSDT
expect_code "binance paging" 0
jq_ok() { if jq -e -s "$2" "$OUT" >/dev/null; then ok "$1"; else not_ok "$1"; fi; }
jq_ok "binance paging: 1003 bars, one a minute, from both pages" \
	'length == 1003 and .[0].t == 1704067200 and .[-1].t == 1704127320 and ([.[].t] | . == [range(1704067200; 1704127321; 60)])'
jq_ok "binance paging: string prices read exactly, raw" '.[1001].o == 100 and .[1001].c == 100.5 and .[1002].o == 101 and all(.src == "binance" and .adj == "raw")'
reqs_are "binance paging: the second page starts after the first's last open time" \
	"GET /api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1704067200000&endTime=1704127320999&limit=1000
GET /api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1704127140001&endTime=1704127320999&limit=1000"

export TICKLINE_NOW=1704076000
run bars-fetch --source binance --base-url "$BASE" --tf 1h --range 3h BTCUSDT
expect_code "binance 1h" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"BTCUSDT","tf":"1h","t":1704067200,"o":42283.58,"h":42554.57,"l":42261.02,"c":42475.23,"v":1271.68108,"src":"binance","adj":"raw"}
{"type":"bar","symbol":"BTCUSDT","tf":"1h","t":1704070800,"o":42475.23,"h":42775,"l":42431.65,"c":42613.56,"v":1196.37856,"src":"binance","adj":"raw"}
{"type":"bar","symbol":"BTCUSDT","tf":"1h","t":1704074400,"o":42613.57,"h":42638.41,"l":42500,"c":42581.1,"v":685.2198,"final":false,"src":"binance","adj":"raw"}
EOF
expect_out "binance 1h: ms times, string prices, the open kline not final" want.nd

export TICKLINE_NOW=1704200000
run bars-fetch --source binance --base-url "$BASE" --tf 1m --retries 0 --from 2024-01-01T00:00:00Z --to 2024-01-01T16:42:00Z ETHUSDT
expect_code "binance: the second page cut short: 69" 69
sql_is "binance: the cache holds nothing of the failed call, not even page 1" \
	"select count(*) from bars where symbol = 'ETHUSDT'" 0
sql_is "binance: and no span for it" "select count(*) from bar_spans where symbol = 'ETHUSDT'" 0
run bars-fetch --source binance --base-url "$BASE" --range 1d XXX
expect_code "binance: an invalid symbol: 69" 69
expect_err "binance: an invalid symbol: Binance's words" "bars-fetch: binance: XXX: GET $BASE/api/v3/klines?symbol=XXX&interval=1d&startTime=1704067200000&endTime=1704200000999&limit=1000: HTTP 400: Invalid symbol."

# --- alphavantage: the key in the URL never shows ---------------------------

rm -f "$TICKLINE_DB"*
export TICKLINE_NOW=1704672000
KEY=SeKr1tKeyZZ9
script a1.json <<EOF
[{"path": "^/query\\\\?function=TIME_SERIES_DAILY&symbol=IBM&", "body_file": "$F/av-ibm-daily.json", $JSON},
 {"path": "^/query\\\\?function=TIME_SERIES_INTRADAY&symbol=IBM&interval=5min", "body_file": "$F/av-ibm-5min.json", $JSON},
 {"path": "^/query\\\\?function=TIME_SERIES_DAILY&symbol=MSFT", "body_file": "$F/av-note.json", $JSON},
 {"path": "^/query\\\\?function=TIME_SERIES_DAILY&symbol=NVDA", "body_file": "$F/av-information.json", $JSON},
 {"path": "^/query\\\\?function=TIME_SERIES_DAILY&symbol=BAD", "body_file": "$F/av-error.json", $JSON},
 {"path": "^/query\\\\?function=TIME_SERIES_DAILY&symbol=DOWN", "status": 503, "times": 0}]
EOF
serve a1.json
ALPHAVANTAGE_API_KEY=$KEY run bars-fetch -v --source alphavantage --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 IBM
expect_code "alphavantage daily" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"IBM","tf":"1D","t":1704240000,"o":161,"h":161.73,"l":160.08,"c":160.1,"v":4086100,"src":"alphavantage","adj":"raw"}
{"type":"bar","symbol":"IBM","tf":"1D","t":1704326400,"o":161,"h":161.17,"l":158.38,"c":160.1,"v":4208802,"src":"alphavantage","adj":"raw"}
{"type":"bar","symbol":"IBM","tf":"1D","t":1704412800,"o":162.29,"h":163.27,"l":158.95,"c":159.16,"v":3180300,"src":"alphavantage","adj":"raw"}
EOF
expect_out "alphavantage daily: newest-first rows in rising t" want.nd
reqs_are "alphavantage: the key travels in the URL" \
	"GET /query?function=TIME_SERIES_DAILY&symbol=IBM&outputsize=compact&datatype=json&apikey=$KEY"
no_secret "alphavantage: the key never shows in -v output" "$KEY" "$ERR"
if grep -q "apikey=REDACTED" "$ERR"; then ok "alphavantage: -v shows apikey=REDACTED"; else not_ok "alphavantage: -v shows apikey=REDACTED"; fi

ALPHAVANTAGE_API_KEY=$KEY run bars-fetch --source alphavantage --base-url "$BASE" --tf 5m --from 2024-01-05 --to 2024-01-05T23:00:00Z IBM
expect_code "alphavantage 5min" 0
cat >want.nd <<'EOF'
{"type":"bar","symbol":"IBM","tf":"5m","t":1704465000,"o":160.95,"h":161.05,"l":160.5,"c":160.87,"v":148066,"src":"alphavantage","adj":"raw"}
{"type":"bar","symbol":"IBM","tf":"5m","t":1704465300,"o":160.87,"h":161.01,"l":160.65,"c":160.76,"v":45893,"src":"alphavantage","adj":"raw"}
EOF
expect_out "alphavantage 5min: US/Eastern times to UTC" want.nd

ALPHAVANTAGE_API_KEY=$KEY run bars-fetch -v --source alphavantage --base-url "$BASE" --range 1mo MSFT
expect_code "alphavantage: a rate-limit Note in an HTTP 200 body: 75" 75
expect_err_line() { if grep -qxF -- "$2" "$ERR"; then ok "$1"; else not_ok "$1"; sed 's/^/#   /' "$ERR" | head -5; fi; }
expect_err_line "alphavantage: the Note is a rate limit" "bars-fetch: alphavantage: MSFT: rate-limited: Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/pre..."
no_secret "alphavantage: the key never shows (Note, -v)" "$KEY" "$ERR"
ALPHAVANTAGE_API_KEY=$KEY run bars-fetch --source alphavantage --base-url "$BASE" --range 1mo NVDA
expect_code "alphavantage: a rate-limit Information: 75" 75
ALPHAVANTAGE_API_KEY=$KEY run bars-fetch --source alphavantage --base-url "$BASE" --range 1mo BAD
expect_code "alphavantage: an Error Message: 69" 69
no_secret "alphavantage: the key never shows (Error Message)" "$KEY" "$ERR"
ALPHAVANTAGE_API_KEY=$KEY run bars-fetch --source alphavantage --base-url "$BASE" --retries 0 --range 1mo DOWN
expect_code "alphavantage: 503: 69" 69
expect_err "alphavantage: 503: the URL redacted" "bars-fetch: alphavantage: DOWN: GET $BASE/query?function=TIME_SERIES_DAILY&symbol=DOWN&outputsize=compact&datatype=json&apikey=REDACTED: HTTP 503"
env -u ALPHAVANTAGE_API_KEY bash -c 'bars-fetch --source alphavantage --range 1mo IBM' >"$OUT" 2>"$ERR" </dev/null
code=$?
expect_code "alphavantage: no key: 78" 78
expect_err "alphavantage: no key: says which variable" "bars-fetch: alphavantage needs a key: set ALPHAVANTAGE_API_KEY, or alphavantage_api_key in the config file"

# --- two processes share the rate limit ------------------------------------

rm -f "$TICKLINE_DB"*
script r1.json <<EOF
[{"path": "^$Y/", "body_file": "$F/yahoo-aapl-1d.json", $JSON, "times": 0}]
EOF
serve r1.json
bars-fetch >/dev/null 2>&1 --source store --range 1d X # creates the store
export TICKLINE_YAHOO_RATE=2/1s
bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 A1 A2 A3 >"$TMP/p1.out" 2>&1 &
p1=$!
bars-fetch --base-url "$BASE" --from 2024-01-01 --to 2024-01-05 B1 B2 B3 >"$TMP/p2.out" 2>&1 &
p2=$!
wait $p1; c1=$?
wait $p2; c2=$?
unset TICKLINE_YAHOO_RATE
if [ $c1 -eq 0 ] && [ $c2 -eq 0 ]; then ok "two processes: both succeed"; else not_ok "two processes: both succeed ($c1, $c2)"; cat "$TMP/p1.out" "$TMP/p2.out" | head -5; fi
# 6 requests, 2 a second with a burst of 2: the last at least 2 s after the
# first (each process alone would take 0.5 s for its 3).
span=$(jq -s '(map(.t) | max) - (map(.t) | min)' "$REQS.json")
if awk -v e="$span" 'BEGIN {exit !(e >= 1.9)}' && [ "$(wc -l <"$REQS")" -eq 6 ]; then ok "two processes: 6 requests spread over $span s (>= 1.9)"
else not_ok "two processes: 6 requests spread over >= 1.9 s (got $span s, $(wc -l <"$REQS") requests)"; fi

# --- usage ------------------------------------------------------------------

run bars-fetch
expect_code "no symbol: 64" 64
expect_err "no symbol: says so" "bars-fetch: no SYMBOL given, and session 'default' has no watchlist (session-set watchlist=A,B)
$USAGE_TAIL"

# With no SYMBOL, the session's watchlist: here from the cache alone.
bars-import --store --db "$TMP/watch.db" "$SHARE/GOOG.csv" >/dev/null
bars-import --store --db "$TMP/watch.db" --symbol G2 "$SHARE/GOOG.csv" >/dev/null
session-set --db "$TMP/watch.db" --session w watchlist=G2,GOOG >/dev/null
run bars-fetch --db "$TMP/watch.db" --session w --source store --from 2012-01-01 --to 2012-03-31
expect_code "--session: the watchlist's symbols" 0
[ "$(jq -r '"\(.symbol) \(.tf)"' "$OUT" | uniq -c | awk '{print $1, $2, $3}' | tr '\n' ';')" = "62 G2 1D;62 GOOG 1D;" ] &&
	ok "--session: G2 then GOOG, in the watchlist's order" || { not_ok "--session: G2 then GOOG, in the watchlist's order"; jq -r '"\(.symbol) \(.tf)"' "$OUT" | uniq -c | sed 's/^/#   /'; }
run bars-fetch --db "$TMP/watch.db" --session w --source store AAPL
expect_code "--session with a SYMBOL: 64" 64
run bars-fetch --base-url ftp://example.com AAPL
expect_code "a base URL that is not http: 64" 64
run bars-fetch --range 2y --from 2024-01-01 AAPL
expect_code "--range with --from: 64" 64
run bars-fetch --source nasdaq AAPL
expect_code "an unknown source: 64" 64
run bars-fetch 'A B'
expect_code "a symbol with a space: 64" 64
