# The two commands of the README: `make serve` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
# Exports' and feeds' permalinks point where the archive is served, unless set in the environment.
ARCHIVE_SITE_URL ?= http://127.0.0.1:$(PORT)
INSTALLED := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: serve test setup data chromium lint messages clean

serve: data
	@$(BIN)/python manage.py ensure_admin
	@echo "Archive at http://127.0.0.1:$(PORT)/  (admin at http://127.0.0.1:$(PORT)/admin/)"
	ARCHIVE_SITE_URL="$(ARCHIVE_SITE_URL)" WORKERS=$(WORKERS) \
		$(BIN)/gunicorn --config config/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# A venv with the locked dependencies, re-made only when requirements.txt changes.
$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

setup: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0

# Load fixtures/ (pages already loaded are recognised and left alone) and index what is new.
data: setup
	$(BIN)/python manage.py ingest fixtures/
	$(BIN)/python manage.py build_index --if-needed

# Browser tests drive Debian's chromium through Playwright (no browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: setup
	$(BIN)/ruff check .

messages: setup
	$(BIN)/python manage.py makemessages -l en --no-obsolete -i ".venv/*" -i "tests/*" && $(BIN)/python manage.py compilemessages -l en -i ".venv"

clean:
	rm -rf $(VENV) var
