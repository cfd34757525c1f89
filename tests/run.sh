#!/bin/sh
# tests/run.sh: runs the unit tests ($TL_UNIT_DIR/test_*) and the end-to-end
# tests (tests/t*.sh), then prints "N passed, N failed". Exit 1 on a failure.
# Run through 'make check'; a pattern argument runs only matching scripts.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
unit=${TL_UNIT_DIR:-$top/build/cc/tests}
pat=${1:-}
log=$(mktemp "${TMPDIR:-/tmp}/tickline-run.XXXXXX")
trap 'rm -f "$log"' EXIT
start=$(date +%s)
if ! ls "$unit"/test_* >/dev/null 2>&1; then
	echo "run.sh: no unit tests in $unit (run through 'make check')" >&2
	exit 1
fi

# run_one NAME CMD...: runs one test program, keeps its lines in the log and
# shows all but the "ok" ones; a non-zero exit with no "not ok" line fails.
run_one() {
	name=$1; shift
	case $name in *"$pat"*) ;; *) return ;; esac
	echo "== $name"
	( cd "$top" && "$@" ) >"$log.1" 2>&1
	rc=$?
	cat "$log.1" >>"$log"
	grep -v '^ok ' "$log.1"
	# A sanitizer's report that reached no checked stderr fails the script.
	if grep -q -e '^==[0-9]*==ERROR: ' -e ' runtime error: ' "$log.1"; then
		echo "not ok - $name: a sanitizer reported an error" | tee -a "$log"
	fi
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log.1"; then
		echo "not ok - $name: exited $rc" | tee -a "$log"
	fi
}

for t in "$unit"/test_*; do
	[ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
for t in "$top"/tests/t[0-9]*.sh; do
	[ -f "$t" ] && run_one "$(basename "$t")" bash "$t"
done
rm -f "$log.1"
pass=$(grep -c '^ok ' "$log")
fail=$(grep -c '^not ok' "$log")
echo "($(( $(date +%s) - start ))s)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
