# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point at the address `make run` serves.
export SITE_URL ?= http://$(HOST):$(PORT)

# `make run` reloads when these change, and nothing else in the checkout (a scratch file
# there would restart the server and drop every WebSocket).
WATCH := config core network notifications scheduling masterclasses peer_support commissioning
WATCH += privacy insight sitewide templates static

.PHONY: run test install browser migrate demo serve lint format bench clean screenshots

run: install migrate demo serve

test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests need a Chromium: Debian's, or Playwright's own (scripts/ensure-browser).
browser: install
	@PYTHON=$(BIN)/python scripts/ensure-browser || echo "The browser tests will fail until a browser is installed."

install: $(STAMP) .env

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e ".[test]"
	touch $(STAMP)

.env:
	cp .env.example .env

migrate: install
	@$(BIN)/python manage.py migrate --noinput -v 0

# The accounts table is kept for `serve`, which prints it once the site answers, so that it is
# the last thing `make run` shows.
demo: install
	@mkdir -p var
	@$(BIN)/python manage.py seed_demo > var/demo-accounts.txt || { cat var/demo-accounts.txt; exit 1; }

serve: install
	@BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) WATCH="$(WATCH)" scripts/serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench http

# docs/design.md's screenshots, from the seeded demo, in Chromium at 390 px and 1280 px.
screenshots: install migrate demo browser
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) var
