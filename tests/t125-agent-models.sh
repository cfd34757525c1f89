# t125-agent-models: agent-ask's openai and anthropic providers against scripted servers on 127.0.0.1.
. "$(dirname "$0")/lib.sh"

export TICKLINE_DB="$TMP/store.db" TICKLINE_NOW=1700000000
unset OPENAI_API_KEY OPENAI_BASE_URL ANTHROPIC_API_KEY ANTHROPIC_BASE_URL
KEY=sk-canary-7f3a9c1e5b
bars-import --store "$SHARE/GOOG.csv" >/dev/null
session-set symbol=GOOG tf=1D >/dev/null

if ! command -v python3 >/dev/null 2>&1; then
	not_ok "python3 is installed (make deps installs it; the test server needs it)"
	exit 0
fi
srv_pid=
# serve SCRIPT_JSON: starts tests/httpd.py with the canned responses;
# sets $PORT and $REQ (its request log).
serve() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	printf '%s\n' "$1" >"$TMP/script.json"
	REQ="$TMP/req.$$.$RANDOM"
	: >"$REQ"
	rm -f "$TMP/port"
	python3 "$TOP/tests/httpd.py" "$TMP/script.json" "$REQ" >"$TMP/port" &
	srv_pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -s "$TMP/port" ] && break
		sleep 0.1
	done
	PORT=$(cat "$TMP/port")
}
trap '[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null; rm -rf "$TMP"' EXIT

# OpenAI replies.
oa_calls() { # JSON array of [name, arguments-object-or-text] -> a reply calling them
	jq -n -c --argjson c "$1" '{id:"r",choices:[{index:0,message:{role:"assistant",content:null,
		tool_calls:[$c | to_entries[] | {id:("call_\(.key + 1)"),type:"function",
		function:{name:.value[0],arguments:(.value[1] | if type == "string" then . else tojson end)}}]},
		finish_reason:"tool_calls"}],usage:{prompt_tokens:100,completion_tokens:20}}'
}
oa_text() { # TEXT -> a reply answering it
	jq -n -c --arg t "$1" '{id:"r",choices:[{index:0,message:{role:"assistant",content:$t},finish_reason:"stop"}],usage:{prompt_tokens:150,completion_tokens:30}}'
}
ok_json() { # BODY... -> a script answering them in turn with 200
	for b in "$@"; do printf '%s\n' "$b"; done |
		jq -s -c 'map({path:"/v1/", body:tojson, headers:{"Content-Type":"application/json"}})'
}
ask() { OPENAI_API_KEY=$KEY run agent-ask --provider openai --base-url "http://127.0.0.1:$PORT/v1" --retries 3 --timeout 5 "$@"; }

