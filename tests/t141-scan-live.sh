# t141-scan-live.sh: scan-run --every on a stream fed in pieces and on the bar cache; --from-cache.
. "$(dirname "$0")/lib.sh"

export TICKLINE_NOW=0
usage='usage: scan-run [--preset NAME] [--weights LIST] [--tfs LIST] [--lookback N] [--min-score N] [--top N] [--explain] [--every DURATION] [--history [--with-bars]] [--from-cache] [--skip-bad] [--max-line BYTES] [--session ID] [--db PATH] [FILE...]
Try '"'"'scan-run --help'"'"' for more information.'
TURN=$DATA/scan/turn.awk

# wait_lines FILE N: waits (20 s at most) until FILE has N lines or more.
wait_lines() {
	_i=0
	while [ "$(cat "$1" 2>/dev/null | wc -l)" -lt "$2" ] && [ $_i -lt 400 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}
# ms: the clock in milliseconds.
ms() { echo $(($(date +%s%N) / 1000000)); }
# csv SYMBOL FILE: the bars of SYMBOL in FILE as CSV rows for bars-import.
csv() {
	echo Date,Open,High,Low,Close,Volume
	jq -r --arg s "$1" 'select(.symbol == $s) | [(.t | todate[0:10]), .o, .h, .l, .c, .v] | @csv' "$2"
}

# --- usage -------------------------------------------------------------

for d in 0s 50ms 99ms 2d 1w 1mo soon 1.5s 5 ms -1s ''; do
	run scan-run --every "$d"
	expect_code "--every '$d' is a usage error" 64
done
run scan-run --every 2d
expect_err "--every 2d: the message names the range" "scan-run: --every: expected a duration from 100ms to 1d (200ms, 30s, 5m), got '2d'
$usage"
run scan-run --every 1m --history
expect_code "--every with --history exits 64" 64
expect_err "--every with --history: named" "scan-run: --every and --history exclude each other
$usage"
run scan-run --from-cache bars.nd
expect_code "--from-cache with a FILE exits 64" 64
expect_err "--from-cache with a FILE: named" "scan-run: --from-cache reads no FILE, got 'bars.nd'
$usage"

# --- --every on input that ends before the first tick -------------------

awk -v n=300 -f "$DATA/scan/regimes.awk" >"$TMP/reg.nd"
for opts in "--tfs 1D,1W" "--tfs 1D,1W --min-score 70" "--top 1" "--explain"; do
	# shellcheck disable=SC2086
	scan-run $opts "$TMP/reg.nd" >"$TMP/once"
	# shellcheck disable=SC2086
	run_in "$TMP/reg.nd" scan-run --every 1d $opts
	expect_code "--every 1d $opts: the end of the input ends it with 0" 0
	expect_out "--every 1d $opts: the final scan writes what one scan does" "$TMP/once"
done
scan-run "$TMP/reg.nd" >"$TMP/once"
run scan-run --every 1d "$TMP/reg.nd"
expect_out "--every with a FILE reads it to its end, then ends" "$TMP/once"

# --- --every on a stream fed in pieces ---------------------------------

# Piece 1: 120 daily bars of UP, DOWN and TURN (TURN rising like UP);
# piece 2: 3 bars more, TURN falling; piece 3: 3 more; piece 4: a bar of
# UP and DOWN only.
awk -v n=120 -f "$TURN" >"$TMP/p1"
awk -v n=123 -v from=120 -v turn=120 -f "$TURN" >"$TMP/p2"
awk -v n=126 -v from=123 -v turn=120 -f "$TURN" >"$TMP/p3"
awk -v n=127 -v from=126 -v turn=120 -f "$TURN" | grep -v TURN >"$TMP/p4"
cat "$TMP/p1" >"$TMP/upto1"
cat "$TMP/p1" "$TMP/p2" >"$TMP/upto2"
cat "$TMP/p1" "$TMP/p2" "$TMP/p3" >"$TMP/upto3"
scan-run "$TMP/upto1" >"$TMP/want1"
{ cat "$TMP/want1"; scan-run "$TMP/upto2" | grep '"TURN"'; } >"$TMP/want2"
{ cat "$TMP/want2"; scan-run "$TMP/upto3" | grep '"TURN"'; } >"$TMP/want3"
if [ "$(jq -r '"\(.symbol) \(.direction)"' "$TMP/want3" | tr '\n' ,)" = "TURN long,UP long,DOWN short,TURN short,TURN short," ] &&
	jq -s -e '.[4].score < .[3].score - 1' "$TMP/want3" >/dev/null; then
	ok "the pieces: TURN long, then short, then lower by more than a point"
else not_ok "the pieces: TURN long, then short, then lower by more than a point"; fi

# The stream is a fifo the test holds open on fd 3: start_live ARGS...
# starts scan-run ARGS... on it, as $pid, then writes piece 1.
mkfifo "$TMP/fifo"
start_live() {
	exec 3<>"$TMP/fifo"
	scan-run "$@" <"$TMP/fifo" >"$TMP/live" 2>"$TMP/live.err" 3>&- &
	pid=$!
	cat "$TMP/p1" >&3
}
t0=$(ms)
start_live --every 500ms
wait_lines "$TMP/live" 3
t1=$(ms)
cp "$TMP/live" "$OUT"
expect_out "piece 1: the first scan writes every symbol" "$TMP/want1"
if [ $((t1 - t0)) -ge 500 ]; then ok "piece 1: no scan before the first tick"; else
	not_ok "piece 1: no scan before the first tick"; echo "#   after $((t1 - t0)) ms"; fi
cat "$TMP/p2" >&3
wait_lines "$TMP/live" 4
cp "$TMP/live" "$OUT"
expect_out "piece 2 (stream still open): only TURN, now short" "$TMP/want2"
cat "$TMP/p3" >&3
wait_lines "$TMP/live" 5
cp "$TMP/live" "$OUT"
expect_out "piece 3: only TURN, its score moved" "$TMP/want3"
cat "$TMP/p4" >&3
exec 3>&-
wait $pid
code=$?
expect_code "the end of the stream ends it with 0" 0
cp "$TMP/live" "$OUT"
expect_out "piece 4 and the end: UP and DOWN moved less than a point, nothing more" "$TMP/want3"
cp "$TMP/live.err" "$ERR"
expect_err "the stream: nothing on stderr" ''

# SIGTERM and SIGINT end a live scan with 0, its records whole.
for sig in TERM INT; do
	start_live --every 200ms
	wait_lines "$TMP/live" 3
	kill -s $sig $pid
	wait $pid
	code=$?
	exec 3>&-
	expect_code "SIG$sig ends --every with 0" 0
	cp "$TMP/live" "$OUT"
	expect_out "SIG$sig: the records written are whole" "$TMP/want1"
done

# A FILE that is a fifo no writer has opened yet: the open does not block
# the run, and a signal ends it with 0.
mkfifo "$TMP/nowriter"
scan-run --every 200ms "$TMP/nowriter" >"$OUT" 2>"$ERR" &
pid=$!
sleep 0.5
kill -s INT $pid
wait $pid
code=$?
expect_code "SIGINT while a fifo FILE waits for a writer: 0" 0
expect_out_text "the fifo FILE without a writer: nothing written" ''
expect_err "the fifo FILE without a writer: nothing on stderr" ''

# Busy input: a stream that never pauses is still ended by a signal at
# once, not at the next tick (--every 1d).
awk 'BEGIN { for (t = 0; ; t += 60) printf "{\"type\":\"bar\",\"symbol\":\"B\",\"tf\":\"1m\",\"t\":%d,\"o\":1,\"h\":2,\"l\":1,\"c\":1.5,\"v\":1}\n", t }' |
	scan-run --every 1d >"$OUT" 2>"$ERR" &
pid=$!
sleep 0.5
kill -s TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then
	not_ok "busy input: SIGTERM ends it at once"
	kill -s KILL $pid
else ok "busy input: SIGTERM ends it at once"; fi
wait $pid
code=$?
expect_code "busy input: SIGTERM ends it with 0" 0
expect_out_text "busy input: no tick came, nothing written" ''

# --top: at most N signals a scan; those left out wait for their symbol's
# next bars.
start_live --every 200ms --top 1
wait_lines "$TMP/live" 1
cat "$TMP/p2" >&3
wait_lines "$TMP/live" 2
exec 3>&-
wait $pid
code=$?
expect_code "--top 1 live: exits 0" 0
{ head -1 "$TMP/want1"; scan-run "$TMP/upto2" | grep '"UP"'; } >"$TMP/want"
cp "$TMP/live" "$OUT"
expect_out "--top 1 live: TURN first, then UP's first signal, the highest after TURN's change" "$TMP/want"

# --- --from-cache ------------------------------------------------------

export TICKLINE_DB="$TMP/store.db"
for s in UP DOWN FLAT; do
	csv $s "$TMP/reg.nd" >"$TMP/$s.csv"
	bars-import --store --symbol $s "$TMP/$s.csv"
done >"$TMP/imported.nd"
session-set --session w watchlist=UP,DOWN,NONE,FLAT >/dev/null
scan-run --tfs 1D,1W "$TMP/imported.nd" >"$TMP/want"
run scan-run --from-cache --session w --tfs 1D,1W
expect_code "--from-cache exits 0" 0
expect_out "--from-cache: the signals of the same bars read from a file" "$TMP/want"
expect_err "--from-cache: a symbol without bars is a warning" "scan-run: warning: NONE: no 1D bars in the cache (skipped)"
TICKLINE_SESSION=w run scan-run --from-cache --tfs 1D,1W
expect_out "--from-cache: \$TICKLINE_SESSION without --session" "$TMP/want"
session-set watchlist=UP,DOWN,FLAT >/dev/null
run scan-run --from-cache --tfs 1D,1W
expect_out "--from-cache: the session 'default' without either" "$TMP/want"
expect_err "--from-cache: no warning when every symbol has bars" ''
scan-run "$TMP/imported.nd" >"$TMP/want"
run scan-run --from-cache --session w
expect_out "--from-cache without --tfs: 1D alone" "$TMP/want"

scan-weights use --session w aggressive >/dev/null
scan-run --preset aggressive --tfs 1D,1W "$TMP/imported.nd" >"$TMP/want"
run scan-run --from-cache --session w --tfs 1D,1W
expect_out "--from-cache: the session's preset" "$TMP/want"
scan-run --weights trend=1 --tfs 1D,1W "$TMP/imported.nd" >"$TMP/want"
run scan-run --from-cache --session w --tfs 1D,1W --weights trend=1
expect_out "--from-cache: --weights over the session's preset" "$TMP/want"

session-set --session wk tf=1W watchlist=UP,DOWN >/dev/null
run scan-run --from-cache --session wk
expect_code "--from-cache: a session tf with no bars cached exits 66" 66
expect_err "--from-cache: the session's tf is the base" "scan-run: warning: UP: no 1W bars in the cache (skipped)
scan-run: warning: DOWN: no 1W bars in the cache (skipped)
scan-run: no 1W bars in the cache for the watchlist of session 'wk'"
run scan-run --from-cache --session wk --tfs 1D
expect_code "--from-cache: --tfs over the session's tf" 0
run scan-run --from-cache --session nope
expect_code "--from-cache: an unknown session exits 66" 66
expect_err "--from-cache: an unknown session is named" "scan-run: no session 'nope' (never set, or expired; see session-set)"
TICKLINE_NOW=2000000000 run scan-run --from-cache --session w
expect_code "--from-cache: an expired session exits 66" 66
session-set --session bare symbol=UP >/dev/null
run scan-run --from-cache --session bare
expect_code "--from-cache: a session without a watchlist exits 64" 64
expect_err "--from-cache: a session without a watchlist is named" "scan-run: session 'bare' has no watchlist (session-set --session bare watchlist=A,B)
$usage"
run scan-run --from-cache --session 'a b'
expect_code "--from-cache: a bad session id exits 64" 64
run scan-run --from-cache --session w --history --tfs 1D,1W
scan-run --preset aggressive --history --tfs 1D,1W "$TMP/imported.nd" >"$TMP/want"
sort "$OUT" >"$TMP/got.s"
sort "$TMP/want" >"$TMP/want.s"
_expect_file "--from-cache --history: the signals of every bar" "$TMP/want.s" "$TMP/got.s"

# --- --from-cache --every: bars added to the cache while it runs --------

export TICKLINE_DB="$TMP/live.db"
awk -v n=120 -f "$TURN" >"$TMP/c1"
for s in UP DOWN TURN; do
	csv $s "$TMP/c1" >"$TMP/$s.csv"
	bars-import --store --symbol $s "$TMP/$s.csv" >/dev/null
done
session-set --session live watchlist=TURN,UP,DOWN,LATE >/dev/null
# TURN's next 3 bars, the first still forming: read by a one-time scan,
# held back by a live one until it is final.
csv TURN "$TMP/p2" >"$TMP/t2.csv"
bars-import --store --symbol TURN --tf 1D "$TMP/t2.csv" >/dev/null
sqlite3 "$TICKLINE_DB" "update bars set final = 0 where symbol = 'TURN' and t = 1588204800"
{ cat "$TMP/c1"; grep TURN "$TMP/p2"; } | scan-run >"$TMP/want"
run scan-run --from-cache --session live
expect_out "--from-cache: a forming bar is read like any other" "$TMP/want"
expect_err "--from-cache: LATE has no bars" "scan-run: warning: LATE: no 1D bars in the cache (skipped)"
scan-run --from-cache --session live --every 200ms >"$TMP/live" 2>"$TMP/live.err" &
pid=$!
wait_lines "$TMP/live" 3
cp "$TMP/live" "$OUT"
expect_out "--from-cache --every: a first scan at once, TURN held at its forming bar" "$TMP/want1"
sleep 0.6
cp "$TMP/live" "$OUT"
expect_out "--from-cache --every: three ticks later, nothing new" "$TMP/want1"
sqlite3 "$TICKLINE_DB" "update bars set final = 1 where symbol = 'TURN'"
wait_lines "$TMP/live" 4
csv UP "$TMP/p2" >"$TMP/u2.csv"
bars-import --store --symbol UP --tf 1D "$TMP/u2.csv" >/dev/null
csv UP "$TMP/c1" >"$TMP/late.csv"
bars-import --store --symbol LATE "$TMP/late.csv" >/dev/null
wait_lines "$TMP/live" 5
kill -s INT $pid
wait $pid
code=$?
expect_code "--from-cache --every: SIGINT ends it with 0" 0
{ cat "$TMP/want1"; sed -n 4p "$TMP/want2"; grep '"UP"' "$TMP/want1" | sed 's/"UP"/"LATE"/'; } >"$TMP/want"
cp "$TMP/live" "$OUT"
expect_out "--from-cache --every: TURN's new bars, then LATE's first (UP's moved less than a point)" "$TMP/want"
cp "$TMP/live.err" "$ERR"
expect_err "--from-cache --every: a symbol without bars yet is a warning" "scan-run: warning: LATE: no 1D bars in the cache yet"
