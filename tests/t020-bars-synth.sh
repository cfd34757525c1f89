# t020-bars-synth.sh: bars-synth: golden output, determinism across builds, valid bars, options and write errors.
. "$(dirname "$0")/lib.sh"

# --- golden output ---------------------------------------------------------

run bars-synth --seed 7 --symbols 2 --bars 3 --tf 1h --start 2024-01-01
expect_code "small case exits 0" 0
expect_out "small case matches synth-small.nd" "$DATA/synth-small.nd"
expect_err "small case is quiet on stderr" ''

run bars-synth --seed 42 --symbols 3 --bars 2000 --tf 15m
expect_code "seed 42 exits 0" 0
sha256sum <"$OUT" >"$TMP/seed42.sha256"
if cmp -s "$DATA/synth-seed42.sha256" "$TMP/seed42.sha256"; then
	ok "seed 42 output matches synth-seed42.sha256"
else
	not_ok "seed 42 output matches synth-seed42.sha256"
	echo "#   expected $(cat "$DATA/synth-seed42.sha256")"
	echo "#   got      $(cat "$TMP/seed42.sha256")"
fi
cp "$OUT" "$TMP/seed42.nd"

# --- determinism -----------------------------------------------------------

run bars-synth --seed 42 --symbols 3 --bars 2000 --tf 15m
if cmp -s "$OUT" "$TMP/seed42.nd"; then ok "same seed gives the same bytes"
else not_ok "same seed gives the same bytes"; fi

run bars-synth --seed 43 --symbols 3 --bars 2000 --tf 15m
if [ "$code" -eq 0 ] && ! cmp -s "$OUT" "$TMP/seed42.nd"; then
	ok "a different seed gives different bars"
else
	not_ok "a different seed gives different bars"
fi

run bars-synth --seed 42 --symbols 3 --bars 2000 --tf 15m --start 1577836800
if cmp -s "$OUT" "$TMP/seed42.nd"; then ok "--start epoch seconds equals the default date"
else not_ok "--start epoch seconds equals the default date"; fi

run bars-synth -s 42 -n 3 -b 2000 -t 15m -S 2020-01-01T00:00:00Z
if cmp -s "$OUT" "$TMP/seed42.nd"; then ok "short options equal long ones"
else not_ok "short options equal long ones"; fi

# --- every bar valid -------------------------------------------------------

# jq_check DESC FILE FILTER: FILTER (over the slurped records) is true.
jq_check() {
	if jq -e -s "$3" "$2" >/dev/null 2>"$TMP/jq.err"; then ok "$1"; else
		not_ok "$1"; sed 's/^/#   jq: /' "$TMP/jq.err" | head -5
	fi
}

f="$TMP/seed42.nd"
jq_check "6000 bar records" "$f" 'length == 6000 and all(.[]; .type == "bar" and .tf == "15m")'
jq_check "keys in the documented order" "$f" \
	'all(.[]; keys_unsorted == ["type","symbol","tf","t","o","h","l","c","v"])'
jq_check "h >= max(o,c), l <= min(o,c), l >= 0.01, v >= 0" "$f" \
	'all(.[]; .h >= ([.o,.c]|max) and .l <= ([.o,.c]|min) and .l >= 0.01 and .v >= 0)'
jq_check "prices on the 0.01 tick, volumes whole" "$f" \
	'all(.[]; (.o, .h, .l, .c) as $p | ($p * 100 | round) / 100 == $p) and all(.[]; .v == (.v | floor))'
jq_check "symbols interleaved SYN1..SYN3" "$f" \
	'to_entries | all(.[]; .value.symbol == "SYN\(.key % 3 + 1)")'
jq_check "one t per period, rising by 900 s from 2020-01-01" "$f" \
	'[.[].t] as $t | all(range(0; $t | length); $t[.] == 1577836800 + ((. / 3) | floor) * 900)'
jq_check "t rises strictly per symbol" "$f" \
	'group_by(.symbol) | all(.[]; [.[].t] as $t | all(range(1; $t | length); $t[.] > $t[. - 1]))'
jq_check "open is the previous close except at a gap" "$f" \
	'group_by(.symbol) | all(.[]; . as $s | [range(1; length) | select($s[.].o != $s[. - 1].c)] | length < 100)'

for tf in 1m 4h 1D 1W 1Mo; do
	run bars-synth --seed 5 --symbols 2 --bars 400 --tf "$tf" --start 2023-05-17T13:47:11Z
	expect_code "--tf $tf exits 0" 0
	cp "$OUT" "$TMP/tf.nd"
	jq_check "--tf $tf: 800 valid bars" "$TMP/tf.nd" \
		"length == 800 and all(.[]; .tf == \"$tf\" and .h >= ([.o,.c]|max) and .l <= ([.o,.c]|min) and .l >= 0.01 and .v >= 0)"
