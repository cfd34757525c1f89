# t095-fuzz: builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang and
# runs each for a bounded number of inputs (200000; 5000 for the planner,
# which runs its tools on each) from its seed corpus. The long
# runs are by hand: build/fuzz/fuzz_X -max_total_time=600 tests/fuzz/corpus/X
. "$(dirname "$0")/lib.sh"

if ! command -v clang >/dev/null 2>&1 ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; return (int)n * 0; }' |
		clang -x c -fsanitize=fuzzer -o "$TMP/probe" - 2>/dev/null; then
	not_ok "fuzz targets: clang with libFuzzer is not installed (make deps installs it)"
	exit 0
fi
make -C "$TOP" --no-print-directory -s fuzz >"$OUT" 2>"$ERR"
code=$?
expect_code "make fuzz builds every target" 0
for src in "$TOP"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	seeds="$TOP/tests/fuzz/corpus/${name#fuzz_}"
	mkdir -p "$TMP/corpus-$name"
	# The planner runs its tools on every input: fewer, for time.
	case $name in fuzz_planner) runs=5000 ;; *) runs=200000 ;; esac
	"$TOP/build/fuzz/$name" -runs=$runs -seed=1 -artifact_prefix="$TMP/" "$TMP/corpus-$name" "$seeds" >"$OUT" 2>"$ERR"
	code=$?
	expect_code "$name: $runs inputs without a finding" 0
done
