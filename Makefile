# lockstep: `make demo` and `make test` work on a fresh Debian 12 machine (they install what is
# missing first). Other targets: build, debug, bench, tsan, clean.
JOBS ?= $(shell nproc)
LOCKSTEP := build/release/lockstep

.PHONY: all deps build debug tsan demo test bench clean

all: build

deps:
	./scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

debug: deps
	cmake --preset debug
	cmake --build --preset debug -j $(JOBS)

tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS)

# The main job: the pre-deployment checklist (every scenario tagged checklist), a table of the
# outcomes, reports under reports/<timestamp>/ and reports/latest/ (open index.html).
demo: build
	$(LOCKSTEP) checklist scenarios

# The whole suite: release tests, then the same tests under AddressSanitizer + UBSan.
test: build debug
	ctest --preset release -j $(JOBS)
	ctest --preset debug -j $(JOBS)

# Benchmarks (release build); figures go to docs/performance.md by hand, with this command.
bench: build
	./build/release/bench/lockstep_benchmarks --benchmark_min_time=2

clean:
	rm -rf build
