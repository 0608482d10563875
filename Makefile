# loket — build, run, test, install.
#
#   make            build ./loket (release flags, -Werror)
#   make run        dependencies, build, private database, migrate, seed, open loket
#   make test       dependencies, build, every test suite (sanitizers on)
#   make install    PREFIX=/usr/local DESTDIR= : binary, man pages, keymaps
#   make db-up / make db-down   start / stop the private database
#   make bench      benchmarks against large seeded databases

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/loket
CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS       = ncursesw formw libpq jansson readline

CFLAGS    ?= -O2 -g
STD        = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
WARN       = -Wall -Wextra -Wpedantic -Werror
# ncursesw.pc adds its own -D_XOPEN_SOURCE; STD already sets a newer one.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(PKGS)))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS))
INC        = -Isrc -I.
DEFS       = -DLOKET_VERSION='"$(VERSION)"'
SAN        = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1
TEST_PKGS  = criterion libpq jansson vterm

SRC        = $(wildcard src/*.c src/core/*.c src/db/*.c src/io/*.c src/cli/*.c src/ui/*.c screens/*.c)
CORE_SRC   = $(wildcard src/core/*.c)
MIGRATIONS = $(sort $(wildcard src/db/migrations/*.sql))
SEEDS      = $(sort $(wildcard src/db/seed/*.sql))
KEYMAPS    = $(sort $(wildcard keymaps/*.keymap))
GEN        = build/gen/embedded.c

REL_OBJ    = $(SRC:%.c=build/rel/%.o) build/rel/gen/embedded.o
SAN_OBJ    = $(SRC:%.c=build/san/%.o) build/san/gen/embedded.o
CORE_SAN   = $(CORE_SRC:%.c=build/san/%.o)
# The parts of ui/ without a terminal: tested in the unit suite.
UI_PURE    = src/ui/action.c src/ui/keymap.c src/ui/keydoc.c src/io/files.c
UI_PURE_SAN = $(UI_PURE:%.c=build/san/%.o) build/san/gen/embedded.o
UNIT_SRC   = $(wildcard tests/unit/*.c)
DBT_SRC    = $(wildcard tests/db/*.c)
E2E_SRC    = $(wildcard tests/e2e/*.c)

.PHONY: all run test check deps install uninstall clean db-up db-down bench man

all: loket

loket: $(REL_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(REL_OBJ) $(PKG_LIBS)

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) $(DEFS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(SAN) $(INC) $(DEFS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/rel/gen/embedded.o: $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) -c -o $@ $<
build/san/gen/embedded.o: $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(SAN) $(INC) -c -o $@ $<

# Migrations, the demo seeder and the keymaps are compiled in.
$(GEN): scripts/embed.sh $(MIGRATIONS) $(SEEDS) $(KEYMAPS)
	@mkdir -p $(dir $@)
	{ scripts/embed.sh loket_migrations $(MIGRATIONS); \
	  scripts/embed.sh loket_seeds $(SEEDS); \
	  scripts/embed.sh loket_keymaps $(KEYMAPS); } > $@.tmp && mv $@.tmp $@

# The sanitised build that the tests run.
build/san/loket: $(SAN_OBJ)
	$(CC) $(SAN) -o $@ $(SAN_OBJ) $(PKG_LIBS)

build/test/unit: $(UNIT_SRC) $(CORE_SAN) $(UI_PURE_SAN)
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(SAN) $(INC) $(PKG_CFLAGS) -o $@ $(UNIT_SRC) $(CORE_SAN) $(UI_PURE_SAN) \
	    $$($(PKG_CONFIG) --cflags --libs criterion)

build/test/db: $(DBT_SRC) $(CORE_SAN) build/san/src/db/conn.o build/san/src/db/async.o $(wildcard tests/db/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(SAN) $(INC) -Itests/db -o $@ $(DBT_SRC) $(CORE_SAN) build/san/src/db/conn.o build/san/src/db/async.o \
	    $$($(PKG_CONFIG) --cflags --libs criterion libpq jansson)

build/test/e2e: $(E2E_SRC) tests/db/harness.c $(wildcard tests/e2e/*.h tests/db/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(SAN) $(INC) -Itests/db -Itests/e2e -o $@ $(E2E_SRC) tests/db/harness.c \
	    $$($(PKG_CONFIG) --cflags --libs criterion libpq vterm) -lutil

# Benchmarks: release flags, against seeded databases (bench/run.sh).
build/bench/bench: bench/bench.c bench/common.h $(filter build/rel/src/core/%,$(REL_OBJ)) build/rel/src/db/party.o
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) $(PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(PKG_LIBS)

build/bench/rss: bench/rss.c tests/e2e/term.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) -Itests/e2e -o $@ $^ \
	    $$($(PKG_CONFIG) --cflags --libs libpq vterm) -lutil

build/bench/live: bench/live.c tests/e2e/term.c build/rel/src/db/conn.o
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) $(PKG_CFLAGS) -Itests/e2e -o $@ $^ \
	    $$($(PKG_CONFIG) --cflags --libs libpq vterm) -lutil

bench: loket build/bench/bench build/bench/rss build/bench/live
	@bench/run.sh

# Planted faults: the test run proves that a sanitizer finding fails a test.
build/test/planted_%: tests/sanity/planted_%.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(SAN) -o $@ $< $$($(PKG_CONFIG) --cflags --libs criterion)

TEST_BINS = build/san/loket build/test/unit build/test/db build/test/e2e \
            build/test/planted_leak build/test/planted_ub

deps:
	@scripts/deps.sh

# `run` and `test` install what is missing first, then build in a fresh make
# so that pkg-config sees the newly installed libraries.
run: deps
	@$(MAKE) --no-print-directory loket
	@scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory check

check: $(TEST_BINS)
	@scripts/test.sh

# The KEYS section of loket(1) comes from the action table and the default
# keymap; a unit test fails when it is stale.
man: loket
	./loket keys --man | scripts/mankeys.sh man/loket.1

db-up:
	@scripts/pgcluster.sh up
db-down:
	@scripts/pgcluster.sh down

install: loket
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(DATADIR)/keymaps
	install -m 0755 loket $(DESTDIR)$(BINDIR)/loket
	install -m 0644 man/loket.1 $(DESTDIR)$(MANDIR)/man1/loket.1
	install -m 0644 man/loket-keymap.5 $(DESTDIR)$(MANDIR)/man5/loket-keymap.5
	install -m 0644 $(KEYMAPS) $(DESTDIR)$(DATADIR)/keymaps/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/loket $(DESTDIR)$(MANDIR)/man1/loket.1 \
	    $(DESTDIR)$(MANDIR)/man5/loket-keymap.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build loket

-include $(shell find build -name '*.d' 2>/dev/null)
