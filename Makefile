# poesim - discrete-event simulator of land border ports of entry.
#
#   make          build ./poesim
#   make MPI=1    build ./poesim with --mpi (Open MPI's mpicc; objects in build-mpi/)
#   make run      build, then run the default calibrated scenario into output/
#   make test     build and run every test; ends with "N passed, M failed"
#   make unit     only the cmocka test programs (tests/test_*.c), about 30 s
#   make check    alias of make test
#   make deps     install missing Debian packages (apt-get as root, sudo otherwise);
#                 make test also installs chromium for the report test
#   make sanitize the whole test suite against an ASan + UBSan build (build-sanitize/)
#   make memcheck poesim under valgrind memcheck (tests/valgrind/memcheck.sh)
#   make fuzz     libFuzzer on the loader and --set for FUZZ_SECONDS (default 60)
#   make bench    speed and memory figures (tests/bench/history.csv)
#   make golden   regenerate tests/golden/ after an intended change of outputs
#   make calibrate calibrate scenarios/san_ysidro.json again from its base and
#                 data/san_ysidro_2017_observed.csv
#   make identical OLD=REV  the outputs of revision REV and of this tree,
#                 compared byte for byte (tests/identical/identical.sh)
#   make install  install ./poesim under $(DESTDIR)$(PREFIX)/bin
#   make clean
#
# Quiet unless V=1.  Libraries through pkg-config.

PREFIX ?= /usr/local
CC ?= cc
# HAVE_INLINE: GSL's own switch for the inline versions of gsl_rng_uniform
# and friends (one draw per event would otherwise be a call into the library).
CSTD = -std=c11 -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE
CWARNS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
         -Wmissing-prototypes -Wpointer-arith -Wwrite-strings -Wformat=2 \
         -Wundef -Wvla -Wcast-align -Wnull-dereference
# -O3 rather than -O2: 5-7% less run time on the bench port and the M/M/5
# (alternated runs, 2026-12-05), the same outputs byte for byte (no
# -ffast-math; ISO C contracts no floating-point expression).
OPT ?= -O3 -g
PKGS = gsl libcjson nettle
TEST_PKGS = cmocka

# The Debian packages behind every dependency (checked by `make deps`).
DEB_PKGS = build-essential pkg-config libgsl-dev libcjson-dev nettle-dev libcmocka-dev gnuplot-nox
MPI_DEB_PKGS = openmpi-bin libopenmpi-dev
TEST_DEB_PKGS = chromium $(MPI_DEB_PKGS)

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

ALL_CFLAGS = $(CSTD) $(CWARNS) $(OPT) -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -pthread $(LDLIBS)

BUILD = build
MPI_BUILD = build-mpi

# make MPI=1: the same sources with MPI (sim/ranks.c, -DPOESIM_MPI), compiled
# by Open MPI's mpicc into their own folder, so that plain objects and MPI
# ones never mix.  Without it, nothing needs MPI.
ifeq ($(MPI),1)
CC = mpicc
BUILD = $(MPI_BUILD)
CSTD += -DPOESIM_MPI
DEB_PKGS += $(MPI_DEB_PKGS)
endif

# Link-time optimisation of ./poesim and the bench's reference loops (and
# only of them: the objects are "fat", so the test programs link their plain
# code without a second optimisation).
# It lets the event loop inline across sim/*.c (the calendar, the port's two
# files, the samplers): ~6% off a busy port's run time, same outputs (no
# reassociation of floating point; tests/identical/identical.sh).  gcc's
# (and mpicc's, which is gcc) only: clang has no fat objects, so with
# CC=clang... it is off.  `make LTO=` builds without it.
ifeq ($(origin LTO),undefined)
ifneq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
LTO :=
else
LTO := -flto=auto -ffat-lto-objects
endif
endif
# The test programs say -fno-lto: without it, gcc's linker plugin finds the
# objects' LTO code and optimises every test program's link whole again
# (3.4 s a program instead of 0.2: a minute of CI).
NO_LTO = $(if $(LTO),-fno-lto)

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

.PHONY: all run test check unit deps install clean golden bench poesim identical calibrate
all: poesim

# The program is linked in its build folder and copied to ./poesim when it
# differs, so that `make` after `make MPI=1` (or the reverse) puts the right
# one back.  Copied under another name and renamed: a running ./poesim is
# not disturbed.
poesim: $(BUILD)/poesim
	$(Q)cmp -s $< $@ || { echo "  CP      $@"; cp $< $@.tmp && mv -f $@.tmp $@; }

$(BUILD)/poesim: $(LIB_OBJS) $(MAIN_OBJ) | $(BUILD)/.deps-ok
	@echo "  LD      $@"
	$(Q)$(CC) $(OPT) $(LTO) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/%.o: sim/%.c | $(BUILD)/.deps-ok
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LTO) -c -o $@ $<

