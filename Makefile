# libgelu -- convenience wrapper around CMake.
#
#   make               configure build/ (Release) and build the library and tests
#   make test          install missing Debian packages (make deps), build, run every test
#                      in build/ (the Python module's pytest tests with $(PYTHON) among
#                      them, and the unit tests under valgrind memcheck), then build
#                      build-asan/ (clang, ASan+UBSan) and run the unit tests there, then
#                      build-tsan/ (clang, ThreadSanitizer: the threads tests), then
#                      make fuzz, then make cross-aarch64, then make tables
#   make fuzz          build build-fuzz/ (clang, libFuzzer with ASan+UBSan) and run each
#                      fuzz target for FUZZ_SECONDS (default 40) from its seed corpus in
#                      tests/fuzz/corpus/; a longer run: make fuzz FUZZ_SECONDS=3600
#   make cross-aarch64 cross-compile for aarch64 into build-aarch64/ (Debian's
#                      gcc-aarch64-linux-gnu) and run its tests under qemu-aarch64: the api
#                      test and the sampled bit-identity test against the native build
#   make demo          install cmake, gcc, libmpfr-dev, libopenblas-dev and the data if
#                      missing (make deps), build the gelu command, print `gelu facts`,
#                      write gelu.svg, gelu-derivative.svg and gelu-error.svg here, run
#                      `gelu verify --quick` (the accuracy proof on a sample of the
#                      inputs), a short `gelu bench` and `gelu train --quick` (GELU against
#                      ReLU on Fashion-MNIST: writes fashion_mnist.csv and .svg here)
#   make tables        run every table generator under tools/fit/ (mpmath; MPFR), writing the
#                      generated sources under src/tables/ in place, then check with git diff
#                      that nothing changed: the tables regenerate bit for bit (about a minute
#                      on 2 cores; fails, showing the diff, if a table differs from the index)
#   make install       install to $(PREFIX) (default /usr/local; DESTDIR is honoured)
#   make deps          check for (and as root, install) the Debian packages the tests need
#   make tsan          build build-tsan/ (clang, ThreadSanitizer) and run its tests
#   make clean         remove build/, build-asan/, build-tsan/, build-fuzz/ and build-aarch64/
#
# Variables: PREFIX, JOBS, CTEST_ARGS (e.g. CTEST_ARGS="-LE accuracy" skips the proofs).

PREFIX    ?= /usr/local
BUILD     ?= build
ASAN      ?= build-asan
TSAN      ?= build-tsan
CROSS     ?= build-aarch64
FUZZ      ?= build-fuzz
FUZZ_SECONDS ?= 40
CMAKE     ?= cmake
# The Python the module is built for and tested with: Debian's, where python3-numpy,
# python3-pytest and python3-torch install (the python3 first on PATH may be another).
PYTHON    ?= $(firstword $(wildcard /usr/bin/python3) python3)
CTEST     ?= ctest
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_ARGS ?=
# CMake's own make (and the install test's) should not inherit this make's flags.
CLEANENV  := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL

# a|b: either one will do; when neither is there, a is installed.  (qemu-user and
# qemu-user-static conflict with each other.)
DEB_PACKAGES := cmake make gcc clang pkg-config libmpfr-dev libgmp-dev \
                gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user|qemu-user-static \
                python3-dev python3-pip python3-numpy python3-pytest python3-torch python3-onnx \
                librsvg2-bin libopenblas-dev zlib1g-dev dataset-fashion-mnist \
                valgrind libclang-rt-14-dev

.PHONY: all build configure test check asan tsan fuzz cross-aarch64 deps demo demo-deps tables tables-deps install clean

all: build

configure:
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=$(PYTHON)

build: configure
	$(CLEANENV) $(CMAKE) --build $(BUILD) -j$(JOBS)

# The steps run in this order even under make -j.
test: deps
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory asan
	$(MAKE) --no-print-directory tsan
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory cross-aarch64
	$(MAKE) --no-print-directory tables

# Every test in build/.  The accuracy proofs use every core and run one at a time
# (RUN_SERIAL); -j2 lets the quick tests run beside each other.
check: build
	$(CLEANENV) $(CTEST) --test-dir $(BUILD) --output-on-failure -j2 $(CTEST_ARGS)

