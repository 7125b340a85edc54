# Radlens: `make run` and `make test` on a fresh Debian 12 machine.
BUILD_DIR ?= build
PRESET_ARGS = -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRADLENS_WERROR=$(if $(CI),ON,OFF)
JOBS ?= $(shell nproc)
TESTDATA = $(shell scripts/install-deps --print-data-dir)

.PHONY: deps configure build run test sanitize benchmark fuzz package format clean

deps:
	scripts/install-deps

configure: deps
	cmake -S . -B $(BUILD_DIR) $(PRESET_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo (scripts/demo): a SYNTHETIC chest CT and radiographs with demo models
# trained on the same phantom. The window opens at once; on the first run the
# models train behind it (minutes) and are cached for later runs.
run: build
	scripts/demo $(BUILD_DIR)

# Every test once: the fast label (unit tests, Python CLI tests, fuzz
# replays) runs in the sanitizer tree (ctest sanitized_fast_tests, beside
# the build folder: build-asan/), the other labels here. `ctest -L fast` in
# the build folder runs the fast label without the sanitizers.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --label-exclude '^fast$$'

# The Debian package (packaging/README.md): build/radlens_<version>_amd64.deb.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

# Every benchmark whose figures README.md quotes, with the arguments it names.
benchmark: build
	benchmarks/imaging_benchmark.sh $(BUILD_DIR)
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BUILD_DIR)/benchmarks/viewer_benchmark $(TESTDATA)/bench-ct-512x512x600
	benchmarks/first_run_benchmark.sh $(BUILD_DIR)
	benchmarks/training_benchmark.sh $(BUILD_DIR)
	benchmarks/ai_benchmark.sh $(BUILD_DIR) 2 3 300
	benchmarks/network_benchmark.py $(BUILD_DIR) 600 3
	benchmarks/listener_benchmark.py $(BUILD_DIR) 250 3 2
	benchmarks/trust_benchmark.py $(BUILD_DIR) 400 200 30
	benchmarks/click_benchmark.py $(BUILD_DIR) 40 8 24
	benchmarks/data_pipeline_benchmark.sh $(BUILD_DIR) 300 2 224
	benchmarks/streaming_benchmark.sh $(BUILD_DIR) 500 4000 128,224
	benchmarks/volume_metrics.sh $(BUILD_DIR) 40 32 3

# The fast tests (unit and Python CLI tests, fuzz replays) built with clang,
# ASan and UBSan in build-asan/, and run there (scripts/sanitize-test).
sanitize: deps
	scripts/sanitize-test fast

# libFuzzer with ASan and UBSan on every target (fuzz/run.sh, in build-asan/),
# FUZZ_SECONDS each.
FUZZ_SECONDS ?= 900
fuzz: build
	RADLENS_BUILD_DIR=$(BUILD_DIR) fuzz/run.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD_DIR)
