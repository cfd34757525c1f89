# Makefile for tickline: builds lib/ into libtickline.a and one binary per cmd/*.c.
#
#   make                 build bin/*
#   make check           install missing deps, build, run the whole test suite
#   make check SANITIZE=1  the same under AddressSanitizer + UBSan
#   make DEVELOPER=1     warnings are errors
#   make bench           speed and memory benchmarks against peers
#   make demo            the main job on bundled data, offline
#   make install [PREFIX=/usr/local] [DESTDIR=]
#
# User CFLAGS/LDFLAGS append to ours; they never replace them. uninstall
# removes only the files install wrote: with PREFIX=$HOME/.local the store
# lives beside the sample data, in ~/.local/share/tickline.

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/tickline
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
PKG_CONFIG ?= pkg-config
SANITIZE ?=
DEVELOPER ?=

PROGS = bars-fetch bars-import bars-resample bars-synth chart-levels chart-render session-set \
	session-get session-gc backtest agent-ask agent-log bars-ta scan-run scan-weights

# The shared libraries each program links, by pkg-config name.
PKGS_bars-fetch = jansson sqlite3 libcurl
PKGS_bars-import = jansson sqlite3
PKGS_bars-resample = jansson
PKGS_bars-synth =
PKGS_chart-levels = jansson
PKGS_session-set = sqlite3
PKGS_session-get = sqlite3
PKGS_session-gc = sqlite3
PKGS_chart-render = jansson
PKGS_backtest = jansson
PKGS_agent-ask = jansson sqlite3 libcurl
PKGS_agent-log = jansson sqlite3
PKGS_bars-ta = jansson
PKGS_scan-run = jansson sqlite3
PKGS_scan-weights = jansson sqlite3

# Objects of different compilers and sanitizer settings live apart, so
# switching flavour never mixes them; bin/ is relinked when it changes.
FLAVOR = $(notdir $(firstword $(CC)))$(if $(SANITIZE),-san)
B = build/$(FLAVOR)

BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wpedantic \
	-ffp-contract=off -fno-strict-aliasing -DTL_VERSION='"$(VERSION)"' -Ilib
ifneq ($(DEVELOPER),)
BASE_CFLAGS += -Wstrict-prototypes -Wvla -Wwrite-strings -Wshadow -Werror
endif
ifneq ($(SANITIZE),)
BASE_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
BASE_LDFLAGS += -fsanitize=address,undefined
endif

# Recursive '=' so pkg-config is asked when a recipe runs, after 'deps'.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson sqlite3 libcurl 2>/dev/null)
ALL_CFLAGS = $(BASE_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(BASE_LDFLAGS) $(LDFLAGS)

LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(B)/%.o)
LIBA = $(B)/libtickline.a

UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_BIN = $(B)/tests/runrss $(B)/tests/parse-yahoo

BINS = $(PROGS:%=bin/%)

.PHONY: all deps deps-ensure check test-build bench demo install uninstall \
	clean fuzz completions format FORCE
.SUFFIXES:

all: $(BINS)

# A stamp whose content is the flavour: rewritten only when it changes.
$(B)/.stamp: FORCE
	@mkdir -p $(B)
	@echo '$(FLAVOR) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $(B)/.stamp.new; \
	if cmp -s $(B)/.stamp.new $(B)/.stamp; then rm -f $(B)/.stamp.new; \
	else mv $(B)/.stamp.new $(B)/.stamp; fi
build/.flavor: FORCE
	@mkdir -p build
	@echo '$(FLAVOR)' > build/.flavor.new; \
	if cmp -s build/.flavor.new build/.flavor; then rm -f build/.flavor.new; \
	else mv build/.flavor.new build/.flavor; fi
FORCE:

$(B)/%.o: %.c $(B)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

bin/%: $(B)/cmd/%.o $(LIBA) build/.flavor
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) \
		$(shell $(PKG_CONFIG) --libs $(PKGS_$*) 2>/dev/null) -lm

