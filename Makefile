# Developer shortcuts; the README's two quick-start commands need only Python.
UV := python3 -m uv

.PHONY: setup run test lint typecheck ci clean

setup:
	python3 -m pip install -q uv
	$(UV) sync --locked

run: setup
	$(UV) run --locked xxgk ingest

test: setup
	$(UV) run --locked pytest

lint: setup
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .

typecheck: setup
	$(UV) run --locked mypy

ci:
	bash .ci/run

clean:
	rm -rf lake .pytest_cache .mypy_cache .ruff_cache
