# t050-conventions: what every program does at the edges: a full disk is exit
# 74 with one message, a closed pipe ends it quietly, usage errors exit 64.
. "$(dirname "$0")/lib.sh"

bars-synth --seed 5 --bars 100000 --tf 1m >"$TMP/m1.nd"
jq -r '[(.t | todate), .o, .h, .l, .c, .v] | @csv' "$TMP/m1.nd" >"$TMP/body.csv"
{ echo "Date,Open,High,Low,Close,Volume"; cat "$TMP/body.csv"; } >"$TMP/SYN1.csv"
# Many short series, for chart-levels to write many levels.
bars-synth --seed 5 --symbols 4000 --bars 60 >"$TMP/many.nd"

# Each program with arguments that write about 100,000 records.
cmds=(
	"bars-synth --bars 100000"
	"bars-resample --tf 1m $TMP/m1.nd"
	"bars-import $TMP/SYN1.csv"
	"chart-levels $TMP/many.nd"
	"backtest --strategy sma-cross:2,3 --equity $TMP/m1.nd"
)
for c in "${cmds[@]}"; do
	p=${c%% *}
	$c >/dev/full 2>"$ERR"
	code=$?
	expect_code "$p: a full disk exits 74" 74
	expect_err "$p: one message for a full disk" "$p: write error: No space left on device"
	$c 2>"$ERR" | head -n 1 >/dev/null
	code=${PIPESTATUS[0]}
	expect_code "$p: a closed pipe ends it by SIGPIPE" 141
	expect_err "$p: a closed pipe is quiet" ""
	# Even when the parent ignores SIGPIPE.
	(trap '' PIPE; $c 2>"$ERR" | head -n 1 >/dev/null; exit "${PIPESTATUS[0]}")
	code=$?
	expect_code "$p: a closed pipe ends it quietly with SIGPIPE ignored by the parent" 141
	expect_err "$p: still quiet" ""
	run $p --no-such-option
	expect_code "$p: an unknown option exits 64" 64
	[ "$(head -n 1 "$ERR")" = "$p: unknown option --no-such-option" ] &&
		ok "$p: the unknown option is named" || not_ok "$p: the unknown option is named"
done
