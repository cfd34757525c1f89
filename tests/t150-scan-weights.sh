# t150-scan-weights.sh: scan-weights' presets CRUD, validation, use, and scan-run reading them.
. "$(dirname "$0")/lib.sh"

export TICKLINE_DB="$TMP/store.db" TICKLINE_NOW=1700000000
usage='usage: scan-weights [--db PATH] list | show NAME | set [--normalize] NAME COMPONENT=WEIGHT... | delete NAME | use [--session ID] NAME
Try '\''scan-weights --help'\'' for more information.'
balanced='{"type":"preset","name":"balanced","builtin":true,"weights":{"trend":0.3,"momentum":0.25,"volume":0.15,"breakout":0.2,"volatility":0.1}}'
aggressive='{"type":"preset","name":"aggressive","builtin":true,"weights":{"trend":0.2,"momentum":0.35,"volume":0.15,"breakout":0.25,"volatility":0.05}}'
conservative='{"type":"preset","name":"conservative","builtin":true,"weights":{"trend":0.4,"momentum":0.2,"volume":0.15,"breakout":0.1,"volatility":0.15}}'
trendy='{"type":"preset","name":"trendy","builtin":false,"weights":{"trend":0.6,"momentum":0.2,"volume":0,"breakout":0.2,"volatility":0}}'
even='{"type":"preset","name":"even","builtin":false,"weights":{"trend":0.25,"momentum":0.25,"volume":0.25,"breakout":0.25,"volatility":0}}'

# The built-ins, with their documented values.
run scan-weights list
expect_code "list on a new store" 0
expect_out_text "list: the three built-ins" "$balanced
$aggressive
$conservative"
expect_err "list: quiet" ""

# set, show, list, replace, delete.
run scan-weights set trendy trend=0.6 momentum=0.2 breakout=0.2
expect_code "set a user preset" 0
expect_out_text "set prints the preset" "$trendy"
expect_err "set: quiet" ""
run scan-weights show trendy
expect_out_text "show a user preset" "$trendy"
run scan-weights show balanced
expect_out_text "show a built-in" "$balanced"
run scan-weights set --normalize even trend=2,momentum=2 volume=2 breakout=2
expect_code "set --normalize, weights as a list and operands" 0
expect_out_text "--normalize scales to 1" "$even"
run scan-weights list
expect_out_text "list: built-ins, then user presets by name" "$balanced
$aggressive
$conservative
$even
$trendy"
run scan-weights set even trend=1
expect_out_text "set replaces" '{"type":"preset","name":"even","builtin":false,"weights":{"trend":1,"momentum":0,"volume":0,"breakout":0,"volatility":0}}'
run scan-weights delete even
expect_code "delete" 0
expect_out_text "delete prints what it deleted" '{"type":"preset","name":"even","builtin":false,"weights":{"trend":1,"momentum":0,"volume":0,"breakout":0,"volatility":0}}'
run scan-weights delete even
expect_code "delete again: no such preset" 66
expect_err "delete again: named" "scan-weights: no preset 'even' (built in: balanced, aggressive, conservative; see scan-weights list)"
run scan-weights show nope
expect_code "show an unknown preset" 66
expect_out_text "show an unknown preset: no output" ""

# Bad weights, names and operands: exit 64 naming the problem, nothing stored.
cp "$TICKLINE_DB" "$TMP/before.db"
before=$(scan-weights list)
bad() { # DESC MESSAGE ARGS...
	_d=$1 _m=$2
	shift 2
	run scan-weights "$@"
	expect_code "$_d: exits 64" 64
	expect_err "$_d: named" "scan-weights: $_m
$usage"
	expect_out_text "$_d: no output" ""
}
bad "a sum below 1" "preset 'x': weights sum to 0.9, not 1" set x trend=0.5 momentum=0.4
bad "a sum above 1 by more than 1e-9" "preset 'x': weights sum to 1.000000002, not 1" set x trend=0.500000001 momentum=0.500000001
bad "an unknown component" "preset 'x': unknown component \"speed\" (known: trend, momentum, volume, breakout, volatility)" set x trend=0.5 speed=0.5
bad "a negative weight" "preset 'x': weight of trend must be a number >= 0, not \"-0.5\"" set x trend=-0.5 momentum=1.5
bad "a weight that is not a number" "preset 'x': weight of trend must be a number >= 0, not \"abc\"" set x trend=abc
bad "a component twice" "preset 'x': trend given twice" set x trend=0.5 trend=0.5
bad "not NAME=WEIGHT" "preset 'x': \"trend\" is not NAME=WEIGHT" set x trend
bad "--normalize of zeros" "preset 'x': weights sum to 0" set --normalize x trend=0
bad "set a built-in" "preset 'balanced' is built in and read-only" set balanced trend=1
bad "delete a built-in" "preset 'conservative' is built in and read-only" delete conservative
bad "a bad preset name" "expected a preset name: 1 to 32 of a-z, 0-9, _ and -, got 'Trendy'" set Trendy trend=1
bad "a name too long" "expected a preset name: 1 to 32 of a-z, 0-9, _ and -, got 'abcdefghijabcdefghijabcdefghijabc'" show abcdefghijabcdefghijabcdefghijabc
bad "set without weights" "set: expected NAME COMPONENT=WEIGHT..." set x
bad "show without a name" "show: expected NAME" show
bad "list with an operand" "list: expected no operand" list x
bad "no subcommand" "expected a subcommand: list, show, set, delete or use"
bad "an unknown subcommand" "unknown subcommand 'add' (list, show, set, delete, use)" add x
bad "--normalize outside set" "--normalize is for set only" show --normalize trendy
bad "--session outside use" "--session is for use only" list --session desk
[ "$(scan-weights list)" = "$before" ] && ok "bad sets store nothing" || not_ok "bad sets store nothing"

