# filingdesk: `make run` processes the committed samples, `make test` runs the suite.
# Both install what is missing first (scripts/setup.sh is idempotent).
VENV := .venv
PY := $(VENV)/bin/python
FD := $(VENV)/bin/filingdesk

.PHONY: setup run test test-fast lint bench bench-queue bench-api eval eval-unseen eval-heldout samples serve clean

setup:
	@bash scripts/setup.sh

run: setup
	$(FD) process samples --out var/result.json

test: setup
	@bash scripts/services.sh
	$(PY) -m pytest -q

test-fast: setup
	$(PY) -m pytest -q -m "not slow"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

eval: setup
	$(FD) eval samples

# other provinces' layouts, wordings, fonts and worse scans: generated (deterministic), not committed
eval-unseen: setup
	$(FD) samples generate --unseen --out var/unseen --n 12 --seed 2026
	$(FD) eval var/unseen

# the independent generator's held-out set (the seed CI's floor uses: look at totals only)
eval-heldout: setup
	$(PY) -m samplegen.heldout var/heldout 12 31337
	$(FD) eval var/heldout

bench: setup
	$(PY) -m bench

bench-queue: setup
	@bash scripts/services.sh
	$(PY) -m bench.bench_queue

bench-api: setup
	@bash scripts/services.sh
	$(PY) -m bench.bench_api --filings 100000 --requests 300

samples: setup
	$(FD) samples generate --out samples --n 12 --seed 2026

serve: setup
	$(FD) serve

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
