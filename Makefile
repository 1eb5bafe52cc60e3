# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo serve lint format bench clean

run: install migrate demo serve

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP) .env

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

.env:
	cp .env.example .env

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py seed_demo

serve: install
	@echo "Serving Common Ground at http://$(HOST):$(PORT)/ (HTTP and WebSockets, Ctrl-C to stop)"
	BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) scripts/serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench http

clean:
	rm -rf $(VENV) var
