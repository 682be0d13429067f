# Developer shortcuts; the README's two quick-start commands need only Python.
UV := python3 -m uv

.PHONY: setup run test test-all lint typecheck bench accuracy fuzz ci clean

# make bench N=30000: the benchmark at N reports (docs/benchmarks.md)
N ?= 3000

setup:
	python3 -m pip install -q uv
	$(UV) sync --locked

run: setup
	$(UV) run --locked xxgk ingest

# the fast tier (pure and folder tests); test-all adds the servers, subprocess and kill trials
# (tests/support/tiers.py says which), as CI runs it
test: setup
	$(UV) run --locked pytest -m "not integration"

test-all: setup
	$(UV) run --locked pytest

lint: setup
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .

typecheck: setup
	$(UV) run --locked mypy

bench: setup accuracy
	$(UV) run --locked python -m bench --count $(N)

# the parser's accuracy by class on a large sample of the variation matrix (docs/accuracy.md)
accuracy: setup
	$(UV) run --locked python -m bench.accuracy --count 15400 --seed 1 --out docs/accuracy.md

ci:
	bash .ci/run

clean:
	rm -rf lake .pytest_cache .mypy_cache .ruff_cache
