# t010-cases: golden cases kept as data: tests/cases/PROG/NAME/ holds
#   cmd       the command line (words for the shell; run in a temp dir holding
#             the case's files, with $DATA, $SHARE and $TMP set)
#   stdin     what the command reads (or stdin.sh, a script printing it)
#   stdout    expected standard output (absent: empty)
#   stderr    expected standard error (absent: empty)
#   status    expected exit status (absent: 0)
# A case passes when all three match exactly.
. "$(dirname "$0")/lib.sh"

for dir in "$TOP"/tests/cases/*/*/; do
	dir=${dir%/}
	name=${dir#"$TOP"/tests/cases/}
	work="$TMP/case"
	rm -rf "$work" && mkdir -p "$work" && cp -R "$dir"/. "$work"/
	if [ -f "$dir/stdin.sh" ]; then
		bash "$dir/stdin.sh" >"$work/.in"
	elif [ -f "$dir/stdin" ]; then
		cp "$dir/stdin" "$work/.in"
	else
		: >"$work/.in"
	fi
	(cd "$work" && eval "$(cat cmd)") <"$work/.in" >"$OUT" 2>"$ERR"
	code=$?
	want=0
	[ -f "$dir/status" ] && want=$(cat "$dir/status")
	[ -f "$dir/stdout" ] && cp "$dir/stdout" "$TMP/want.out" || : >"$TMP/want.out"
	[ -f "$dir/stderr" ] && cp "$dir/stderr" "$TMP/want.err" || : >"$TMP/want.err"
	if [ "$code" -eq "$want" ] && cmp -s "$TMP/want.out" "$OUT" && cmp -s "$TMP/want.err" "$ERR"; then
		ok "$name"
	else
		not_ok "$name"
		[ "$code" -eq "$want" ] || echo "#   exit status $code, expected $want"
		diff -u "$TMP/want.out" "$OUT" | head -20 | sed 's/^/#   stdout /'
		diff -u "$TMP/want.err" "$ERR" | head -20 | sed 's/^/#   stderr /'
	fi
done
