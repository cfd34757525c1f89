# t080-install: make install and uninstall into a staging directory (DESTDIR, PREFIX).
. "$(dirname "$0")/lib.sh"

dest="$TMP/stage"
progs=$(cd "$TOP/cmd" && ls *.c | sed 's/\.c$//')
# TL_MAKE_ARGS (set by make check) keeps the build flavour under test.
make -C "$TOP" --no-print-directory -s ${TL_MAKE_ARGS:-} install DESTDIR="$dest" PREFIX=/opt/tl >"$OUT" 2>"$ERR"
code=$?
expect_code "make install exits 0" 0
for p in $progs; do
	for f in bin/$p share/man/man1/$p.1 share/bash-completion/completions/$p \
		share/zsh/site-functions/_$p share/fish/vendor_completions.d/$p.fish; do
		[ -f "$dest/opt/tl/$f" ] && ok "installed $f" || not_ok "installed $f"
	done
	[ -x "$dest/opt/tl/bin/$p" ] && ok "$p is executable" || not_ok "$p is executable"
done
[ -f "$dest/opt/tl/share/man/man7/tickline.7" ] && ok "installed tickline.7" || not_ok "installed tickline.7"
[ -f "$dest/opt/tl/share/tickline/data/GOOG.csv" ] && ok "installed sample data" || not_ok "installed sample data"
run "$dest/opt/tl/bin/bars-synth" --bars 1
expect_code "installed binary runs" 0

# A store kept beside the sample data (PREFIX=$HOME/.local) survives uninstall.
mkdir -p "$dest/opt/tl/share/tickline"
echo keep >"$dest/opt/tl/share/tickline/tickline.db"
make -C "$TOP" --no-print-directory -s ${TL_MAKE_ARGS:-} uninstall DESTDIR="$dest" PREFIX=/opt/tl >"$OUT" 2>"$ERR"
code=$?
expect_code "make uninstall exits 0" 0
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 1 ] && ok "uninstall removes every installed file" || not_ok "uninstall left $((left - 1)) files"
[ "$(cat "$dest/opt/tl/share/tickline/tickline.db")" = keep ] &&
	ok "uninstall keeps a store in PREFIX/share/tickline" || not_ok "uninstall keeps a store in PREFIX/share/tickline"
