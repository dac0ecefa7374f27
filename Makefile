# iv — one Makefile for the whole toolchain.
#   make            build programs into $(BUILD)/bin
#   make check      install missing deps, build, run every test
#   make check SAN=1  the same under AddressSanitizer + UBSan (separate build dir)
#   make run        install what running needs, build, run the demo (two mock interviews)
#   make eval       quality on the hand-written dev sets (held-out figures)
#   make bench      benchmarks
#   make fuzz       each libFuzzer target briefly (FUZZ_S=30 seconds each)
#   make install    PREFIX=/usr/local DESTDIR=
#   make help       these, and which packages each install brings

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/vendor-completions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = libcurl sqlite3 yaml-0.1 zlib
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
BUILD   ?= build
SANFLAGS =
endif
override CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Ilib $(SANFLAGS) \
		    -DIV_VERSION='"$(VERSION)"' -DIV_SHAREDIR='"$(DATADIR)/iv"' \
		    $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override LDFLAGS += $(SANFLAGS)
# Only the libraries a program uses: iv-store need not load friso and
# libstdc++ at every start (a quarter of its start-up under the sanitizers).
override LDFLAGS += -Wl,--as-needed
# libcurl is not linked: lib/curl_dl.c loads it when a program first talks
# HTTP, so the programs that never do skip its ~40 libraries at start-up.
LINK_PKGS = $(filter-out libcurl,$(PKGS))
# the grader's readers: Snowball, WordNet; friso (lib/friso_dl.c) and
# OpenCC (lib/segment.c) are loaded when a text needs them
LDLIBS_DYN = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null || echo -lsqlite3 -lyaml -lz) -ljq -lm \
	     -lstemmer -lwordnet
# Each shared library costs a process start-up time (mapping, relocation,
# symbol look-up: libstemmer alone ~1.7 ms here), so the ones Debian also
# ships as archives are linked statically (STATIC=0: all shared). The
# sanitizer and fuzz builds keep the shared form.
STATIC_TRY = sqlite3 yaml z stemmer wordnet
STATIC_HAVE := $(foreach l,$(STATIC_TRY),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(l).a)),$(l)))
ifeq ($(if $(filter 1,$(SAN)),0,$(STATIC)),0)
LDLIBS  += $(LDLIBS_DYN)
else
LDLIBS  += -Wl,-Bstatic $(STATIC_HAVE:%=-l%) -Wl,-Bdynamic \
	   $(filter-out $(STATIC_HAVE:%=-l%),$(LDLIBS_DYN)) -lpthread -ldl
endif

# Position-dependent programs: a PIE's ~15,000 relocations (SQLite's and
# WordNet's tables among them) are applied at every start, dirtying ~90
# pages; without them a process starts ~1.5 ms sooner here (iv-grade
# --version 6.2 -> 4.7 ms). PIE=1 builds position-independent programs
# (address-space layout randomisation of the program itself); the
# sanitizer and fuzz builds always are.
PIE ?= 0
ifeq ($(if $(filter 1,$(SAN)),1,$(PIE)),0)
override CFLAGS  += -fno-pie
override LDFLAGS += -no-pie
endif

LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(BUILD)/obj/lib/%.o)
LIB_HDR  = $(wildcard lib/*.h)
PROG_SRC = $(wildcard cmd/iv-*.c)
PROGS    = $(PROG_SRC:cmd/%.c=$(BUILD)/bin/%)
UNIT_SRC = $(wildcard t/unit/test-*.c)
UNITS    = $(UNIT_SRC:t/unit/%.c=$(BUILD)/t/%)
TOOL_SRC = $(wildcard t/tools/*.c)
TOOLS    = $(TOOL_SRC:t/tools/%.c=$(BUILD)/t/tools/%)
BENCH_SRC = $(wildcard t/bench/*.c)
BENCHES  = $(BENCH_SRC:t/bench/%.c=$(BUILD)/bench/%)
DRIVER_D = $(wildcard cmd/iv.d/*.sh)
MANPAGES = $(wildcard share/man/man1/*.1)

all: $(PROGS) $(BUILD)/bin/iv $(BUILD)/libexec/iv $(BUILD)/share/iv

$(BUILD)/obj/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

# A compiled bank, taxonomy or table (lib/cache.c) is keyed by the library's
# sources too: a rebuilt libiv never reads what an older one compiled.
IV_SRC_ID := $(shell cat $(sort $(LIB_SRC) $(LIB_HDR)) | cksum | cut -d' ' -f1)
$(BUILD)/obj/lib/cache.o: override CFLAGS += -DIV_SRC_ID='"$(IV_SRC_ID)"'
$(BUILD)/obj/lib/cache.o: $(LIB_SRC)

$(BUILD)/libiv.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/bin/%: cmd/%.c $(BUILD)/libiv.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libiv.a $(LDLIBS)

# Only iv-serve speaks HTTP (lib/httpd.c).
$(BUILD)/bin/iv-serve: LDLIBS += -lmicrohttpd -lpthread

$(BUILD)/t/%: t/unit/%.c t/unit/unit.h $(BUILD)/libiv.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -It/unit $(LDFLAGS) -o $@ $< $(BUILD)/libiv.a $(LDLIBS)

# Helpers the tests run (the fake LLM server, ...), built with libiv.
$(BUILD)/t/tools/%: t/tools/%.c $(BUILD)/libiv.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libiv.a $(LDLIBS)

$(BUILD)/bench/%: t/bench/%.c $(BUILD)/libiv.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libiv.a $(LDLIBS)

# The build tree mirrors the installed layout (bin, libexec/iv, share/iv) so
# the driver and the programs find their parts the same way in both.
$(BUILD)/bin/iv: cmd/iv
	@mkdir -p $(@D)
	sed 's/@VERSION@/$(VERSION)/' cmd/iv > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

$(BUILD)/libexec/iv:
	@mkdir -p $(@D)
	ln -sfn $(CURDIR)/cmd/iv.d $@

$(BUILD)/share/iv:
	@mkdir -p $(@D)
	ln -sfn $(CURDIR)/share $@

units: $(UNITS) $(BUILD)/share/iv

# Under SAN=1 a sanitizer report fails the run however the test took the
# program's exit status: reports exit 86 (never 1, the usual failure) and
# are also written to $(BUILD)/san-log, which must stay empty.
SAN_LOG  = $(CURDIR)/$(BUILD)/san-log
SAN_ENV  = $(if $(filter 1,$(SAN)),\
	ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:exitcode=86:abort_on_error=0:log_path=$(SAN_LOG)/asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=86:log_path=$(SAN_LOG)/ubsan \
	LSAN_OPTIONS=exitcode=86)

check: deps all units $(TOOLS)
	@rm -rf $(SAN_LOG) && mkdir -p $(SAN_LOG) && chmod 1777 $(SAN_LOG)
	@set -e; for u in $(UNITS); do echo "unit $$u"; $(SAN_ENV) $$u; done
	@st=0; $(SAN_ENV) PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" IV_BUILD="$(CURDIR)/$(BUILD)" \
		bats $(if $(JOBS),--jobs $(JOBS) --no-parallelize-within-files) $(or $(T),t) || st=$$?; \
	if [ -n "$$(ls -A $(SAN_LOG))" ]; then \
		echo "sanitizer reports in $(SAN_LOG):" >&2; cat $(SAN_LOG)/* >&2; exit 1; fi; \
	exit $$st

eval: deps all $(TOOLS)
	PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" IV_BUILD="$(CURDIR)/$(BUILD)" sh t/eval/run.sh

bench: deps all $(BENCHES)
	PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" IV_BUILD="$(CURDIR)/$(BUILD)" sh t/bench/run.sh

run: deps-run all
	PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" sh share/samples/demo.sh

help:
	@echo 'make              build the programs into $(BUILD)/bin'
	@echo 'make run          install what building and running needs (make deps-run), build,'
	@echo '                  and run the demo: two short mock interviews in a throwaway store'
	@echo '                  (IV_LANG=zh make run: in Chinese)'
	@echo 'make check        install that and what only the tests need (make deps), build,'
	@echo '                  run every test (T=t/NNNN-x.bats: some; SAN=1: ASan and UBSan)'
	@echo '                  (JOBS=2: two test files at a time, with GNU parallel)'
	@echo 'make eval         quality on the hand-written dev sets (installs as make check)'
	@echo 'make bench        benchmarks, the demo'"'"'s wall time among them (installs as make check)'
	@echo 'make install      PREFIX=$(PREFIX) DESTDIR=; needs only what make deps-run installs'
	@echo 'make deps-run     the Debian packages building and running need:'
	@sh .ci/deps.sh list-run | fold -s -w 66 | sed 's/ *$$//; s/^/                    /'
	@echo 'make deps         those and the ones only tests, evals, benchmarks and fuzzing need:'
	@sh .ci/deps.sh list-test | fold -s -w 66 | sed 's/ *$$//; s/^/                    /'

# deps-run: what building and running needs; deps: that and what only
# tests, evals, benchmarks and fuzzing need.
deps-run:
	@sh .ci/deps.sh run

deps:
	@sh .ci/deps.sh test
	@sh .ci/npm-deps.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/iv $(DESTDIR)$(DATADIR)/iv \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(PROGS) $(BUILD)/bin/iv $(DESTDIR)$(BINDIR)
	install -m 644 $(DRIVER_D) $(DESTDIR)$(LIBEXECDIR)/iv
	cd share && find . -path ./man -prune -o -type f -print | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/iv/$$f"; done
	install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1
	install -m 644 completions/iv.bash $(DESTDIR)$(BASHCOMPDIR)/iv
	for p in $(PROGS:$(BUILD)/bin/%=%); do ln -sf iv $(DESTDIR)$(BASHCOMPDIR)/$$p; done
	install -m 644 completions/_iv $(DESTDIR)$(ZSHCOMPDIR)/_iv
	install -m 644 completions/iv.fish $(DESTDIR)$(FISHCOMPDIR)/iv.fish
	for p in $(PROGS:$(BUILD)/bin/%=%); do install -m 644 completions/iv-prog.fish $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; done

uninstall:
	rm -f $(PROGS:$(BUILD)/bin/%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(BINDIR)/iv
	rm -rf $(DESTDIR)$(LIBEXECDIR)/iv $(DESTDIR)$(DATADIR)/iv
	rm -f $(MANPAGES:share/man/man1/%=$(DESTDIR)$(MANDIR)/man1/%)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/iv $(PROGS:$(BUILD)/bin/%=$(DESTDIR)$(BASHCOMPDIR)/%)
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_iv $(DESTDIR)$(FISHCOMPDIR)/iv.fish
	rm -f $(PROGS:$(BUILD)/bin/%=$(DESTDIR)$(FISHCOMPDIR)/%.fish)

# make fuzz: the libFuzzer targets in t/fuzz (clang), one per parser of
# outside input, each run FUZZ_S seconds from its corpus t/fuzz/corpus/NAME
# (FUZZ_T=NAME... for some of them). libiv is built with the same flags
# in build-fuzz.
FUZZ_S  ?= 30
FUZZ_T  ?=
FUZZ_CC ?= clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRC = $(wildcard t/fuzz/fuzz-*.c)
FUZZERS  = $(FUZZ_SRC:t/fuzz/%.c=build-fuzz/t/%)

ifneq ($(BUILD),build-fuzz)
build-fuzz/libiv.a: $(LIB_SRC) $(LIB_HDR)
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) CFLAGS='-O1 -g' PIE=1 \
		SANFLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' build-fuzz/libiv.a
endif

build-fuzz/t/%: t/fuzz/%.c t/fuzz/fuzz.h build-fuzz/libiv.a
	@mkdir -p $(@D)
	$(FUZZ_CC) -O1 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Ilib $(FUZZ_SAN) -fsanitize=fuzzer \
		-DIV_FUZZ_SHARE='"$(CURDIR)/share"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
		-o $@ $< build-fuzz/libiv.a $(LDLIBS_DYN)

fuzz-build: $(FUZZERS)

fuzz: deps fuzz-build
	sh t/fuzz/run.sh $(FUZZ_S) $(or $(FUZZ_T),$(FUZZERS:build-fuzz/t/fuzz-%=%))

clean:
	rm -rf build build-san build-fuzz

.PHONY: all help check units eval bench run deps deps-run install uninstall clean fuzz fuzz-build
.DELETE_ON_ERROR:
