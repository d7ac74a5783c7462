# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck bench bench-smoke clean screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

## Open the app on the embedded sample corpus (a fresh store under the user data dir).
run: $(VENV)/.installed
	bash packaging/system-deps.sh --gui
	$(BIN)/armscribe gui --sample

## Install with the test extras and run the whole suite headless.
test: $(VENV)/.installed-test
	bash packaging/system-deps.sh --test
	bash packaging/node-consumers.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check db desktop tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy db
	$(BIN)/mypy desktop
	$(BIN)/lint-imports

## The budgets of every issue, printed (see bench/README.md).
bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run_all

bench-smoke: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run_all --smoke

## Re-take the README screenshot (docs/screenshot-main.png).
screenshot: $(VENV)/.installed
	rm -f /tmp/armscribe-shot.sqlite
	QT_QPA_PLATFORM=offscreen $(BIN)/armscribe gui --sample --store /tmp/armscribe-shot.sqlite \
		--screenshot docs/screenshot-main.png

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
