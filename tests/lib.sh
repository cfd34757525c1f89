# tests/lib.sh: sourced by every tests/tNNN-*.sh: a temp dir, PATH to bin/, and assertions.
#
#   run CMD...            run CMD with stdin from /dev/null: stdout in $OUT,
#                         stderr in $ERR, exit status in $code
#   run_in FILE CMD...    the same with stdin from FILE
#   expect_code DESC N    the last run exited N
#   expect_out DESC FILE  its stdout equals FILE (diff -u)
#   expect_out_text DESC TEXT   its stdout equals TEXT (plus newline; '' = empty)
#   expect_err DESC TEXT  its stderr equals TEXT (plus newline; '' = empty)
#   ok DESC / not_ok DESC print a result line
#   build_synth DESC NAME CC FLAGS...   bars-synth built by CC into $TMP/synth-NAME
#   serve SCRIPT          start tests/httpd.py on 127.0.0.1 with the canned
#                         responses of SCRIPT: sets $PORT, $BASE and $REQS
#                         (its request log); stopped at exit or next serve
# Each expect_* prints "ok - DESC" or "not ok - DESC" with the difference.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
PATH="$TOP/bin:$PATH"
DATA="$TOP/tests/data"
SHARE="$TOP/share/tickline/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tickline-test.XXXXXX")
SRV_PID=
trap 'stop_server; rm -rf "$TMP"' EXIT
OUT="$TMP/stdout"
ERR="$TMP/stderr"
code=0
export LC_ALL=C TZ=UTC
unset TICKLINE_NOW TICKLINE_DB TICKLINE_SESSION
export XDG_DATA_HOME="$TMP/xdg-data" XDG_CONFIG_HOME="$TMP/xdg-config"
T_NAME=$(basename "$0" .sh)

ok() { printf 'ok - %s: %s\n' "$T_NAME" "$1"; }
not_ok() { printf 'not ok - %s: %s\n' "$T_NAME" "$1"; }

run() { "$@" >"$OUT" 2>"$ERR" </dev/null; code=$?; }
run_in() { _in=$1; shift; "$@" >"$OUT" 2>"$ERR" <"$_in"; code=$?; }

expect_code() {
	if [ "$code" -eq "$2" ]; then ok "$1"; else
		not_ok "$1"; echo "#   exit status $code, expected $2"
		sed 's/^/#   stderr: /' "$ERR" | head -5
	fi
}

_expect_file() { # DESC EXPECTED ACTUAL
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1"; diff -u "$2" "$3" | head -40 | sed 's/^/#   /'
	fi
}
expect_out() { _expect_file "$1" "$2" "$OUT"; }
expect_out_text() {
	if [ -z "$2" ]; then : >"$TMP/expected"; else printf '%s\n' "$2" >"$TMP/expected"; fi
	_expect_file "$1" "$TMP/expected" "$OUT"
}
expect_err() {
	if [ -z "$2" ]; then : >"$TMP/expected"; else printf '%s\n' "$2" >"$TMP/expected"; fi
	_expect_file "$1" "$TMP/expected" "$ERR"
}

# build_synth DESC NAME CC FLAGS...: compiles bars-synth from source with
# CC and FLAGS into $TMP/synth-NAME, for the same-bytes-on-every-build
# checks; returns 1 after a "not ok - DESC" line when it cannot.
build_synth() {
	_desc=$1 _name=$2 _cc=$3
	shift 3
	if ! command -v "$_cc" >/dev/null 2>&1; then
		not_ok "$_desc: no $_cc (make deps installs it)"
		return 1
	fi
	_srcs="$TOP/cmd/bars-synth.c"
	for _m in synth bar out num time cli util ndjson; do _srcs="$_srcs $TOP/lib/tl_$_m.c"; done
	# shellcheck disable=SC2086
	if ! "$_cc" -std=c11 -D_GNU_SOURCE -O2 -ffp-contract=off -fno-strict-aliasing "$@" \
		-I"$TOP/lib" -DTL_VERSION='"x"' -o "$TMP/synth-$_name" $_srcs \
		$(pkg-config --cflags --libs jansson 2>/dev/null || echo -ljansson) -lm \
		2>"$TMP/cc.err"; then
		not_ok "$_desc"
		sed 's/^/#   cc: /' "$TMP/cc.err" | head -5
		return 1
	fi
}

# serve SCRIPT: starts the scripted server (tests/httpd.py) with the JSON
# array of canned responses in SCRIPT, on a free port of 127.0.0.1, with an
# empty request log $REQS ("METHOD TARGET" lines; $REQS.json has times,
# headers and bodies). One at a time: a running one is stopped first.
serve() {
	stop_server
	rm -f "$TMP/requests" "$TMP/requests.json" "$TMP/port"
	: >"$TMP/requests"
	python3 "$TOP/tests/httpd.py" "$1" "$TMP/requests" >"$TMP/port" 2>"$TMP/httpd.err" &
	SRV_PID=$!
	_i=0
	while [ ! -s "$TMP/port" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
	PORT=$(cat "$TMP/port")
	BASE="http://127.0.0.1:$PORT"
	REQS="$TMP/requests"
}

# stop_server: stops the server serve started, if any.
stop_server() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=
	fi
}
