# The README's two commands: `make demo` (audit the bundled fixture shops) and `make test`.
.PHONY: setup demo test lint bench clean

setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/refund-audit demo

lint: setup
	.venv/bin/ruff check auditor tests bench
	.venv/bin/mypy

test: setup lint
	.venv/bin/pytest -q

bench: setup
	.venv/bin/python -m bench

clean:
	rm -rf reports/demo bench/results .pytest_cache .mypy_cache .ruff_cache