# A tool call, then the answer.
serve "$(ok_json "$(oa_calls '[["chart_levels",{"kind":"support","max_levels":2}]]')" "$(oa_text 'Support sits at 746.12 (SUPPORT:746.12).')")"
ask "where is support?"
expect_code "openai: a tool call then an answer" 0
expect_out_text "openai: the answer, the tool's commands, the usage" \
'{"type":"answer","success":true,"text":"Support sits at 746.12 (SUPPORT:746.12).","chart_commands":["SUPPORT:746.12"],"data":{"tools_used":["chart_levels"],"chart_context":{"symbol":"GOOG","timeframe":"1D","snapshot_id":null}},"conversation_id":"c-1700000000-1","usage":{"provider":"openai","model":"gpt-4o-mini","input_tokens":250,"output_tokens":50,"latency_ms":0}}'
expect_err "openai: quiet" ""
[ "$(cat "$REQ")" = "POST /v1/chat/completions
POST /v1/chat/completions" ] && ok "openai: two requests to /chat/completions" || not_ok "openai: two requests to /chat/completions"
[ "$(jq -r '.headers.Authorization // .headers.authorization' "$REQ.json" | sort -u)" = "Bearer $KEY" ] &&
	ok "openai: the key as a bearer token" || not_ok "openai: the key as a bearer token"
jq -c '.body | fromjson | .messages[-1]' "$REQ.json" | tail -n 1 >"$TMP/last"
[ "$(jq -c '{role, tool_call_id, content: (.content | fromjson | .levels | length)}' "$TMP/last")" = '{"role":"tool","tool_call_id":"call_1","content":1}' ] &&
	ok "openai: the tool's result goes back with its call id" || { not_ok "openai: the tool's result goes back with its call id"; sed 's/^/#   /' "$TMP/last"; }
[ "$(sqlite3 "$TICKLINE_DB" "SELECT group_concat(role || ':' || status, ' ') FROM (SELECT role, status FROM messages WHERE conversation = 'c-1700000000-1' ORDER BY id)")" = "user:ok tool_call:ok tool:ok assistant:ok" ] &&
	ok "openai: the exchange is stored" || not_ok "openai: the exchange is stored"

# Two tool calls in one turn; malformed arguments; an unknown tool.
serve "$(ok_json "$(oa_calls '[["get_stock_price",{}],["detect_chart_patterns",{"names":["double_top"]}]]')" \
	"$(oa_calls '[["chart_levels","{\"kind\": \"supp"],["draw_moon",{}]]')" "$(oa_text 'Done.')")"
ask "price and double tops"
expect_code "openai: two calls in a turn, then bad ones" 0
[ "$(jq -c '[.data.tools_used, .chart_commands]' "$OUT")" = '[["get_stock_price","detect_chart_patterns"],["PATTERN:double_top:1164153600:1172534400"]]' ] &&
	ok "openai: both calls of a turn run" || { not_ok "openai: both calls of a turn run"; sed "s/^/#   /" "$OUT"; }
tail -n 1 "$REQ.json" | jq -c '.body | fromjson | .messages | map(select(.role == "tool") | .content | fromjson | .error // "ok")' >"$TMP/errs"
[ "$(cat "$TMP/errs")" = '["ok","ok","the arguments are not a JSON object","unknown tool \"draw_moon\""]' ] &&
	ok "openai: malformed arguments and an unknown tool are errors sent back" || { not_ok "openai: malformed arguments and an unknown tool are errors sent back"; sed 's/^/#   /' "$TMP/errs"; }

# Arguments sent as an object rather than as JSON text (some servers do).
obj=$(jq -n -c '{choices:[{index:0,message:{role:"assistant",content:null,tool_calls:[{id:"c1",type:"function",function:{name:"chart_levels",arguments:{kind:"resistance"}}}]},finish_reason:"tool_calls"}]}')
serve "$(ok_json "$obj" "$(oa_text 'Up there.')")"
ask "resistance?"
[ "$(jq -c .chart_commands "$OUT")" = '["RESISTANCE:808.97"]' ] && ok "openai: arguments as an object are taken" || not_ok "openai: arguments as an object are taken"

# A 429 with Retry-After, then the answer.
serve "$(jq -n -c --arg b "$(oa_text 'Hello.')" '[{path:"/v1/",status:429,headers:{"Retry-After":"1"},body:"{\"error\":{\"message\":\"slow down\"}}"},{path:"/v1/",body:$b}]')"
ask "hi"
expect_code "openai: 429 then 200" 0
[ "$(jq -r .text "$OUT")" = Hello. ] && [ "$(wc -l <"$REQ")" -eq 2 ] && ok "openai: retried after Retry-After" || not_ok "openai: retried after Retry-After"

# 500 three times: a failed answer, stored as failed, the chart unchanged.
serve '[{"path":"/v1/","status":500,"times":3,"body":"{\"error\":{\"message\":\"boom\"}}"}]'
n0=$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM messages WHERE status = 'ok'")
ask "open the weekly"
expect_code "openai: 500 three times exits 69" 69
[ "$(jq -c '[.success, .text, .chart_commands]' "$OUT")" = '[false,"",[]]' ] && ok "openai: a failed answer record" || not_ok "openai: a failed answer record"
[ "$(jq -r .error "$OUT")" = "openai: POST http://127.0.0.1:$PORT/v1/chat/completions: HTTP 500 (after 3 attempts)" ] &&
	ok "openai: the error says what failed" || { not_ok "openai: the error says what failed"; jq -r .error "$OUT" | sed 's/^/#   /'; }
[ "$(sqlite3 "$TICKLINE_DB" "SELECT count(*) FROM messages WHERE status = 'ok'")" = "$n0" ] &&
	[ "$(sqlite3 "$TICKLINE_DB" "SELECT group_concat(role, ' ') FROM messages WHERE status = 'failed'")" = "user error" ] &&
	ok "openai: the failed exchange is stored as failed" || not_ok "openai: the failed exchange is stored as failed"
[ "$(wc -l <"$REQ")" -eq 3 ] && ok "openai: three attempts" || not_ok "openai: three attempts"

# A server that never answers: timed out, 75, within the bound.
serve '[{"path":"/v1/","hang":true,"times":0}]'
start=$(date +%s)
OPENAI_API_KEY=$KEY run agent-ask --provider openai --base-url "http://127.0.0.1:$PORT/v1" --timeout 1 --retries 2 "hi"
took=$(($(date +%s) - start))
expect_code "openai: a server that never answers exits 75" 75
[ "$took" -le 8 ] && ok "openai: gave up within the bound ($took s)" || not_ok "openai: gave up within the bound ($took s)"