# Debug build with clang, AddressSanitizer and UndefinedBehaviorSanitizer; only the api
# and threads tests are built there (see tests/CMakeLists.txt).
asan:
	CC=clang $(CMAKE) -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DGELU_SANITIZE=ON
	$(CLEANENV) $(CMAKE) --build $(ASAN) -j$(JOBS)
	$(CLEANENV) $(CTEST) --test-dir $(ASAN) --output-on-failure -j2 $(CTEST_ARGS)

# Debug build with clang and ThreadSanitizer: the api test and the threads tests (16 caller
# threads at once on the library's worker pool).
tsan:
	CC=clang $(CMAKE) -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=Debug -DGELU_SANITIZE_THREAD=ON
	$(CLEANENV) $(CMAKE) --build $(TSAN) -j$(JOBS)
	$(CLEANENV) $(CTEST) --test-dir $(TSAN) --output-on-failure -j2 $(CTEST_ARGS)

# libFuzzer: the library with coverage, ASan and UBSan, and the targets of tests/fuzz/
# (every entry point against the portable kernels and the documented status codes).  Each
# runs FUZZ_SECONDS on a scratch copy of its seed corpus; a finding stops it and is saved as
# $(FUZZ)/tests/fuzz/crash-*, which `$(FUZZ)/tests/fuzz/<target> FILE` replays.
fuzz:
	CC=clang $(CMAKE) -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=Debug -DGELU_FUZZ=ON \
	    -DGELU_FUZZ_SECONDS=$(FUZZ_SECONDS) -DGELU_BUILD_TOOLS=OFF \
	    -DGELU_BUILD_EXAMPLES=OFF -DGELU_BUILD_PYTHON=OFF -DGELU_BUILD_BENCH=OFF
	$(CLEANENV) $(CMAKE) --build $(FUZZ) -j$(JOBS)
	$(CLEANENV) $(CTEST) --test-dir $(FUZZ) --output-on-failure -j2

# aarch64: cross-compiled with cmake/toolchain-aarch64-linux-gnu.cmake (library, api test,
# tests/cross), tests run under qemu-aarch64 by CTest.  identity_reference runs the native
# build's identity_sample beside the aarch64 one and compares their digests bit for bit
# (tests/cross/README.md).  No bench, no MPFR proofs, no install test there.
cross-aarch64: configure
	$(CLEANENV) $(CMAKE) --build $(BUILD) -j$(JOBS) --target identity_sample
	$(CMAKE) -S . -B $(CROSS) -DCMAKE_BUILD_TYPE=Release \
	    -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/toolchain-aarch64-linux-gnu.cmake \
	    -DGELU_BUILD_BENCH=OFF \
	    -DGELU_IDENTITY_REFERENCE=$(abspath $(BUILD))/tests/cross/identity_sample
	$(CLEANENV) $(CMAKE) --build $(CROSS) -j$(JOBS)
	$(CLEANENV) $(CTEST) --test-dir $(CROSS) --output-on-failure -j2 $(CTEST_ARGS)

# The demo needs only a compiler, CMake, MPFR (for gelu verify), OpenBLAS, zlib and the
# data (for gelu train); it builds the gelu command alone.
DEMO_PACKAGES := cmake make gcc libmpfr-dev libgmp-dev libopenblas-dev zlib1g-dev \
                 dataset-fashion-mnist

demo-deps:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(DEMO_PACKAGES)"

demo: demo-deps configure
	$(CLEANENV) $(CMAKE) --build $(BUILD) -j$(JOBS) --target gelu_cli
	./$(BUILD)/tools/gelu facts
	./$(BUILD)/tools/gelu plot -o gelu.svg
	./$(BUILD)/tools/gelu plot --derivative -o gelu-derivative.svg
	./$(BUILD)/tools/gelu plot --error -o gelu-error.svg
	./$(BUILD)/tools/gelu verify --quick
	./$(BUILD)/tools/gelu bench --n 1M --reps 5
	./$(BUILD)/tools/gelu train --quick
	@echo "make demo: wrote gelu.svg, gelu-derivative.svg, gelu-error.svg, fashion_mnist.csv and fashion_mnist.svg in $(CURDIR)"

