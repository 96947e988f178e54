# The two commands of the README: `make serve` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
# Exports' and feeds' permalinks point where the archive is served, unless set in the environment.
ARCHIVE_SITE_URL ?= http://127.0.0.1:$(PORT)
INSTALLED := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: serve test test-sqlite test-postgresql setup data chromium postgresql lint messages clean

serve: data
	@$(BIN)/python manage.py ensure_admin
	@echo "Archive at http://127.0.0.1:$(PORT)/  (admin at http://127.0.0.1:$(PORT)/admin/)"
	ARCHIVE_SITE_URL="$(ARCHIVE_SITE_URL)" WORKERS=$(WORKERS) \
		$(BIN)/gunicorn --config config/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# Everything on SQLite (whatever the shell's ARCHIVE_DATABASE_URL) and, beside it, the
# integration suite (real processes included) on a PostgreSQL the tests start in a temporary
# directory and remove (tests/postgres.py). Each run is mostly one process, so on two cores the
# pair takes little longer than the longer one; each prints its report whole when it ends.
test: setup chromium postgresql
	$(BIN)/ruff check .
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgresql

test-sqlite:
	ARCHIVE_DATABASE_URL= $(BIN)/python -m pytest

test-postgresql:
	ARCHIVE_TEST_DATABASE=postgres $(BIN)/python -m pytest tests/integration tests/served

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

# A Debian package installed with apt (as root, else through sudo) unless the check finds it.
apt_install = $(1) >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2) >/dev/null; }

# Browser tests drive Debian's chromium through Playwright (no browser download).
chromium:
	@$(call apt_install,command -v chromium,chromium)

# The server's programs (initdb, postgres; Debian keeps them under /usr/lib/postgresql/<version>/bin).
postgresql: | chromium
	@$(call apt_install,ls /usr/lib/postgresql/*/bin/initdb,postgresql)

lint: setup
	$(BIN)/ruff check .

messages: setup
	$(BIN)/python manage.py makemessages -l en --no-obsolete -i ".venv/*" -i "tests/*" && $(BIN)/python manage.py compilemessages -l en -i ".venv"

clean:
	rm -rf $(VENV) var