# Not JSON; a reply without choices.
serve '[{"path":"/v1/","body":"<html>gateway</html>"}]'
ask "hi"
expect_code "openai: a body that is not JSON exits 69" 69
[ "$(jq -r .error "$OUT")" = "openai: the reply is not JSON" ] && ok "openai: said so" || not_ok "openai: said so"
serve '[{"path":"/v1/","body":"{\"object\":\"list\"}"}]'
ask "hi"
expect_code "openai: a reply without choices exits 69" 69

# Streaming: a tool call whose arguments come in pieces, then streamed text.
sse() { # JSON chunks... -> an SSE body ending with [DONE]
	for c in "$@"; do printf 'data: %s\n\n' "$c"; done
	printf 'data: [DONE]\n\n'
}
s1=$(sse '{"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"chart_levels","arguments":""}}]}}]}' \
	'{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"kind\":"}}]}}]}' \
	'{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"resistance\"}"}}]}}]}' \
	'{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}' '{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5}}')
s2=$(sse '{"choices":[{"index":0,"delta":{"content":"Resistance "}}]}' '{"choices":[{"index":0,"delta":{"content":"is 808.97."}}]}' \
	'{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}' '{"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":7}}')
serve "$(jq -n -c --arg a "$s1" --arg b "$s2" '[{path:"/v1/",headers:{"Content-Type":"text/event-stream"},chunks:[$a + "\n\n"]},{path:"/v1/",headers:{"Content-Type":"text/event-stream"},chunks:[$b[0:30],$b[30:] + "\n\n"]}]')"
ask --stream "resistance?"
expect_code "openai: streamed" 0
[ "$(jq -r .type "$OUT" | tr '\n' ' ')" = "delta delta answer " ] && ok "openai stream: deltas as they come, then the answer" || not_ok "openai stream: deltas as they come, then the answer"
[ "$(jq -c 'select(.type == "answer") | [.text, .chart_commands, .usage.input_tokens, .usage.output_tokens]' "$OUT")" = '["Resistance is 808.97.",["RESISTANCE:808.97"],30,12]' ] &&
	ok "openai stream: tool call assembled by index, text joined, usage counted" || { not_ok "openai stream: tool call assembled by index, text joined, usage counted"; tail -n 1 "$OUT" | sed 's/^/#   /'; }
[ "$(jq -c 'select(.body | fromjson | .stream) | .body | fromjson | .stream_options' "$REQ.json" | sort -u)" = '{"include_usage":true}' ] &&
	ok "openai stream: usage asked for" || not_ok "openai stream: usage asked for"
cut=$(printf '%s' "$s2" | head -c 60)
serve "$(jq -n -c --arg b "$cut" '[{path:"/v1/",headers:{"Content-Type":"text/event-stream"},chunks:[$b]}]')"
ask --stream "hi"
expect_code "openai: a stream cut short exits 69" 69
[ "$(jq -r 'select(.type == "answer") | .error' "$OUT")" = "openai: the stream ended before its end" ] && ok "openai: the cut stream is said so" || not_ok "openai: the cut stream is said so"

# Anthropic: tool_use, tool_result, the answer; and streamed.
an_use=$(jq -n -c '{id:"m",type:"message",role:"assistant",content:[{type:"text",text:"Looking."},{type:"tool_use",id:"toolu_1",name:"get_stock_price",input:{}}],stop_reason:"tool_use",usage:{input_tokens:50,output_tokens:10}}')
an_text=$(jq -n -c '{id:"m2",type:"message",role:"assistant",content:[{type:"text",text:"GOOG closed at 806.19."}],stop_reason:"end_turn",usage:{input_tokens:80,output_tokens:12}}')
serve "$(jq -n -c --arg a "$an_use" --arg b "$an_text" '[{path:"/v1/messages",body:$a},{path:"/v1/messages",body:$b}]')"
ANTHROPIC_API_KEY=$KEY run agent-ask --provider anthropic --base-url "http://127.0.0.1:$PORT/v1" --model claude-test "price?"
expect_code "anthropic: a tool_use then an answer" 0
[ "$(jq -c '[.text, .data.tools_used, .usage.model, .usage.input_tokens, .usage.output_tokens]' "$OUT")" = '["GOOG closed at 806.19.",["get_stock_price"],"claude-test",130,22]' ] &&
	ok "anthropic: the answer and usage" || not_ok "anthropic: the answer and usage"
[ "$(jq -r '.headers["x-api-key"] // .headers["X-Api-Key"]' "$REQ.json" | sort -u)" = "$KEY" ] &&
	[ "$(jq -r '.headers["anthropic-version"] // .headers["Anthropic-Version"]' "$REQ.json" | sort -u)" = 2023-06-01 ] &&
	ok "anthropic: x-api-key and anthropic-version" || not_ok "anthropic: x-api-key and anthropic-version"