# Every generated table, written by the generators under tools/fit/ (each writes its files,
# header comment included, in the directory it is given, or on stdout).  cr_bounds_f32.c
# reads the f32 fast path's tables (gelu_erf_f32_tables.c, gelu_logistic_f32_tables.c), so
# it runs after the Python generators.  Their fit errors go to $(BUILD)/tables.log.  Each
# generator takes seconds (fit_logistic_derivative_f32.py and fit_cr_f32.py the longest,
# under 10 s each on 2 cores); the whole target about 30 s.
TABLES := src/tables/gelu_bf16_tables.c src/tables/gelu_cr_f32_tables.c \
          src/tables/gelu_coeffs_f64.h src/tables/gelu_erf_f32_tables.c \
          src/tables/gelu_erf_f32_tables.h src/tables/gelu_logistic_f32_tail_tables.c \
          src/tables/gelu_logistic_f32_tail_tables.h src/tables/gelu_logistic_f32_tables.c \
          src/tables/gelu_logistic_f32_derivative_tables.c \
          src/tables/gelu_erf_f32_derivative_pieces.c src/tables/gelu_erf_f32_derivative_tables.h \
          src/tables/gelu_erf_f32_tail_tables.c src/tables/gelu_cr_f32_bounds.c \
          src/tables/gelu_exp_table_f64.c
TABLES_PACKAGES := gcc git python3-mpmath libmpfr-dev libgmp-dev

tables-deps:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(TABLES_PACKAGES)"

# The steps run in this order even under make -j (one recipe).
tables: tables-deps
	@mkdir -p $(BUILD); rm -f $(BUILD)/tables.log
	@set -e; S=src/tables; L=$(BUILD)/tables.log; \
	run() { echo "  $$*" >&2; "$$@" 2>>$$L || { tail -n 20 $$L >&2; echo "make tables: $$1 failed (log: $$L)" >&2; exit 1; }; }; \
	to() { f=$$1; shift; run "$$@" > $$f.tmp && mv $$f.tmp $$f; }; \
	to $$S/gelu_bf16_tables.c $(PYTHON) tools/fit/fit_bf16.py; \
	to $$S/gelu_cr_f32_tables.c $(PYTHON) tools/fit/fit_cr_f32.py; \
	to $$S/gelu_coeffs_f64.h $(PYTHON) tools/fit/fit_gelu_f64.py; \
	to $$S/gelu_exp_table_f64.c $(PYTHON) tools/fit/fit_exp_table_f64.py; \
	run $(PYTHON) tools/fit/fit_gelu_erf_f32.py $$S; \
	run $(PYTHON) tools/fit/fit_logistic_tail_f32.py $$S; \
	run $(PYTHON) tools/fit/fit_logistic_f32.py $$S; \
	run $(PYTHON) tools/fit/fit_logistic_derivative_f32.py $$S; \
	run $(PYTHON) tools/fit/fit_erf_derivative_f32.py $$S; \
	run $(PYTHON) tools/fit/fit_erf_tail_f32.py $$S; \
	run $(CC) -O2 -ffp-contract=off -Iinclude -Isrc tools/fit/cr_bounds_f32.c $$S/gelu_erf_f32_tables.c \
	    $$S/gelu_logistic_f32_tables.c $$S/gelu_cr_f32_tables.c $$S/gelu_cr_f32_bounds.c \
	    -lmpfr -lgmp -lm -o $(BUILD)/cr_bounds_f32; \
	to $$S/gelu_cr_f32_bounds.c $(abspath $(BUILD))/cr_bounds_f32; \
	echo "make tables: fit errors in $$L"
	git diff --exit-code --stat -- $(TABLES)
	@echo "make tables: every table regenerated bit for bit"

# The prefix is given at configure time, so that GNUInstallDirs picks the right libdir
# (lib/<multiarch> under /usr on Debian).
install:
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	$(CLEANENV) $(CMAKE) --build $(BUILD) -j$(JOBS)
	$(CLEANENV) $(CMAKE) --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN) $(TSAN) $(FUZZ) $(CROSS)

# Debian packages for building and testing.  Missing ones are installed when running as
# root; otherwise the apt-get command is printed and make stops.
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	    echo "make deps: no dpkg-query (not Debian); make sure these are installed: $(DEB_PACKAGES)"; \
	    exit 0; \
	fi; \
	missing=""; \
	for alts in $(subst |,'|',$(DEB_PACKAGES)); do \
	    found=""; \
	    for p in $$(echo "$$alts" | tr '|' ' '); do \
	        dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null \
	            | grep -q '^install ok installed$$' && found=1; \
	    done; \
	    [ -n "$$found" ] || missing="$$missing $${alts%%|*}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "make: installing Debian packages:$$missing"; \
	if [ "$$(id -u)" -ne 0 ]; then \
	    echo "make deps: not root; run:" >&2; \
	    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing" >&2; \
	    exit 1; \
	fi; \
	apt-get update && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing
