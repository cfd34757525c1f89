# t090-docs.sh: man pages, completions, --help, --version and the README agree with each program's option table.
. "$(dirname "$0")/lib.sh"

version=$(sed -n 's/^VERSION[ 	]*=[ 	]*//p' "$TOP/Makefile")
readme=$TOP/README.md

# The programs: every bin/NAME built from a cmd/NAME.c.
progs=
for b in "$TOP"/bin/*; do
	n=$(basename "$b")
	[ -x "$b" ] && [ -f "$TOP/cmd/$n.c" ] && progs="$progs $n"
done
if [ -n "$progs" ]; then ok "programs to check:$progs"; else not_ok "programs to check: none in bin/ (run make)"; fi

if command -v mandoc >/dev/null 2>&1; then have_mandoc=1; else have_mandoc=; fi

# lint DESC FILE: mandoc -T lint -W warning prints nothing about FILE.
lint() {
	if [ -z "$have_mandoc" ]; then
		not_ok "$1: mandoc is not installed (make deps installs it)"
	elif mandoc -T lint -W warning "$2" >"$TMP/lint" 2>&1 && [ ! -s "$TMP/lint" ]; then
		ok "$1"
	else
		not_ok "$1"
		sed 's/^/#   /' "$TMP/lint" | head -10
	fi
}

# section FILE NAME: the mdoc source lines of section NAME (.Sh NAME up to the next .Sh).
section() {
	awk -v s=".Sh $2" '/^\.Sh / { in_s = ($0 == s); next } in_s' "$1"
}

# same_set DESC EXPECTED ACTUAL: two files hold the same lines, order aside.
same_set() {
	sort -u "$2" >"$2.s"
	sort -u "$3" >"$3.s"
	if cmp -s "$2.s" "$3.s"; then ok "$1"; else
		not_ok "$1"
		diff -u "$2.s" "$3.s" | sed -n '3,$p' | sed 's/^/#   /' | head -20
	fi
}

for p in $progs; do
	man=$TOP/share/man/man1/$p.1

	# --- --help and --version ------------------------------------------

	run "$p" --help
	expect_code "$p --help exits 0" 0
	if head -1 "$OUT" | grep -q "^usage: $p\( \|\$\)"; then ok "$p --help starts with 'usage: $p'"
	else not_ok "$p --help starts with 'usage: $p'"; head -1 "$OUT" | sed 's/^/#   got: /'; fi
	usage=$(head -1 "$OUT")

	run "$p" --version
	expect_code "$p --version exits 0" 0
	expect_out_text "$p --version prints '$p (tickline) $version'" "$p (tickline) $version"

	run "$p" --list-options
	expect_code "$p --list-options exits 0" 0
	grep -v '^#' "$OUT" | cut -f1 | sed 's/^/--/' >"$TMP/table-long"

	# --- the man page --------------------------------------------------

	if [ ! -f "$man" ]; then
		not_ok "$p: man page share/man/man1/$p.1 exists"
		continue
	fi
	ok "$p: man page share/man/man1/$p.1 exists"
	lint "$p.1 passes mandoc -T lint -W warning" "$man"

	# The long options of the OPTIONS list (.It Fl t , Fl \-tf Ar TF).
	section "$man" OPTIONS | grep '^\.It ' |
		grep -oE 'Fl \\?-[A-Za-z0-9][A-Za-z0-9-]*' | sed 's/^Fl \\\{0,1\}-/--/' >"$TMP/man-long"
	same_set "$p.1 OPTIONS lists exactly the options of $p --list-options" \
		"$TMP/table-long" "$TMP/man-long"

	# The flags of the SYNOPSIS (.Fl \-tf, .Fl u) and of the usage line.
	section "$man" SYNOPSIS | grep -oE 'Fl \\?-?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^Fl \\\{0,1\}/-/' >"$TMP/syn-flags"
	printf '%s\n' "${usage#"usage: $p"}" | grep -oE '(^|[[ |])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[[ |]//' >"$TMP/usage-flags"
	if [ -s "$TMP/syn-flags" ]; then
		same_set "$p.1 SYNOPSIS has the flags of the --help usage line" \
			"$TMP/usage-flags" "$TMP/syn-flags"
	elif [ -s "$TMP/usage-flags" ]; then
		not_ok "$p.1 SYNOPSIS has the flags of the --help usage line"
	else
		ok "$p.1 SYNOPSIS has the flags of the --help usage line (none)"
	fi

	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		if grep -q "^\.Sh $s\$" "$man"; then :; else not_ok "$p.1 has a $s section"; continue 2; fi
	done
	ok "$p.1 has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES, SEE ALSO"

	# --- completions ---------------------------------------------------

	rm -rf "$TMP/comp"
	if sh "$TOP/tools/gen-completions" -o "$TMP/comp" -b "$TOP/bin" "$p" >"$TMP/gen.out" 2>&1; then
		for f in bash/$p zsh/_$p fish/$p.fish; do
			if [ ! -f "$TOP/completions/$f" ]; then
				not_ok "completions/$f is committed (make completions)"
			elif cmp -s "$TMP/comp/$f" "$TOP/completions/$f"; then
				ok "completions/$f is what tools/gen-completions writes"
			else
				not_ok "completions/$f is what tools/gen-completions writes (run make completions)"
				diff -u "$TOP/completions/$f" "$TMP/comp/$f" | head -20 | sed 's/^/#   /'
			fi
		done
	else
		not_ok "tools/gen-completions $p runs"
		sed 's/^/#   /' "$TMP/gen.out" | head -5
	fi

	# --- README --------------------------------------------------------

	if grep -q "^- \`$p\` " "$readme"; then ok "README has a line for $p"
	else not_ok "README has a line for $p ('- \`$p\` ...')"; fi
done

# --- the section 7 page ----------------------------------------------------

if [ -f "$TOP/share/man/man7/tickline.7" ]; then
	ok "share/man/man7/tickline.7 exists"
	lint "tickline.7 passes mandoc -T lint -W warning" "$TOP/share/man/man7/tickline.7"
else
	not_ok "share/man/man7/tickline.7 exists"
fi

# --- README set-up commands ------------------------------------------------

# The first fenced block after "## Set up" holds exactly the two commands.
awk '/^## / { in_s = ($0 == "## Set up"); next }
	in_s && /^```/ { if (fence) exit; fence = 1; next }
	in_s && fence' "$readme" >"$TMP/setup"
printf 'make demo\nmake check\n' >"$TMP/setup.expected"
if cmp -s "$TMP/setup.expected" "$TMP/setup"; then
	ok "README set-up commands are exactly 'make demo' and 'make check'"
else
	not_ok "README set-up commands are exactly 'make demo' and 'make check'"
	diff -u "$TMP/setup.expected" "$TMP/setup" | sed 's/^/#   /'
fi
