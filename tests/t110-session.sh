# t110-session: session-set, session-get and session-gc against a real store.
. "$(dirname "$0")/lib.sh"

export TICKLINE_DB="$TMP/store.db" TICKLINE_NOW=1700000000
usage_set='usage: session-set [--session ID] [--ttl DURATION] [--db PATH] [KEY=VALUE...]
Try '\''session-set --help'\'' for more information.'

run session-set --session desk symbol=TSLA tf=1D watchlist=TSLA,NVDA,AAPL
expect_code "set three keys" 0
expect_out_text "the record: keys in table order, times" \
'{"type":"session","session":"desk","symbol":"TSLA","tf":"1D","watchlist":["TSLA","NVDA","AAPL"],"updated":1700000000,"expires":1700086400}'
expect_err "set: quiet" ""
[ "$(stat -c %a "$TICKLINE_DB")" = 600 ] && ok "the store is created 0600" || not_ok "the store is created 0600"

# Later sets keep the keys they do not name; the timeframe alias; KEY= unsets.
TICKLINE_NOW=1700000100 run session-set --session desk timeframe=1h mode=semi-auto agent=on snapshot_id=snap-7 watchlist=
expect_out_text "a later set keeps the other keys, takes the alias, unsets watchlist" \
'{"type":"session","session":"desk","symbol":"TSLA","tf":"1h","snapshot_id":"snap-7","mode":"semi-auto","agent":"on","updated":1700000100,"expires":1700086500}'
run session-get --session desk
expect_code "get" 0
expect_out_text "get prints what set stored" \
'{"type":"session","session":"desk","symbol":"TSLA","tf":"1h","snapshot_id":"snap-7","mode":"semi-auto","agent":"on","updated":1700000100,"expires":1700086500}'

# The default session: $TICKLINE_SESSION, else "default".
run session-set symbol=GOOG
[ "$(jq -r .session "$OUT")" = default ] && ok "no --session: the default session" || not_ok "no --session: the default session"
TICKLINE_SESSION=desk run session-get
[ "$(jq -r .symbol "$OUT")" = TSLA ] && ok "\$TICKLINE_SESSION picks the session" || not_ok "\$TICKLINE_SESSION picks the session"

# Bad keys and values: exit 64 naming them, and nothing stored.
cp "$TICKLINE_DB" "$TMP/before.db"
before=$(session-get --all)
run session-set --session desk symbol=NVDA color=red
expect_code "an unknown key" 64
expect_err "the unknown key is named with the known ones" \
"session-set: unknown key 'color' (symbol, tf, snapshot_id, mode, agent, watchlist, preset)
$usage_set"
run session-set --session desk mode=fast
expect_code "a bad mode" 64
expect_err "the bad value is named with what was expected" \
"session-set: mode: expected manual, semi-auto or auto, got 'fast'
$usage_set"
run session-set --session desk tf=1d
expect_err "a bad timeframe" \
"session-set: tf: expected a timeframe (1m 5m 15m 30m 1h 4h 1D 1W 1Mo), got '1d'
$usage_set"
run session-set --session desk symbol=BTC:USD
expect_err "a symbol with a colon (chart commands use it)" \
"session-set: symbol: expected a symbol: 1 to 63 letters, digits or . _ - / ^ =, got 'BTC:USD'
$usage_set"
run session-set --session desk watchlist=TSLA,,NVDA
expect_code "an empty watchlist item" 64
run session-set --session desk agent
expect_err "an operand without =" \
"session-set: expected KEY=VALUE, got 'agent'
$usage_set"
run session-set --session 'two words' symbol=X
expect_err "a bad session id" \
"session-set: session 'two words': a session id holds only letters, digits and . _ - @
$usage_set"
run session-set --ttl 0s symbol=X
expect_code "a zero ttl" 64
run session-set snapshot_id="$(printf 'a\tb')"
expect_code "a control character in free text" 64
[ "$(session-get --all)" = "$before" ] && ok "bad operands stored nothing" || not_ok "bad operands stored nothing"

# Expiry: a session lives until updated + ttl, then is gone for get and set.
TICKLINE_NOW=1700000000 run session-set --session brief --ttl 1h symbol=EURUSD
TICKLINE_NOW=1700003599 run session-get --session brief
expect_code "alive one second before its expiry" 0
TICKLINE_NOW=1700003600 run session-get --session brief
expect_code "gone at its expiry" 66
expect_err "an expired session is said so" \
"session-get: no session 'brief' (never set, or expired; see session-set)"
run session-get --session nosuch
expect_code "a session never set" 66
TICKLINE_NOW=1700003600 run session-set --session brief tf=1h
expect_out_text "set after expiry starts afresh (the old symbol is gone)" \
'{"type":"session","session":"brief","tf":"1h","updated":1700003600,"expires":1700090000}'

# --all lists the live sessions by id; gc deletes the expired ones.
TICKLINE_NOW=1700000000 session-set --session old --ttl 30m symbol=X >/dev/null
TICKLINE_NOW=1700003600 run session-get --all
[ "$(jq -r .session "$OUT" | tr '\n' ' ')" = "brief default desk " ] &&
	ok "--all: the live sessions, by id" || not_ok "--all: the live sessions, by id"
TICKLINE_NOW=1700003600 run session-gc
expect_code "gc" 0
expect_out_text "gc reports one expired session" '{"type":"gc","sessions":1}'
[ "$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM sessions WHERE id = 'old'; SELECT count(*) FROM session_values WHERE session = 'old'")" = "0
0" ] && ok "gc deleted the session and its values" || not_ok "gc deleted the session and its values"
TICKLINE_NOW=1700003600 run session-gc
expect_out_text "a second gc finds none" '{"type":"gc","sessions":0}'
run session-get --all --session desk
expect_code "--all with --session" 64

# Ten processes at once, each setting its own session and one key of a
# shared one: nothing is lost, nothing is "locked".
keys="symbol=AAA tf=4h snapshot_id=s1 mode=auto agent=off watchlist=A,B"
i=0
for kv in $keys symbol=BBB tf=15m snapshot_id=s2 mode=manual; do
	i=$((i + 1))
	( session-set --session "p$i" "$kv" >/dev/null 2>"$TMP/par$i.err"
	  session-set --session shared "$kv" >/dev/null 2>>"$TMP/par$i.err" ) &
done
wait
cat "$TMP"/par*.err >"$TMP/par.err"
[ ! -s "$TMP/par.err" ] && ok "ten writers at once: no error" || { not_ok "ten writers at once: no error"; head -3 "$TMP/par.err" | sed 's/^/#   /'; }
[ "$(session-get --all | jq -r 'select(.session | startswith("p")) | .session' | sort | tr '\n' ' ')" = "p1 p10 p2 p3 p4 p5 p6 p7 p8 p9 " ] &&
	ok "ten writers at once: ten sessions" || not_ok "ten writers at once: ten sessions"
[ "$(session-get --session shared | jq -c '[has("symbol"), has("tf"), has("snapshot_id"), has("mode"), has("agent"), has("watchlist")]')" = "[true,true,true,true,true,true]" ] &&
	ok "ten writers at once: every key of the shared session kept" || not_ok "ten writers at once: every key of the shared session kept"

# The store's path: --db wins over $TICKLINE_DB.
run session-set --db "$TMP/other.db" --session x symbol=Q
run session-get --db "$TMP/other.db" --session x
expect_code "--db" 0
run session-get --session x
expect_code "--db used another store" 66