done
run bars-synth --tf 1W --bars 3 --start 2024-01-03T05:00:00Z
cp "$OUT" "$TMP/w.nd"
jq_check "weekly t on Monday 00:00 UTC, a week apart" "$TMP/w.nd" \
	'[.[].t] == [1704067200, 1704672000, 1705276800]'
run bars-synth --tf 1Mo --bars 14 --start 2024-01-15
cp "$OUT" "$TMP/mo.nd"
jq_check "monthly t on the 1st of each month" "$TMP/mo.nd" \
	'[.[].t | todate] == ([range(0; 14) | "\(2024 + (. / 12 | floor))-\(. % 12 + 1 | tostring | if length == 1 then "0" + . else . end)-01T00:00:00Z"])'

# --- options ---------------------------------------------------------------

run bars-synth --help
expect_code "--help exits 0" 0
if head -1 "$OUT" | grep -q '^usage: bars-synth \[--seed N\] \[--symbols N\] \[--bars N\] \[--tf TF\] \[--start T\] \[--plant LIST \[--truth FILE\]\]$'; then
	ok "--help starts with the usage line"
else
	not_ok "--help starts with the usage line"
fi

run bars-synth --version
expect_code "--version exits 0" 0
expect_out_text "--version prints the version" "bars-synth (tickline) 0.1.0"

run bars-synth --tf 2h
expect_code "--tf 2h is a usage error" 64
if grep -q "'2h'" "$ERR"; then ok "--tf 2h: stderr names '2h'"; else not_ok "--tf 2h: stderr names '2h'"; fi
expect_out_text "--tf 2h writes nothing" ''

run bars-synth --bars -1
expect_code "--bars -1 is a usage error" 64
run bars-synth --bars 100000001
expect_code "--bars over the limit is a usage error" 64
run bars-synth --symbols 0
expect_code "--symbols 0 is a usage error" 64
run bars-synth --symbols 10001
expect_code "--symbols 10001 is a usage error" 64
run bars-synth --seed -1
expect_code "--seed -1 is a usage error" 64
run bars-synth --seed 9223372036854775807 --bars 1
expect_code "--seed 2^63-1 is accepted" 0
run bars-synth --start yesterday
expect_code "--start yesterday is a usage error" 64
run bars-synth --frobnicate
expect_code "an unknown option is a usage error" 64
run bars-synth extra
expect_code "an operand is a usage error" 64
if grep -q "'extra'" "$ERR"; then ok "the operand is named"; else not_ok "the operand is named"; fi

run bars-synth --bars 0 --symbols 5
expect_code "--bars 0 exits 0" 0
expect_out_text "--bars 0 writes nothing" ''

# --- write errors ----------------------------------------------------------

if [ -w /dev/full ]; then
	bars-synth --bars 100000 >/dev/full 2>"$ERR" </dev/null
	code=$?
	expect_code "/dev/full exits 74" 74
	expect_err "/dev/full is reported" "bars-synth: write error: No space left on device"
else
	not_ok "/dev/full exits 74: no /dev/full"
	not_ok "/dev/full is reported: no /dev/full"
fi

bars-synth --bars 1000000 2>"$ERR" </dev/null | head -1 >"$OUT"
st=${PIPESTATUS[0]}
if [ "$st" -eq 141 ]; then ok "a closed pipe ends it by SIGPIPE"; else
	not_ok "a closed pipe ends it by SIGPIPE"; echo "#   exit status $st, expected 141"
fi
if [ "$(wc -l <"$OUT")" -eq 1 ]; then ok "head -1 got one line"; else not_ok "head -1 got one line"; fi
expect_err "a closed pipe is quiet" ''

# --- the same bytes from every compiler and sanitizer ----------------------

# Builds bars-synth from source with one compiler and flags, runs the seed 42
# case and compares it with the committed checksum.
cross() { # NAME CC FLAGS...
	name=$1
	shift
	build_synth "$name build gives the committed checksum" "$name" "$@" || return
	"$TMP/synth-$name" --seed 42 --symbols 3 --bars 2000 --tf 15m >"$TMP/x.nd" 2>"$TMP/x.err" </dev/null
	sha256sum <"$TMP/x.nd" >"$TMP/x.sha256"
	if cmp -s "$DATA/synth-seed42.sha256" "$TMP/x.sha256" && [ ! -s "$TMP/x.err" ]; then
		ok "$name build gives the committed checksum"
	else
		not_ok "$name build gives the committed checksum"
		sed 's/^/#   stderr: /' "$TMP/x.err" | head -5
	fi
}
cross gcc gcc
cross gcc-O0 gcc -O0
cross clang clang
cross clang-asan-ubsan clang -fsanitize=address,undefined -fno-sanitize-recover=undefined
