# t021-bars-synth-plant.sh: bars-synth --plant and --truth: every pattern planted with exact key points, truth records, determinism, errors.
. "$(dirname "$0")/lib.sh"

NAMES="double_top double_bottom head_and_shoulders inverse_head_and_shoulders
ascending_triangle descending_triangle symmetric_triangle bull_flag bear_flag
rectangle range"

# jq_check DESC FILTER: FILTER (with $bars and $tr, the slurped bars and
# truth records of the last planted run) is true.
jq_check() {
	if jq -e -n --slurpfile bars "$TMP/bars.nd" --slurpfile tr "$TMP/truth.nd" \
		"$2" >/dev/null 2>"$TMP/jq.err"; then ok "$1"; else
		not_ok "$1"; sed 's/^/#   jq: /' "$TMP/jq.err" | head -5
	fi
}

# jq_none DESC FILTER: FILTER (as for jq_check) yields no value; the first
# values it yields are shown.
jq_none() {
	jq -c -n --slurpfile bars "$TMP/bars.nd" --slurpfile tr "$TMP/truth.nd" \
		"$2" >"$TMP/jq.out" 2>"$TMP/jq.err"
	if [ $? -eq 0 ] && [ ! -s "$TMP/jq.out" ] && [ ! -s "$TMP/jq.err" ]; then ok "$1"; else
		not_ok "$1"; cat "$TMP/jq.out" "$TMP/jq.err" | head -5 | sed 's/^/#   /'
	fi
}

# plant DESC ARGS...: runs bars-synth ARGS --truth truth.nd, keeps its
# bars in bars.nd, and checks that it exited 0 quietly.
plant() {
	desc=$1
	shift
	run bars-synth "$@" --truth "$TMP/truth.nd"
	expect_code "$desc exits 0" 0
	expect_err "$desc is quiet on stderr" ''
	cp "$OUT" "$TMP/bars.nd"
}

