# lockstep: `make demo` and `make test` work on a fresh Debian 12 machine (they install what is
# missing first). Other targets: build, debug, bench, bench-http, tsan, clean.
JOBS ?= $(shell nproc)
LOCKSTEP := build/release/lockstep

.PHONY: all deps build debug tsan demo test bench bench-http clean

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

clean:
	rm -rf build
