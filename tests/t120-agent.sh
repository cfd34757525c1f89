# t120-agent: agent-ask with the local planner: phrasings, answers, conversations, the store.
. "$(dirname "$0")/lib.sh"

export TICKLINE_DB="$TMP/store.db" TICKLINE_NOW=1700000000
bars-import --store "$SHARE/GOOG.csv" "$SHARE/EURUSD.csv" "$SHARE/BTCUSD.csv" >/dev/null

# score TSV: asks each question of TSV (after session-set symbol=GOOG
# tf=1D) and checks its expectations; prints the failures as comments and
# sets $passed and $total.
score() {
	passed=0 total=0
	while IFS="$(printf '\t')" read -r q exp; do
		case $q in '#'* | '') continue ;; esac
		total=$((total + 1))
		session-set symbol=GOOG tf=1D >/dev/null
		ans=$(agent-ask "$q")
		good=1
		for e in $(echo "$exp" | tr ',' ' '); do
			case $e in
			CMD:*) f='[.chart_commands[] | startswith($p)] | any' p=${e#CMD:} ;;
			'!CMD:'*) f='[.chart_commands[] | startswith($p)] | any | not' p=${e#!CMD:} ;;
			LEVEL) f='[.chart_commands[] | test("^(SUPPORT|RESISTANCE):")] | any' p= ;;
			'!LEVEL') f='[.chart_commands[] | test("^(SUPPORT|RESISTANCE):")] | any | not' p= ;;
			TOOL:*) f='.data.tools_used | index($p) != null' p=${e#TOOL:} ;;
			NODRAW) f='[.chart_commands[] | test("^(SUPPORT|RESISTANCE|TRENDLINE|PATTERN):")] | any | not' p= ;;
			TEXT) f='.text | length > 0' p= ;;
			*) f=false p= ;;
			esac
			printf '%s\n' "$ans" | jq -e --arg p "$p" "$f" >/dev/null || good=0
		done
		if [ $good = 1 ]; then passed=$((passed + 1)); else
			echo "#   failed: $q -> $(printf '%s\n' "$ans" | jq -c '[.chart_commands, .data.tools_used]')"
		fi
	done <"$1"
}

# The phrasings written independently of the planner: at least 90%.
score "$DATA/agent-phrasings.tsv"
echo "# agent-phrasings.tsv: $passed of $total pass"
[ "$total" -ge 45 ] && [ $((passed * 10)) -ge $((total * 9)) ] &&
	ok "phrasings: at least 90% pass ($passed of $total)" || not_ok "phrasings: at least 90% pass ($passed of $total)"
score "$DATA/agent-own.tsv"
[ "$passed" = "$total" ] && ok "our own case for every intent ($passed of $total)" ||
	not_ok "our own case for every intent ($passed of $total)"

# One answer, exactly (time frozen: the id and latency are fixed).
session-set --session desk symbol=GOOG tf=1D >/dev/null
TICKLINE_NOW=1700001000 run agent-ask --session desk "where is the closest resistance?"
expect_code "an answer" 0
expect_out_text "the answer record, exactly" \
'{"type":"answer","success":true,"text":"Resistance for GOOG (1D): 808.97 (1 touch). The last close is 806.19; the nearest resistance is 808.97 (0.34% above).","chart_commands":["RESISTANCE:808.97"],"data":{"tools_used":["chart_levels"],"chart_context":{"symbol":"GOOG","timeframe":"1D","snapshot_id":null}},"conversation_id":"c-1700001000-1","usage":{"provider":"local","model":"planner","input_tokens":0,"output_tokens":0,"latency_ms":0,"cost":0}}'
expect_err "quiet" ""

# The exchange is stored: question, tool call, result, answer.
[ "$(sqlite3 "$TICKLINE_DB" "SELECT group_concat(role, ' ') FROM (SELECT role FROM messages WHERE conversation = 'c-1700001000-1' ORDER BY id)")" = "user tool_call tool assistant" ] &&
	ok "stored: user, tool_call, tool, assistant" || not_ok "stored: user, tool_call, tool, assistant"
[ "$(sqlite3 "$TICKLINE_DB" "SELECT content FROM messages WHERE conversation = 'c-1700001000-1' AND role = 'tool_call'")" = '{"kind":"resistance"}' ] &&
	ok "stored: the tool call's arguments" || not_ok "stored: the tool call's arguments"