# The shape checks, over every truth record of the last run. Each record
# yields a failure message or nothing. $s: the symbol's bars; $x: the bar
# index of each key point; $p: the key prices.
SHAPES='
($bars | group_by(.symbol) | map({key: .[0].symbol, value: .}) | from_entries) as $S
| $tr[] | . as $r | $S[$r.symbol] as $s
| ($s | to_entries | map({key: (.value.t | tostring), value: .key}) | from_entries) as $ix
| [$r.points[] | $ix[.[0] | tostring]] as $x
| [$r.points[][1]] as $p
| ($p | length) as $n
| def fail(m): "\($r.symbol) \($r.name) \($r.start): \(m)";
  def peak(k): if k == 0 then $p[0] > $p[1] else $p[k] > $p[k - 1] end;
  (if any($x[]; . == null) then fail("a key point is not a bar time") else empty end),
  (if $r.start != $r.points[0][0] or $r.end != $r.points[-1][0] then fail("start/end are not the first/last key point") else empty end),
  (range(1; $n) | select(($x[.] - $x[. - 1]) < 5 or ($x[.] - $x[. - 1]) > 20) | fail("leg \(.) is \($x[.] - $x[. - 1]) bars")),
  (range(0; $n) | select(if peak(.) then $s[$x[.]].h != $p[.] else $s[$x[.]].l != $p[.] end)
   | fail("key point \(.) at \($p[.]) is not its bar'"'"'s extreme")),
  ($s[$x[0]:$x[-1] + 1][] | select(.h > ($p | max) or .l < ($p | min))
   | fail("bar \(.t) leaves the key points'"'"' range")),
  (range(1; $n) as $k | range($x[$k - 1] + 1; $x[$k]) | $s[.]
   | select(.h >= ([$p[$k - 1], $p[$k]] | max) or .l <= ([$p[$k - 1], $p[$k]] | min))
   | fail("bar \(.t) is not strictly inside its leg")),
  (if $r.name == "range" then
     (if $r.confirmed_at != $r.points[3][0] then fail("range confirmed_at is not the fourth touch") else empty end)
   else
     ($p[-3]) as $lvl
     | ($ix[$r.confirmed_at | tostring]) as $c
     | (if $c == null or $c <= $x[-2] or $c > $x[-1] then fail("confirmed_at is not in the breakout leg")
        elif ($r.direction == "bullish" and ($s[$c].c <= $lvl or any($s[$x[-2] + 1:$c][]; .c > $lvl)))
          or ($r.direction == "bearish" and ($s[$c].c >= $lvl or any($s[$x[-2] + 1:$c][]; .c < $lvl)))
        then fail("confirmed_at is not the first close beyond \($lvl)")
        else empty end)
   end)
'

# The levels each pattern names, against its key points.
LEVELS='
$tr[] | . as $r | [.points[][1]] as $p
| def fail(m): "\($r.symbol) \($r.name) \($r.start): \(m)";
  if .name == "double_top" then
    select(.direction != "bearish" or $p[1] != $p[3] or .resistance != $p[1] or .neckline != $p[2]
      or ((.target - (2 * .neckline - .resistance)) | fabs) > 0.011)
    | fail("double top levels")
  elif .name == "double_bottom" then
    select(.direction != "bullish" or $p[1] != $p[3] or .support != $p[1] or .neckline != $p[2]
      or ((.target - (2 * .neckline - .support)) | fabs) > 0.011)
    | fail("double bottom levels")
  elif .name == "head_and_shoulders" then
    select(.direction != "bearish" or $p[1] != $p[5] or $p[2] != $p[4] or .neckline != $p[2]
      or $p[3] <= $p[1] or ((.target - (2 * .neckline - $p[3])) | fabs) > 0.011)
    | fail("head and shoulders levels")
  elif .name == "inverse_head_and_shoulders" then
    select(.direction != "bullish" or $p[1] != $p[5] or $p[2] != $p[4] or .neckline != $p[2]
      or $p[3] >= $p[1] or ((.target - (2 * .neckline - $p[3])) | fabs) > 0.011)
    | fail("inverse head and shoulders levels")
  elif .name == "ascending_triangle" then
    select(.direction != "bullish" or $p[1] != $p[3] or .resistance != $p[1]
      or ($p[0] < $p[2] and $p[2] < $p[4] | not))
    | fail("ascending triangle: flat top, rising lows")
  elif .name == "descending_triangle" then
    select(.direction != "bearish" or $p[1] != $p[3] or .support != $p[1]
      or ($p[0] > $p[2] and $p[2] > $p[4] | not))
    | fail("descending triangle: flat bottom, falling highs")
  elif .name == "symmetric_triangle" then
    select(((.direction == "bullish" and $p[1] > $p[3] and $p[0] < $p[2] and $p[2] < $p[4])
      or (.direction == "bearish" and $p[1] < $p[3] and $p[0] > $p[2] and $p[2] > $p[4])) | not)
    | fail("symmetric triangle: falling highs, rising lows")
  elif .name == "bull_flag" or .name == "bear_flag" then
    (if .name == "bull_flag" then 1 else -1 end) as $d
    | select(.direction != (if $d > 0 then "bullish" else "bearish" end)
      or (($p[3] - $p[1]) * $d >= 0) or (($p[4] - $p[2]) * $d >= 0)
      or ((($p[1] - $p[0]) * $d) <= (($p[1] - $p[2]) * $d)))
    | fail("flag: pole, then a channel against it")
  elif .name == "rectangle" then
    select(([$p[0], $p[2], $p[4]] | unique | length) != 1 or $p[1] != $p[3]
      or .support != ([$p[0], $p[1]] | min) or .resistance != ([$p[0], $p[1]] | max))
    | fail("rectangle levels")
  else
    select(.direction != "neutral" or ([range(0; $p | length; 2) | $p[.]] | unique | length) != 1
      or ([range(1; $p | length; 2) | $p[.]] | unique | length) != 1 or ($p | length) < 5
      or .support != ([$p[0], $p[1]] | min) or .resistance != ([$p[0], $p[1]] | max))
    | fail("range levels")
  end
'

# The keys of each truth record, in order.
KEYS='
def base: ["type","symbol","tf","name","direction","status","start","end","confirmed_at","points"];
def want: if .name == "double_top" then base + ["target","neckline","resistance"]
  elif .name == "double_bottom" then base + ["target","neckline","support"]
  elif (.name | test("head_and_shoulders")) then base + ["target","neckline"]
  elif .name == "ascending_triangle" then base + ["target","resistance"]
  elif .name == "descending_triangle" then base + ["target","support"]
  elif .name == "rectangle" then base + ["target","support","resistance"]
  elif .name == "range" then base + ["support","resistance"]
  else base + ["target"] end;
$tr[] | select(keys_unsorted != want or .type != "pattern" or .status != "confirmed")
| "\(.symbol) \(.name) \(.start): keys \(keys_unsorted)"
'

VALID='
$bars[] | select((.type == "bar" and .h >= ([.o,.c]|max) and .l <= ([.o,.c]|min) and .l >= 0.01 and .v >= 0
  and all(.o, .h, .l, .c; (. * 100 | round) / 100 == .) and .v == (.v | floor)) | not)
| "bad bar \(.)"
'

# --- each pattern on its own -----------------------------------------------

for name in $NAMES; do
	plant "--plant $name" --seed 11 --symbols 3 --bars 500 --plant "$name"
	jq_check "--plant $name: truth records of $name only, several" \
		"(\$tr | length) >= 6 and all(\$tr[]; .name == \"$name\" and .tf == \"1D\")"
	jq_none "--plant $name: keys in the documented order" "$KEYS"
	jq_none "--plant $name: key points are the bars' extremes, legs of 5 to 20 bars, confirmation" "$SHAPES"
	jq_none "--plant $name: levels and the canonical shape" "$LEVELS"
	jq_none "--plant $name: all bars valid" "$VALID"
done

# --- all patterns, on several timeframes and seeds -------------------------

for args in "--seed 1 --symbols 11 --bars 400" "--seed 2 --symbols 4 --bars 3000 --tf 1h" \
	"--seed 3 --symbols 3 --bars 2000 --tf 1m" "--seed 4 --symbols 2 --bars 1500 --tf 1W"; do
	plant "--plant all $args" $args --plant all
	jq_none "--plant all $args: keys in the documented order" "$KEYS"
	jq_none "--plant all $args: key points, legs and confirmation" "$SHAPES"
	jq_none "--plant all $args: levels and the canonical shape" "$LEVELS"
	jq_none "--plant all $args: all bars valid" "$VALID"
done
plant "--plant all, 11 symbols" --seed 1 --symbols 11 --bars 400 --plant all
jq_check "--plant all plants every name" \
	"[\$tr[].name] | unique == ([\"$(echo $NAMES | sed 's/ /","/g')\"] | sort)"
jq_check "each symbol's series keeps its length and times" \
	'($bars | length) == 4400 and ($bars | group_by(.symbol) | all(.[]; length == 400))'

# Patterns are placed in turn, in the list's order, and do not overlap.
plant "--plant range,bull_flag" --seed 9 --bars 2000 --plant range,bull_flag
jq_check "a list is planted in turn" \
	'[$tr[].name] as $n | ($n | length) >= 10 and all(range(0; $n | length); $n[.] == (if . % 2 == 0 then "range" else "bull_flag" end))'
jq_check "patterns do not overlap and have ordinary bars between them" \
	'[$tr[] | [.start, .end]] as $w | all(range(1; $w | length); $w[.][0] - $w[. - 1][1] >= 30 * 86400)'

# --- determinism, and the process outside patterns -------------------------

plant "seed 5 all" --seed 5 --symbols 3 --bars 2000 --tf 15m --plant all
cp "$TMP/bars.nd" "$TMP/b1.nd"
cp "$TMP/truth.nd" "$TMP/t1.nd"
plant "seed 5 all again" --seed 5 --symbols 3 --bars 2000 --tf 15m --plant all
if cmp -s "$TMP/bars.nd" "$TMP/b1.nd" && cmp -s "$TMP/truth.nd" "$TMP/t1.nd"; then
	ok "the same seed gives the same bars and truth"
else
	not_ok "the same seed gives the same bars and truth"
fi
run bars-synth --seed 5 --symbols 3 --bars 2000 --tf 15m --plant all
expect_code "--plant without --truth exits 0" 0
if cmp -s "$OUT" "$TMP/b1.nd"; then ok "--plant without --truth gives the same bars"
else not_ok "--plant without --truth gives the same bars"; fi
plant "seed 6 all" --seed 6 --symbols 3 --bars 2000 --tf 15m --plant all
if ! cmp -s "$TMP/truth.nd" "$TMP/t1.nd"; then ok "a different seed plants differently"
else not_ok "a different seed plants differently"; fi

# Up to each symbol's first pattern the bars are those of the plain process.
run bars-synth --seed 5 --symbols 3 --bars 2000 --tf 15m
cp "$OUT" "$TMP/plain.nd"
if jq -e -n --slurpfile a "$TMP/b1.nd" --slurpfile b "$TMP/plain.nd" --slurpfile tr "$TMP/t1.nd" '
	all(["SYN1","SYN2","SYN3"][]; . as $y
	  | ([$tr[] | select(.symbol == $y) | .start] | min) as $t0
	  | [$a[] | select(.symbol == $y and .t < $t0)] == [$b[] | select(.symbol == $y and .t < $t0)])' \
	>/dev/null 2>&1; then
	ok "bars before the first pattern are the plain process's"
else
	not_ok "bars before the first pattern are the plain process's"
fi

run bars-synth --seed 42 --symbols 3 --bars 2000 --tf 15m
sha256sum <"$OUT" >"$TMP/seed42.sha256"
if cmp -s "$DATA/synth-seed42.sha256" "$TMP/seed42.sha256"; then
	ok "without --plant the output is unchanged (synth-seed42.sha256)"
else
	not_ok "without --plant the output is unchanged (synth-seed42.sha256)"
fi

# --- errors ----------------------------------------------------------------

run bars-synth --plant double_top,wedge
expect_code "--plant with an unknown name is a usage error" 64
if grep -q "unknown pattern 'wedge'" "$ERR"; then ok "the unknown name is named"
else not_ok "the unknown name is named"; fi
expect_out_text "an unknown name writes nothing" ''

run bars-synth --plant ''
expect_code "--plant '' is a usage error" 64

run bars-synth --truth "$TMP/t.nd"
expect_code "--truth without --plant is a usage error" 64
if grep -q -- "--truth needs --plant" "$ERR"; then ok "--truth without --plant says so"
else not_ok "--truth without --plant says so"; fi
if [ ! -e "$TMP/t.nd" ]; then ok "--truth without --plant creates no file"
else not_ok "--truth without --plant creates no file"; fi

run bars-synth --plant all --truth "$TMP/no/such/dir/t.nd"
expect_code "a truth file that cannot be opened exits 74" 74
expect_err "the truth file is named" "bars-synth: $TMP/no/such/dir/t.nd: No such file or directory"
expect_out_text "nothing is written then" ''

if [ -w /dev/full ]; then
	run bars-synth --plant all --bars 5000 --symbols 20 --truth /dev/full
	expect_code "a truth file on a full disk exits 74" 74
	expect_err "a full truth file is reported" "bars-synth: /dev/full: write error: No space left on device"
else
	not_ok "a truth file on a full disk exits 74: no /dev/full"
fi

# --- the same planted bytes from other compilers and sanitizers ------------

cross() { # NAME CC FLAGS...
	name=$1
	shift
	build_synth "$name build plants the same bytes" "$name" "$@" || return
	"$TMP/synth-$name" --seed 5 --symbols 3 --bars 2000 --tf 15m --plant all \
		--truth "$TMP/x-truth.nd" >"$TMP/x.nd" 2>"$TMP/x.err" </dev/null
	if cmp -s "$TMP/x.nd" "$TMP/b1.nd" && cmp -s "$TMP/x-truth.nd" "$TMP/t1.nd" &&
		[ ! -s "$TMP/x.err" ]; then
		ok "$name build plants the same bytes"
	else
		not_ok "$name build plants the same bytes"
		sed 's/^/#   stderr: /' "$TMP/x.err" | head -5
	fi
}
cross gcc-O0 gcc -O0
cross clang-asan-ubsan clang -fsanitize=address,undefined -fno-sanitize-recover=undefined