# A digest of the sources goes into the fingerprints that --resume checks, so
# that outputs of another version of the program are not taken as finished.
SOURCE_DIGEST = $(shell cat $(sort $(wildcard sim/*.c sim/*.h include/*.h)) | sha256sum | cut -c1-64)
$(BUILD)/resume.o: ALL_CFLAGS += -DPOESIM_SOURCE_DIGEST='"$(SOURCE_DIGEST)"'
$(BUILD)/resume.o: $(filter-out sim/resume.c,$(SRCS)) $(wildcard sim/*.h include/*.h)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) $(NO_LTO) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(TEST_LIBS) $(LDLIBS_ALL)

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

# Only the tests need a browser (the report page is checked in Chromium) and
# Open MPI (tests/mpi.sh builds with MPI=1).  Checked again when this file
# changes, in case the list did.
$(BUILD)/.test-deps-ok: Makefile
	$(call install_missing,$(TEST_DEB_PKGS))

deps:
	$(Q)rm -f $(BUILD)/.deps-ok $(BUILD)/.test-deps-ok
	$(Q)$(MAKE) --no-print-directory $(BUILD)/.deps-ok $(BUILD)/.test-deps-ok

run: poesim
	./poesim run scenarios/san_ysidro.json

test check: poesim $(TEST_BINS) | $(BUILD)/.test-deps-ok
	$(Q)sh tests/run.sh $(TEST_BINS)

# The cmocka programs alone (no scripts, no browser or MPI needed); some of
# them run ./poesim, so it is built too.
unit: poesim $(TEST_BINS)
	$(Q)sh tests/run.sh --programs-only $(TEST_BINS)

# Speed and memory figures (printed, and appended to tests/bench/history.csv).
# The references: a bare M/M/c loop (ref_mmc), and the M/M/5 and the bench
# port each as one specialised loop keeping poesim's statistics (ref_port).
BENCH_REF = $(BUILD)/bench/ref_mmc $(BUILD)/bench/ref_port
$(BUILD)/bench/ref_%: tests/bench/ref_%.c $(LIB_OBJS) | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LTO) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS_ALL)

bench: poesim $(BENCH_REF)
	$(Q)sh tests/bench/bench.sh

# Regenerate the golden outputs after an intended change of the model or the
# output format (review the diff before committing it).
golden: poesim
	./poesim run tests/golden/golden.json --quiet --no-plots --out tests/golden

# The San Ysidro base year from its base and the observed table: the fit in
# output/calibrate-san_ysidro/, and its calibrated.json, with "extends" made
# relative to scenarios/, as scenarios/san_ysidro.json (test_calibrate checks
# that the two agree); its observed-against-simulated waits, the figure of
# README.md, as data/san_ysidro_2017_fit_wait.png.
SY_CAL = output/calibrate-san_ysidro
calibrate: poesim
	./poesim calibrate scenarios/san_ysidro_2017_base.json data/san_ysidro_2017_observed.csv \
	    --name san_ysidro --out $(SY_CAL)
	sed 's|"extends":\t"\.\./\.\./scenarios/|"extends":\t"|' $(SY_CAL)/calibrated.json \
	    > scenarios/san_ysidro.json.tmp && mv scenarios/san_ysidro.json.tmp scenarios/san_ysidro.json
	if [ -f $(SY_CAL)/plots/fit_wait.png ]; then cp $(SY_CAL)/plots/fit_wait.png data/san_ysidro_2017_fit_wait.png; fi

# Do two versions write the same bytes?  OLD: a git revision; NEW: another
# (default: this working tree).  Builds both in a scratch folder.
NEW ?= .
identical:
	$(Q)test -n "$(OLD)" || { echo "usage: make identical OLD=REV [NEW=REV]"; exit 2; }
	$(Q)sh tests/identical/identical.sh $(OLD) $(NEW)

install: poesim
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 poesim $(DESTDIR)$(PREFIX)/bin/poesim

clean:
	rm -rf build $(MPI_BUILD) $(SAN_BUILD) $(FUZZ_BUILD) poesim poesim.tmp tests/out

# ---- make sanitize: the whole suite under ASan + UBSan --------------------
# Everything (poesim, the test programs) is built again with AddressSanitizer
# (LeakSanitizer included) and UndefinedBehaviorSanitizer into
# $(SAN_BUILD)/, so the normal build is left alone, and tests/run.sh runs
# the whole suite against it (the scripts take the binary from $$POESIM),
# but for tests/mpi.sh, whose MPI build is not sanitized, and tests/browser.sh,
# a test of the page in a browser (plots.sh draws it with this build).
# The first error stops the program; its report is written to
# $(SAN_BUILD)/logs/ and counted by tests/run.sh as a failure.  Built with
# clang, whose UBSan, unlike gcc's, writes its reports to log_path too.
SAN_CC = clang-14
SAN_DEB_PKGS = clang-14 libclang-rt-14-dev
SAN_BUILD = build-sanitize
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS = $(CSTD) $(CWARNS) -O1 -g $(SAN_FLAGS) -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
SAN_LIB_OBJS = $(patsubst sim/%.c,$(SAN_BUILD)/%.o,$(filter-out sim/main.c,$(SRCS)))
SAN_TEST_BINS = $(patsubst tests/%.c,$(SAN_BUILD)/tests/%,$(TEST_SRCS))
SAN_LOGS = $(SAN_BUILD)/logs
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:exitcode=99:log_path=$(CURDIR)/$(SAN_LOGS)/asan \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99:log_path=$(CURDIR)/$(SAN_LOGS)/ubsan \
          LSAN_OPTIONS=exitcode=99 \
          POESIM=$(SAN_BUILD)/poesim SANITIZER_LOGS=$(SAN_LOGS) \
          TEST_SKIP="tests/mpi.sh tests/browser.sh"

.PHONY: sanitize
sanitize: $(SAN_BUILD)/poesim $(SAN_TEST_BINS) | $(BUILD)/.test-deps-ok
	$(Q)rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS)
	$(Q)$(SAN_ENV) sh tests/run.sh $(SAN_TEST_BINS)

$(BUILD)/.san-deps-ok:
	$(call install_missing,$(SAN_DEB_PKGS))

$(SAN_BUILD)/poesim: $(SAN_LIB_OBJS) $(SAN_BUILD)/main.o | $(BUILD)/.san-deps-ok
	@echo "  LD      $@ (sanitizers)"
	$(Q)$(SAN_CC) $(SAN_FLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

$(SAN_BUILD)/%.o: sim/%.c | $(BUILD)/.deps-ok $(BUILD)/.san-deps-ok
	@mkdir -p $(SAN_BUILD)
	@echo "  CC      $< (sanitizers)"
	$(Q)$(SAN_CC) $(SAN_CFLAGS) -c -o $@ $<

$(SAN_BUILD)/tests/%: tests/%.c $(SAN_LIB_OBJS) | $(BUILD)/.deps-ok $(BUILD)/.san-deps-ok
	@mkdir -p $(SAN_BUILD)/tests
	@echo "  CC      $< (sanitizers)"
	$(Q)$(SAN_CC) $(SAN_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(SAN_LIB_OBJS) $(LDFLAGS) $(TEST_LIBS) $(LDLIBS_ALL)

# ---- make memcheck: valgrind on poesim --------------------------------------
# The normal build under valgrind's memcheck on nineteen invocations (run,
# threads, flex lanes, batch with extends and --set, sweep, plot, calibrate,
# region, assess, staff, error paths): no invalid access, no uninitialised
# value, no leak (tests/valgrind/memcheck.sh).  About 45 s; not part of make
# test.
MEMCHECK_DEB_PKGS = valgrind

.PHONY: memcheck
$(BUILD)/.memcheck-deps-ok:
	$(call install_missing,$(MEMCHECK_DEB_PKGS))

memcheck: poesim | $(BUILD)/.memcheck-deps-ok
	$(Q)sh tests/valgrind/memcheck.sh ./poesim

# ---- make fuzz: libFuzzer on the scenario loader and --set ----------------
# Two harnesses (tests/fuzz/): fuzz_scenario (a scenario and the files it
# extends) and fuzz_set (--set arguments applied to a scenario), built with
# clang's libFuzzer, ASan and UBSan into $(FUZZ_BUILD)/.  `make fuzz
# FUZZ_SECONDS=600` fuzzes for that many seconds in all, shared equally, from
# the shipped scenarios and test cases as seeds (tests/fuzz/run.sh); a crash
# stops it with the input saved under $(FUZZ_BUILD)/crashes/.  Saved cases in
# tests/fuzz/regress/ are replayed by make test (test_fuzz_regress).
FUZZ_SECONDS ?= 60
FUZZ_CC = $(SAN_CC)
FUZZ_BUILD = build-fuzz
FUZZERS = fuzz_scenario fuzz_set
FUZZ_FLAGS = $(SAN_FLAGS) -fsanitize=fuzzer-no-link
FUZZ_CFLAGS = $(CSTD) $(CWARNS) -O1 -g $(FUZZ_FLAGS) -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
FUZZ_LIB_OBJS = $(patsubst sim/%.c,$(FUZZ_BUILD)/%.o,$(filter-out sim/main.c,$(SRCS)))
FUZZ_BINS = $(addprefix $(FUZZ_BUILD)/,$(FUZZERS))

.PHONY: fuzz
fuzz: $(FUZZ_BINS)
	$(Q)sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZERS)

.SECONDARY: $(FUZZ_LIB_OBJS)
$(FUZZ_BUILD)/%.o: sim/%.c | $(BUILD)/.deps-ok $(BUILD)/.san-deps-ok
	@mkdir -p $(FUZZ_BUILD)
	@echo "  CC      $< (fuzzing)"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB_OBJS) | $(BUILD)/.san-deps-ok
	@echo "  LD      $@ (libFuzzer)"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) $(LDFLAGS) $(LDLIBS_ALL)

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d $(BUILD)/bench/*.d)
-include $(wildcard $(SAN_BUILD)/*.d $(SAN_BUILD)/tests/*.d $(FUZZ_BUILD)/*.d)
