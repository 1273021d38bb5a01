# lockstep: `make demo` and `make test` work on a fresh Debian 12 machine (they install what is
# missing first). Other targets: build, debug, bench, bench-http, tsan, fuzz, soak, clean.
JOBS ?= $(shell nproc)
LOCKSTEP := build/release/lockstep

.PHONY: all deps build debug tsan demo test bench bench-http fuzz soak clean

all: build

deps:
	./scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

debug: deps
	cmake --preset debug
	cmake --build --preset debug -j $(JOBS)

# The ThreadSanitizer build holds only what `make test` runs under it: the test binary, built from
# the threaded tests' files alone (tests/CMakeLists.txt).
tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS) --target lockstep_tests

# The main job: the pre-deployment checklist (every scenario tagged checklist), a table of the
# outcomes, reports under reports/<timestamp>/ and reports/latest/ (open index.html).
demo: build
	$(LOCKSTEP) checklist scenarios

# Tests that run real threads (parallel exploration workers, the HTTP mock server and its clients):
# also run under ThreadSanitizer.
THREADED_TESTS := Exploration\.|ServeTest\.|HttpEndToEnd\.|SchedulerTest\.|DfsStrategy\.Shards|RealModes\.

# The whole suite: release tests, the same tests under AddressSanitizer + UBSan, and the threaded
# tests under ThreadSanitizer (a report fails the test).
test: build debug tsan
	ctest --preset release -j $(JOBS)
	ctest --preset debug -j $(JOBS)
	TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/sanitizers/tsan.supp" ctest --preset tsan -j $(JOBS) -R '$(THREADED_TESTS)'

# Benchmarks (release build); figures go to docs/performance.md by hand, with this command.
bench: build
	./build/release/bench/lockstep_benchmarks --benchmark_min_time=2

bench-http: build
	bench/http_load.sh build/release/lockstep
	bench/http_vs_wiremock.sh build/release/lockstep

# Fuzzing (fuzz/): every libFuzzer target for FUZZ_SECONDS (10 minutes unless told), JOBS at a
# time, in the optimised fuzz preset (clang, ASan + UBSan). New inputs go to
# build/fuzz/fuzz/work/NAME/corpus, a crash's input to build/fuzz/fuzz/work/NAME/artifacts/.
# `make test` fuzzes each target for 10 s in the debug build.
FUZZ_SECONDS ?= 600
fuzz: deps
	cmake --preset fuzz -DLOCKSTEP_FUZZ_SECONDS=$(FUZZ_SECONDS)
	cmake --build --preset fuzz -j $(JOBS)
	ctest --preset fuzz -j $(JOBS)

# The soak of `lockstep serve` (tests/soak/serve_soak.cc): 64 connections for SOAK_SECONDS (60
# unless told), then the end state checked against what the clients were told; the figures go to
# reports/soak.json. `make test` runs 5 s of it.
SOAK_SECONDS ?= 60
soak: build
	mkdir -p reports
	./build/release/tests/lockstep_soak --lockstep build/release/lockstep --connections 64 \
	  --seconds $(SOAK_SECONDS) --out reports/soak.json

clean:
	rm -rf build
