import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_PAGES = sorted(FIXTURES.glob("*.txt"))


def fixture_text(name_prefix: str) -> str:
    return next(p for p in FIXTURE_PAGES if p.name.startswith(name_prefix)).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the fixture pages, and the index holds their articles."""
    with django_db_blocker.unblock():
        shutil.rmtree(settings.HAYSTACK_CONNECTIONS["default"]["PATH"], ignore_errors=True)
        call_command("ingest", str(FIXTURES), verbosity=0)
        call_command("build_index")


@pytest.fixture
def fresh_index(tmp_path):
    """A new, empty Whoosh index for a test that changes what is indexed (the shared one keeps
    matching the shared fixture data)."""
    from haystack import connections

    info = connections.connections_info["default"]
    shared_path, info["PATH"] = info["PATH"], str(tmp_path / "index")
    connections.reload("default")
    yield
    info["PATH"] = shared_path
    connections.reload("default")