[ "$(tail -n 1 "$REQ.json" | jq -c '.body | fromjson | .messages[-1].content[0] | [.type, .tool_use_id, (.content | fromjson | .symbol)]')" = '["tool_result","toolu_1","GOOG"]' ] &&
	ok "anthropic: the tool_result goes back" || not_ok "anthropic: the tool_result goes back"
[ "$(jq -c '.body | fromjson | .tools[0] | keys' "$REQ.json" | head -n 1)" = '["description","input_schema","name"]' ] &&
	ok "anthropic: tools with input_schema" || not_ok "anthropic: tools with input_schema"
ev() { printf 'event: %s\ndata: %s\n\n' "$1" "$2"; }
st=$( ev message_start '{"type":"message_start","message":{"usage":{"input_tokens":9}}}'
	ev content_block_start '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'
	ev content_block_delta '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi "}}'
	ev content_block_delta '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"there."}}'
	ev message_delta '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}'
	ev message_stop '{"type":"message_stop"}')
serve "$(jq -n -c --arg a "$st" '[{path:"/v1/messages",headers:{"Content-Type":"text/event-stream"},chunks:[$a + "\n\n"]}]')"
ANTHROPIC_API_KEY=$KEY run agent-ask --provider anthropic --base-url "http://127.0.0.1:$PORT/v1" --stream "hello"
[ "$(jq -c 'select(.type == "answer") | [.text, .usage.input_tokens, .usage.output_tokens]' "$OUT")" = '["Hi there.",9,4]' ] &&
	[ "$(jq -r 'select(.type == "delta") | .text' "$OUT" | tr '\n' '|')" = "Hi |there.|" ] &&
	ok "anthropic stream: text deltas and usage" || not_ok "anthropic stream: text deltas and usage"

# The key: never in stdout, stderr (also -v), the store or an error.
serve '[{"path":"/v1/","status":401,"body":"{\"error\":{\"message\":\"bad key sk-canary-7f3a9c1e5b\"}}"}]'
OPENAI_API_KEY=$KEY run agent-ask -v --provider openai --base-url "http://127.0.0.1:$PORT/v1" "hi"
expect_code "a refused key exits 78" 78
cat "$OUT" "$ERR" >"$TMP/all"
sqlite3 "$TICKLINE_DB" .dump >>"$TMP/all"
OPENAI_API_KEY=$KEY agent-ask --dry-run --provider openai "hi" >>"$TMP/all" 2>&1
grep -c . "$ERR" >/dev/null
if grep -q "$KEY" "$TMP/all"; then not_ok "the key never appears"; grep -n "$KEY" "$TMP/all" | head -3 | sed 's/^/#   /'; else ok "the key never appears (stdout, stderr with -v, the store, --dry-run)"; fi
[ -s "$ERR" ] && ok "-v says something" || not_ok "-v says something"
run agent-ask --provider anthropic "hi"
expect_code "anthropic without a key exits 78" 78
expect_err "the missing key is named" "agent-ask: ANTHROPIC_API_KEY is not set (nor anthropic_api_key in the configuration)"

# --dry-run: the request, the key redacted, nothing sent.
serve '[]'
OPENAI_API_KEY=$KEY run agent-ask --dry-run --provider openai --base-url "http://127.0.0.1:$PORT/v1" --system "Be brief." "hi"
[ "$(jq -c '[.url, .headers, (.body.messages | map(.role))]' "$OUT")" = "[\"http://127.0.0.1:$PORT/v1/chat/completions\",{\"Authorization\":\"Bearer REDACTED\"},[\"system\",\"user\"]]" ] &&
	[ ! -s "$REQ" ] && ok "--dry-run: the request, redacted, unsent" || not_ok "--dry-run: the request, redacted, unsent"

# A daily budget: once spent, no request is made (75).
mkdir -p "$XDG_CONFIG_HOME/tickline"
printf 'daily_budget = 0.001\nprice.gpt-4o-mini.input = 10\nprice.gpt-4o-mini.output = 10\n' >"$XDG_CONFIG_HOME/tickline/config"
serve "$(ok_json "$(oa_text 'One.')")"
ask "hi"
[ "$(jq -r .usage.cost "$OUT")" = 0.0018 ] && ok "the cost from the configured prices" || not_ok "the cost from the configured prices"
ask "hi again"
expect_code "over the daily budget exits 75" 75
expect_err "the budget is said" "agent-ask: over the daily budget: 0.0018 spent today of 0.0010 (daily_budget in the configuration); no request made"
[ "$(wc -l <"$REQ")" -eq 1 ] && ok "over budget: no request" || not_ok "over budget: no request"