# -c continues the session's latest conversation; --cid a given one.
TICKLINE_NOW=1700000100 run agent-ask --session desk -c "and the support?"
[ "$(jq -r .conversation_id "$OUT")" = c-1700001000-1 ] && ok "-c continues the latest conversation" || not_ok "-c continues the latest conversation"
TICKLINE_NOW=1700000200 run agent-ask --session desk "a new one: price?"
[ "$(jq -r .conversation_id "$OUT")" = c-1700000200-1 ] && ok "without -c, a new conversation" || not_ok "without -c, a new conversation"
run agent-ask --session desk --cid c-1700001000-1 "price?"
[ "$(jq -r .conversation_id "$OUT")" = c-1700001000-1 ] && ok "--cid continues that conversation" || not_ok "--cid continues that conversation"
[ "$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM messages WHERE conversation = 'c-1700001000-1' AND role = 'user'")" = 3 ] &&
	ok "three questions in the conversation" || not_ok "three questions in the conversation"
run agent-ask --cid c-9-9 "price?"
expect_code "--cid of no conversation" 66
expect_err "the missing conversation is named" "agent-ask: no conversation 'c-9-9'"
run agent-ask -c --cid c-1 "price?"
expect_code "-c with --cid" 64

# set_chart changes the session, in the same transaction as the exchange.
run agent-ask --session desk "open EURUSD hourly"
[ "$(jq -c .chart_commands "$OUT")" = '["LOAD:EURUSD","TIMEFRAME:1h"]' ] && ok "open: LOAD and TIMEFRAME" || not_ok "open: LOAD and TIMEFRAME"
[ "$(session-get --session desk | jq -c '[.symbol, .tf]')" = '["EURUSD","1h"]' ] &&
	ok "the session now shows EURUSD 1h" || not_ok "the session now shows EURUSD 1h"

# --dry-run: the plan, nothing called, nothing stored.
n0=$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM messages")
run agent-ask --session desk --dry-run "draw support on BTCUSD"
expect_out_text "--dry-run prints the plan" \
'{"type":"request","provider":"local","question":"draw support on BTCUSD","plan":[{"tool":"set_chart","arguments":{"symbol":"BTCUSD"}},{"tool":"chart_levels","arguments":{"kind":"support"}}]}'
[ "$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM messages")" = "$n0" ] &&
	[ "$(session-get --session desk | jq -r .symbol)" = EURUSD ] &&
	ok "--dry-run stores nothing" || not_ok "--dry-run stores nothing"

# --stream: delta records, a sentence each, then the answer.
session-set --session desk symbol=GOOG tf=1D >/dev/null
run agent-ask --session desk --stream "what's the current price and the trend?"
[ "$(jq -r .type "$OUT" | tr '\n' ' ')" = "delta delta answer " ] && ok "--stream: deltas, then the answer" || not_ok "--stream: deltas, then the answer"
[ "$(jq -rj 'select(.type == "delta") | .text' "$OUT")" = "$(jq -r 'select(.type == "answer") | .text' "$OUT")" ] &&
	ok "--stream: the deltas make the text" || not_ok "--stream: the deltas make the text"

# The question from stdin when there are no operands; with operands stdin
# is left alone (a while-read loop sees every line).
printf 'key levels please\n' >"$TMP/q"
run_in "$TMP/q" agent-ask --session desk
[ "$(jq -r '.chart_commands | length > 0' "$OUT")" = true ] && ok "the question from stdin" || not_ok "the question from stdin"
printf 'price?\nlevels?\n' | while read -r q; do agent-ask --session desk "$q"; done >"$TMP/loop"
[ "$(wc -l <"$TMP/loop")" -eq 2 ] && ok "inside a while-read loop, each line asked" || not_ok "inside a while-read loop, each line asked"
run agent-ask --session desk ""
expect_code "an empty question" 64

# --bars: the tools use the given bars, not the cache.
bars-synth --seed 3 --bars 300 >"$TMP/syn.nd"
run agent-ask --session fresh --bars "$TMP/syn.nd" "price?"
jq -e --arg c "$(tail -n 1 "$TMP/syn.nd" | jq -r .c)" '.text | startswith("SYN1 last closed at \($c) ")' "$OUT" >/dev/null &&
	ok "--bars FILE: the given bars" || { not_ok "--bars FILE: the given bars"; jq -r .text "$OUT" | sed 's/^/#   /'; }
run_in "$TMP/syn.nd" agent-ask --session fresh --bars - "draw support and resistance"
[ "$(jq -r '.data.chart_context.symbol' "$OUT")" = SYN1 ] && ok "--bars -: from stdin" || not_ok "--bars -: from stdin"
run_in "$TMP/syn.nd" agent-ask --bars -
expect_code "--bars - needs the question as operands" 64
printf '{"type":"bar","symbol":"X","tf":"1D","t":0,"o":1,"h":0,"l":1,"c":1,"v":1}\n' >"$TMP/bad.nd"
run agent-ask --bars "$TMP/bad.nd" "price?"
expect_code "a bad bar in --bars" 65

