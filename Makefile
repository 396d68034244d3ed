# poesim - discrete-event simulator of land border ports of entry.
#
#   make          build ./poesim
#   make run      build, then run the default calibrated scenario into output/
#   make test     build and run every test; ends with "N passed, M failed"
#   make check    alias of make test
#   make deps     install missing Debian packages (apt-get as root, sudo otherwise);
#                 make test also installs chromium for the report test
#   make bench    speed and memory figures (tests/bench/history.csv)
#   make golden   regenerate tests/golden/ after an intended change of outputs
#   make install  install ./poesim under $(DESTDIR)$(PREFIX)/bin
#   make clean
#
# Quiet unless V=1.  Libraries through pkg-config.

PREFIX ?= /usr/local
CC ?= cc
CSTD = -std=c11 -D_POSIX_C_SOURCE=200809L
CWARNS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
         -Wmissing-prototypes -Wpointer-arith -Wwrite-strings -Wformat=2 \
         -Wundef -Wvla -Wcast-align -Wnull-dereference
OPT ?= -O2 -g
PKGS = gsl libcjson
TEST_PKGS = cmocka

# The Debian packages behind every dependency (checked by `make deps`).
DEB_PKGS = build-essential pkg-config libgsl-dev libcjson-dev libcmocka-dev gnuplot-nox
TEST_DEB_PKGS = chromium

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

ALL_CFLAGS = $(CSTD) $(CWARNS) $(OPT) -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -pthread $(LDLIBS)

BUILD = build
SRCS = $(wildcard sim/*.c)
LIB_OBJS = $(patsubst sim/%.c,$(BUILD)/%.o,$(filter-out sim/main.c,$(SRCS)))
MAIN_OBJ = $(BUILD)/main.o
TEST_SRCS = $(wildcard tests/test_*.c)
TEST_BINS = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all run test check deps install clean golden bench
all: poesim

poesim: $(LIB_OBJS) $(MAIN_OBJ) | $(BUILD)/.deps-ok
	@echo "  LD      $@"
	$(Q)$(CC) $(OPT) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/%.o: sim/%.c | $(BUILD)/.deps-ok
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# A digest of the sources goes into the fingerprints that --resume checks, so
# that outputs of another version of the program are not taken as finished.
SOURCE_DIGEST = $(shell cat $(sort $(wildcard sim/*.c sim/*.h include/*.h)) | sha256sum | cut -c1-64)
$(BUILD)/resume.o: ALL_CFLAGS += -DPOESIM_SOURCE_DIGEST='"$(SOURCE_DIGEST)"'
$(BUILD)/resume.o: $(filter-out sim/resume.c,$(SRCS)) $(wildcard sim/*.h include/*.h)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(TEST_LIBS) $(LDLIBS_ALL)

# Dependencies: present, or installed with apt-get (as root, or through
# sudo without a password), or the exact command is printed and make stops.
# $(1): the Debian packages.
define install_missing
	$(Q)mkdir -p $(BUILD)
	$(Q)missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "poesim: missing Debian packages:$$missing"; \
	  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sh -c "$$cmd" || exit 1; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo sh -c "$$cmd" || exit 1; \
	  else echo "poesim: install them with:  sudo sh -c '$$cmd'"; exit 1; fi; \
	fi
	$(Q)touch $@
endef

$(BUILD)/.deps-ok:
	$(call install_missing,$(DEB_PKGS))

# Only the tests need a browser (the report page is checked in Chromium).
$(BUILD)/.test-deps-ok:
	$(call install_missing,$(TEST_DEB_PKGS))

deps:
	$(Q)rm -f $(BUILD)/.deps-ok $(BUILD)/.test-deps-ok
	$(Q)$(MAKE) --no-print-directory $(BUILD)/.deps-ok $(BUILD)/.test-deps-ok

run: poesim
	./poesim run scenarios/san_ysidro.json

test check: poesim $(TEST_BINS) | $(BUILD)/.test-deps-ok
	$(Q)sh tests/run.sh $(TEST_BINS)

# Speed and memory figures (printed, and appended to tests/bench/history.csv).
BENCH_REF = $(BUILD)/bench/ref_mmc
$(BENCH_REF): tests/bench/ref_mmc.c $(LIB_OBJS) | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS_ALL)

bench: poesim $(BENCH_REF)
	$(Q)sh tests/bench/bench.sh

# Regenerate the golden outputs after an intended change of the model or the
# output format (review the diff before committing it).
golden: poesim
	./poesim run tests/golden/golden.json --quiet --out tests/golden

install: poesim
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 poesim $(DESTDIR)$(PREFIX)/bin/poesim

clean:
	rm -rf $(BUILD) poesim tests/out

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d $(BUILD)/bench/*.d)
