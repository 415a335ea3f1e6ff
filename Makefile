# NettingKit — `make demo` shows it, `make test` proves it. Both install what is missing first.
SWIFT ?= swift
VENV  := .venv-test
NETTING := .build/debug/netting
RAIDEN_FIXTURES ?= ../shared/reference/raiden-fixtures
RAIDEN_SRC := .raiden-src

.PHONY: all deps venv raiden-src citations build test demo bench interop crypto-tour fuzz clean help

all: build

help:
	@echo "make demo     install what is missing, build, and tell the channel's story (scenarios/story.yaml)"
	@echo "make test     install what is missing, build, and run every test (incl. the Python cross-check and the spec's citations)"
	@echo "make bench    release-build benchmarks, printed as ratios against baselines in the same run"
	@echo "make vectors  regenerate vectors/ (the language-neutral corpus) from spec/ and the curated cases"
	@echo "make conform  the corpus against netting adapter, and every mutant"
	@echo "make conform-raiden  the corpus against Raiden 3.0.1's own code (builds its venv from PyPI)"
	@echo "make interop  check the codec against Raiden's own signed fixtures (RAIDEN_FIXTURES=dir)"
	@echo "make crypto-tour  a narrated walk through Keccak, addresses, signing and recovery"
	@echo "make fuzz     libFuzzer on the wire decoder (both policies), scenario, state-file and step-input loaders, FUZZ_SECONDS each"
	@echo "make citations  resolve every citation of spec/channel.yaml in Raiden 3.0.1's own sources"

deps:
	@tools/setup/install-deps.sh

# The test-only Python venv: independent implementations (coincurve, eth-keys, eth-hash) to agree with.
venv: $(VENV)/.installed
$(VENV)/.installed: tools/crosscheck/requirements.txt | deps
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/crosscheck/requirements.txt
	@touch $@

build: deps
	$(SWIFT) build

# Raiden 3.0.1's and raiden-contracts 0.40.2's sources, unpacked: every citation in spec/channel.yaml
# must name a file and a function that exist there (CitationTests runs the same check).
raiden-src: venv
	@tools/citations/fetch-raiden.sh $(RAIDEN_SRC)

citations: raiden-src
	$(VENV)/bin/python tools/citations/check_citations.py --raiden-src $(RAIDEN_SRC)

test: deps venv citations
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(VENV)/bin/python tools/vectors/run-readme-snippet.py
	$(VENV)/bin/python tools/vectors/validate_schemas.py

# Regenerate vectors/ from the spec and the curated cases (make test fails when it is stale).
vectors: build
	$(NETTING) vectors generate

# The corpus against NettingKit's own adapter, and every mutant (each must be caught).
conform: build
	$(NETTING) conform --impl "$(NETTING) adapter" --jobs 2
	$(NETTING) conform --mutation-report --jobs 2

# The corpus against Raiden 3.0.1's own code (tools/adapters/raiden: its venv from PyPI); every
# difference is listed and explained in tools/adapters/raiden/expected-failures.txt.
conform-raiden: build
	tools/adapters/raiden/setup.sh
	$(NETTING) conform --impl tools/adapters/raiden/adapter --jobs 2 \
		--expected-failures tools/adapters/raiden/expected-failures.txt --report-json .build/raiden-conformance.json

# The main job: the classic channel story, narrated step by step, ending with the payout.
demo: build
	@$(NETTING) run scenarios/story.yaml

# The end-to-end cases spawn the release netting next to NettingBench.
bench: deps
	$(SWIFT) build -c release --product NettingBench
	$(SWIFT) build -c release --product netting
	.build/release/NettingBench

# Raiden's own 14 signed fixtures must decode, recover, re-sign and re-encode identically.
interop: deps
	$(SWIFT) build --build-tests
	RAIDEN_FIXTURES=$(abspath $(RAIDEN_FIXTURES)) $(SWIFT) test --skip-build --filter RaidenFixtureTests

# A short narrated walk through the crypto core (Keccak, addresses, EIP-191 signing, recovery).
crypto-tour: build
	@tools/crypto-tour.sh $(NETTING)

# libFuzzer targets (tools/fuzz), built outside SwiftPM with -sanitize=fuzzer,address against the
# dependencies `swift build` compiled; each runs FUZZ_SECONDS, a hang over FUZZ_TIMEOUT s counts as
# a crash. Corpora grow in .build-fuzz/corpus; crashes land in .build-fuzz/crashes.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 1
FUZZ_SCRATCH ?= .build
fuzz: build
	SCRATCH=$(FUZZ_SCRATCH) tools/fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) NETTING=$(FUZZ_SCRATCH)/debug/netting \
		RAIDEN_FIXTURES=$(abspath $(RAIDEN_FIXTURES)) tools/fuzz/run.sh

clean:
	rm -rf .build $(VENV) $(RAIDEN_SRC)