# Symbols the cache lacks are said so, with nothing drawn.
run agent-ask --session desk "draw support and resistance for NVDA"
[ "$(jq -c .chart_commands "$OUT")" = "[]" ] && jq -e '.text | test("no bars for NVDA")' "$OUT" >/dev/null &&
	ok "an unknown symbol: said so, nothing drawn" || not_ok "an unknown symbol: said so, nothing drawn"

# Providers and options.
run agent-ask --provider gpt "hi"
expect_code "an unknown provider" 64
run agent-ask --max-rounds 0 "hi"
expect_code "--max-rounds 0" 64

# Two agent-ask and ten session-set processes on one store at once.
i=0
for k in 1 2 3 4 5 6 7 8 9 10; do
	session-set --session "w$k" symbol=GOOG >/dev/null 2>>"$TMP/par.err" &
done
agent-ask --session w1 "key levels" >/dev/null 2>>"$TMP/par.err" &
agent-ask --session w2 "patterns?" >/dev/null 2>>"$TMP/par.err" &
wait
[ ! -s "$TMP/par.err" ] && ok "twelve writers at once: no error" || { not_ok "twelve writers at once: no error"; head -3 "$TMP/par.err" | sed 's/^/#   /'; }
[ "$(session-get --all | jq -r 'select(.session | test("^w[0-9]+$")) | .session' | wc -l)" -eq 10 ] &&
	[ "$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM conversations WHERE session IN ('w1', 'w2')")" = 2 ] &&
	ok "twelve writers at once: nothing lost" || not_ok "twelve writers at once: nothing lost"

# agent-log: a session's conversations newest first, by pages; messages.
export TICKLINE_DB="$TMP/log.db"
bars-import --store "$SHARE/GOOG.csv" >/dev/null
session-set --session L symbol=GOOG tf=1D >/dev/null
for k in 1 2 3 4 5 6 7 8 9 10 11; do
	TICKLINE_NOW=$((1700000000 + k)) agent-ask --session L "price? (question $k)" >/dev/null
done
TICKLINE_NOW=1700000011 agent-ask --session L "key levels, again" >/dev/null
run agent-log --session L --limit 3
expect_code "agent-log" 0
expect_out_text "the newest three, with their first questions" \
'{"type":"conversation","id":"c-1700000011-2","session":"L","created":1700000011,"updated":1700000011,"messages":4,"question":"key levels, again"}
{"type":"conversation","id":"c-1700000011-1","session":"L","created":1700000011,"updated":1700000011,"messages":4,"question":"price? (question 11)"}
{"type":"conversation","id":"c-1700000010-1","session":"L","created":1700000010,"updated":1700000010,"messages":4,"question":"price? (question 10)"}'
run agent-log --session L --limit 3 --before c-1700000010-1
[ "$(jq -r .id "$OUT" | tr '\n' ' ')" = "c-1700000009-1 c-1700000008-1 c-1700000007-1 " ] &&
	ok "--before: the next page" || not_ok "--before: the next page"
run agent-log --session L --limit 100
[ "$(wc -l <"$OUT")" -eq 12 ] && ok "all twelve" || not_ok "all twelve"
run agent-log --session L --search "QUESTION 1"
[ "$(jq -r .id "$OUT" | tr '\n' ' ')" = "c-1700000011-1 c-1700000010-1 c-1700000001-1 " ] &&
	ok "--search, in any case" || not_ok "--search, in any case"
run agent-log --session L --search "50%_"
expect_out_text "--search: % and _ are plain text" ""
run agent-log --session L c-1700000011-2
[ "$(jq -r .role "$OUT" | tr '\n' ' ')" = "assistant tool tool_call user " ] &&
	ok "a conversation's messages, newest first" || not_ok "a conversation's messages, newest first"
[ "$(jq -c 'select(.role == "assistant") | [.provider, .model, .tokens_in, .tokens_out, .latency_ms, .cost]' "$OUT")" = '["local","planner",0,0,0,0]' ] &&
	ok "the answer's usage is kept" || not_ok "the answer's usage is kept"
last=$(jq -r .id "$OUT" | sed -n 2p)
run agent-log --session L --before "$last" c-1700000011-2
[ "$(jq -r .role "$OUT" | tr '\n' ' ')" = "tool_call user " ] && ok "messages --before" || not_ok "messages --before"
run agent-log --session L c-0-0
expect_code "an unknown conversation" 66
expect_err "it is named" "agent-log: no conversation 'c-0-0'"
run agent-log --session L --limit 0
expect_code "--limit 0" 64
run agent-log --session L a b
expect_code "two CIDs" 64
