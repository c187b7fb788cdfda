# lotscert — make demo | make test | make lint | make fix | make bench
#            make lock | make drift | make test-latest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS := test,pdf,interop
#: The versions the suite last passed with (see constraints.txt and `make lock`).
LOCK := constraints.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
#: A fresh, unconstrained resolve of pyproject.toml: what a new machine would get today.
LATEST := .venv-latest

.PHONY: demo test lint fix bench clean lock drift test-latest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[$(EXTRAS)]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/lotscert demo --out reports/demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy src

fix: $(STAMP)
	$(BIN)/ruff check --fix src tests bench tools
	$(BIN)/ruff format src tests bench tools

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# A new venv with the newest versions pyproject.toml allows (no lock).
$(LATEST)/freeze.txt: pyproject.toml
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade -e '.[$(EXTRAS)]'
	$(LATEST)/bin/python -m pip freeze --exclude-editable > $@

# What a fresh machine resolves today against the lock; exit 1 when the lock is out of date.
drift:
	rm -f $(LATEST)/freeze.txt
	$(MAKE) --no-print-directory $(LATEST)/freeze.txt
	$(PYTHON) tools/lockdrift.py $(LATEST)/freeze.txt

# The whole suite on the newest versions: drift shows up as a named failure, not a surprise.
test-latest:
	rm -f $(LATEST)/freeze.txt
	$(MAKE) --no-print-directory $(LATEST)/freeze.txt
	-$(PYTHON) tools/lockdrift.py $(LATEST)/freeze.txt
	$(LATEST)/bin/ruff check src tests bench tools
	$(LATEST)/bin/mypy src
	LOTSCERT_UNLOCKED=1 $(LATEST)/bin/python -m pytest -q

# Make today's fresh resolve the lock (run `make test` afterwards, then commit constraints.txt).
lock:
	rm -f $(LATEST)/freeze.txt
	$(MAKE) --no-print-directory $(LATEST)/freeze.txt
	$(PYTHON) tools/lockdrift.py --write $(LATEST)/freeze.txt

clean:
	rm -rf $(VENV) $(LATEST) reports/demo build dist src/*.egg-info