# Keep the programs' and unit tests' objects, which pattern rules would delete.
.SECONDARY: $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%.o) $(PROGS:%=$(B)/cmd/%.o) \
	$(B)/bench/runrss.o $(B)/bench/parse-yahoo.o

$(B)/tests/%: $(B)/tests/unit/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) \
		$(shell $(PKG_CONFIG) --libs jansson sqlite3 libcurl 2>/dev/null) -lm

$(B)/tests/runrss: $(B)/bench/runrss.o
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $<

$(B)/tests/parse-yahoo: $(B)/bench/parse-yahoo.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) \
		$(shell $(PKG_CONFIG) --libs jansson 2>/dev/null) -lm

-include $(LIB_OBJ:.o=.d) $(PROGS:%=$(B)/cmd/%.d) $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%.d)

deps:
	@sh tools/deps install

deps-ensure:
	@sh tools/deps ensure

test-build: $(BINS) $(UNIT_BIN) $(TOOL_BIN)

check: deps-ensure
	@$(MAKE) --no-print-directory test-build
	@TL_UNIT_DIR=$(B)/tests TL_MAKE_ARGS='CC=$(CC) SANITIZE=$(SANITIZE)' sh tests/run.sh

bench: deps-ensure
	@$(MAKE) --no-print-directory all $(TOOL_BIN)
	@TL_TOOL_DIR=$(B)/tests sh bench/run.sh

demo: deps-ensure
	@$(MAKE) --no-print-directory all
	@sh tools/demo

# libFuzzer targets: clang only; run each with e.g. build/fuzz/fuzz_ndjson -max_total_time=60
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=build/fuzz/%.o)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Ilib -Itests/unit \
	-ffp-contract=off -DTL_VERSION='"$(VERSION)"' $(PKG_CFLAGS)

# The library is compiled once for the fuzzers (instrumented, no main),
# and each target links it.
fuzz: deps-ensure
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

build/fuzz/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		-MMD -MP -c -o $@ $<

build/fuzz/libfuzz.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(FUZZ_LIB_OBJ)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libfuzz.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -MMD -MP \
		-o $@ $< build/fuzz/libfuzz.a \
		$$($(PKG_CONFIG) --libs jansson sqlite3 libcurl) -lm

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BIN:%=%.d)

completions: $(BINS)
	@sh tools/gen-completions $(PROGS)

format:
	clang-format -i lib/*.c lib/*.h cmd/*.c tests/unit/*.c tests/fuzz/*.c

install: $(BINS)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/data $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	for p in $(PROGS); do \
		cp bin/$$p $(DESTDIR)$(BINDIR)/$$p; chmod 755 $(DESTDIR)$(BINDIR)/$$p; \
		cp share/man/man1/$$p.1 $(DESTDIR)$(MANDIR)/man1/$$p.1; \
		cp completions/bash/$$p $(DESTDIR)$(BASHCOMPDIR)/$$p; \
		cp completions/zsh/_$$p $(DESTDIR)$(ZSHCOMPDIR)/_$$p; \
		cp completions/fish/$$p.fish $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; \
	done
	cp share/man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
	cp share/tickline/data/* $(DESTDIR)$(DATADIR)/data/

uninstall:
	for p in $(PROGS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$p $(DESTDIR)$(MANDIR)/man1/$$p.1 \
		$(DESTDIR)$(BASHCOMPDIR)/$$p $(DESTDIR)$(ZSHCOMPDIR)/_$$p \
		$(DESTDIR)$(FISHCOMPDIR)/$$p.fish; \
	done
	for f in share/man/man7/*.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$$(basename $$f); done
	for f in share/tickline/data/*; do rm -f $(DESTDIR)$(DATADIR)/data/$$(basename $$f); done
	-rmdir $(DESTDIR)$(DATADIR)/data $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf build bin