# use: the session's preset key, which session-get shows.
run scan-weights use --session desk trendy
expect_code "use" 0
expect_out_text "use prints the preset" "$trendy"
run session-get --session desk
expect_out_text "session-get shows the preset" '{"type":"session","session":"desk","preset":"trendy","updated":1700000000,"expires":1700086400}'
run scan-weights use --session desk aggressive
expect_out_text "use a built-in" "$aggressive"
run scan-weights use --session desk nope
expect_code "use an unknown preset" 66
run session-get --session desk
[ "$(jq -r .preset "$OUT")" = aggressive ] && ok "use of an unknown preset changes nothing" || not_ok "use of an unknown preset changes nothing"
run session-set --session desk preset=Bad
expect_code "session-set checks the preset key" 64
run scan-weights use --session 'a b' trendy
expect_code "use: a bad session id" 64

# scan-run --preset reads user presets; --session the session's.
awk -v n=300 -f "$DATA/scan/regimes.awk" >"$TMP/reg.nd"
TICKLINE_NOW=0 scan-run --weights trend=0.6,momentum=0.2,breakout=0.2 "$TMP/reg.nd" | sed 's/"preset":"custom"/"preset":"trendy"/' >"$TMP/want"
TICKLINE_NOW=0 run scan-run --preset trendy "$TMP/reg.nd"
expect_code "scan-run --preset USER" 0
expect_out "scan-run --preset USER scores as --weights with its weights" "$TMP/want"
expect_err "scan-run --preset USER: quiet" ""
scan-weights use --session desk trendy >/dev/null
TICKLINE_NOW=0 run scan-run --session desk "$TMP/reg.nd"
expect_out "scan-run --session uses the session's preset" "$TMP/want"
TICKLINE_NOW=0 run scan-run --preset nope "$TMP/reg.nd"
expect_code "scan-run --preset unknown" 64
expect_err "scan-run --preset unknown: named" "scan-run: --preset: unknown preset 'nope' (balanced, aggressive, conservative, or one set with scan-weights)
usage: scan-run [--preset NAME] [--weights LIST] [--tfs LIST] [--lookback N] [--min-score N] [--top N] [--explain] [--every DURATION] [--history [--with-bars]] [--from-cache] [--skip-bad] [--max-line BYTES] [--session ID] [--db PATH] [FILE...]
Try 'scan-run --help' for more information."
TICKLINE_DB=/nonexistent/dir/store.db TICKLINE_NOW=0 run scan-run --preset conservative "$TMP/reg.nd"
expect_code "a built-in preset never opens the store" 0

# Concurrent sets and scans on one store: no error, every run exits 0.
: >"$TMP/conc.err"
(
	i=0
	while [ $i -lt 20 ]; do
		scan-weights set trendy trend=0.6 momentum=0.2 breakout=0.2 >/dev/null 2>>"$TMP/conc.err" || echo "set $i failed" >>"$TMP/conc.err"
		scan-weights set "p$i" trend=0.5 volume=0.5 >/dev/null 2>>"$TMP/conc.err" || echo "set p$i failed" >>"$TMP/conc.err"
		i=$((i + 1))
	done
) &
setter=$!
i=0
while [ $i -lt 20 ]; do
	TICKLINE_NOW=0 scan-run --preset trendy "$TMP/reg.nd" >"$TMP/conc.out" 2>>"$TMP/conc.err" || echo "scan $i failed" >>"$TMP/conc.err"
	cmp -s "$TMP/conc.out" "$TMP/want" || echo "scan $i differs" >>"$TMP/conc.err"
	i=$((i + 1))
done
wait $setter
if [ ! -s "$TMP/conc.err" ]; then ok "concurrent scan-weights set and scan-run: no error"
else not_ok "concurrent scan-weights set and scan-run: no error"; sed 's/^/#   /' "$TMP/conc.err" | head -5; fi
[ "$(scan-weights list | wc -l)" = 24 ] && ok "every concurrent set was stored" || not_ok "every concurrent set was stored"
