"""Search served by gunicorn exactly as `make serve` runs it (2 workers forked from a warmed
master) gives every client the same true answer, however many ask at once."""

import json
import random
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import FIXTURE_PAGES
from tests.server import archive_env, served

CLIENTS = 4
QUERIES = 240


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return archive_env(tmp_path_factory.mktemp("served-data"))


def never_asked_queries(count: int, seed: int = 7) -> list[str]:
    """Words of the fixture pages, each asked once: nothing is answered from a cache."""
    text = "".join(page.read_text(encoding="utf-8") for page in FIXTURE_PAGES)
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
    rng = random.Random(seed)
    queries = set()
    while len(queries) < count:
        run = rng.choice(runs)
        size = rng.choice((2, 2, 3, 4))
        if len(run) >= size:
            start = rng.randrange(len(run) - size + 1)
            queries.add(run[start : start + size])
    return sorted(queries)


def answer(base_url: str, query: str) -> tuple[int, dict]:
    url = f"{base_url}/search.json?" + urllib.parse.urlencode({"q": query, "per_page": 100})
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = json.load(response)
            return response.status, {"count": body["count"], "ids": [r["id"] for r in body["results"]], "facets": body["facets"]}
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_four_clients_at_once_get_the_answers_one_client_gets(env):
    queries = never_asked_queries(QUERIES)
    with served(env) as url:
        alone = {q: answer(url, q) for q in queries}
    assert all(status == 200 for status, _ in alone.values())
    assert sum(1 for _, body in alone.values() if body["count"]) > QUERIES // 2

    shuffled = random.Random(1).sample(queries, len(queries))
    with served(env) as url, ThreadPoolExecutor(CLIENTS) as clients:
        together = dict(zip(shuffled, clients.map(lambda q: answer(url, q), shuffled), strict=True))

    wrong = [q for q in queries if together[q] != alone[q]]
    assert wrong == [], f"{len(wrong)} of {len(queries)} answers differ under load, e.g. {wrong[:5]}"
