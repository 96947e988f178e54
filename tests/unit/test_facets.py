"""One registry of facets (search/facets.py); everything else derives from it, under one name
per facet (official, not officials in one place and official in another)."""

import dataclasses
from pathlib import Path

from search import facets
from search.facets import FACETS, MULTI_VALUED, NAMES
from tests.unit.test_dependencies import imported_modules

ROOT = Path(__file__).resolve().parents[2]


def test_every_facet_is_a_search_parameter_of_the_same_name():
    from search.params import SearchParams

    fields = {f.name for f in dataclasses.fields(SearchParams)}
    assert set(NAMES) <= fields
    assert "officials" not in fields and "reporters" not in fields


def test_the_form_has_one_field_per_facet_in_order_with_its_label():
    from search.forms import SearchForm

    names = list(SearchForm().fields)
    assert names[0] == "q" and names[1 : 1 + len(NAMES)] == list(NAMES)
    assert [str(SearchForm().fields[f.name].label) for f in FACETS] == [str(f.label) for f in FACETS]


def test_the_index_has_one_field_per_facet_multi_valued_where_the_facet_is():
    from haystack import indexes

    from search.search_indexes import ArticleIndex

    fields = ArticleIndex.fields
    assert set(NAMES) <= set(fields)
    assert {name for name in NAMES if isinstance(fields[name], indexes.MultiValueField)} == set(MULTI_VALUED)
    assert "officials" not in fields


def test_the_schema_and_the_engine_count_every_facet():
    from haystack import connections

    from search.engine import searching

    backend = connections["default"].get_backend()
    backend.load_schema()
    assert set(NAMES) <= set(backend.schema.names())
    assert {name for name in NAMES if type(backend.schema[name]).__name__ == "KEYWORD"} == set(MULTI_VALUED)
    assert searching.FACETS == NAMES


def test_values_show_as_the_page_shows_them():
    assert facets.BY_NAME["year"].show("2020") == "2020年"
    assert facets.BY_NAME["month"].show("2020-03") == "3月"
    assert facets.BY_NAME["kind"].show("photo") == "图片"
    assert facets.BY_NAME["official"].show("王家鹏") == "王家鹏"


def test_free_values_are_checked_for_form():
    year, official = facets.BY_NAME["year"].validator(), facets.BY_NAME["official"].validator()
    assert year("2020") and not year("20201") and not year("abc")
    assert official("王家鹏") and not official("王") and not official("王" * 41)


def test_export_command_takes_one_option_per_facet():
    from search.management.commands.export import Command

    parser = Command().create_parser("manage.py", "export")
    options = {action.dest for action in parser._actions}
    assert set(NAMES) <= options


def test_no_list_of_facet_names_is_written_out_outside_the_registry():
    """A tuple naming every facet again (as views, forms, the engine and the export command
    once did) would drift from the registry."""
    written_out = []
    for path in sorted((ROOT / "search").rglob("*.py")) + [ROOT / "bench" / "search_bench.py"]:
        if path.name == "facets.py" and path.parent.name == "search":
            continue
        text = path.read_text(encoding="utf-8")
        if '"county", "year", "month", "kind"' in text or '"officials"' in text:
            written_out.append(str(path.relative_to(ROOT)))
    assert written_out == []


SEALED_CALLERS = ["views.py", "exports.py", "feeds.py", "forms.py", "signals.py", "timeline.py", "urls.py"]


def test_callers_reach_the_engine_only_through_search_api():
    """Views, exports, feeds, signals (the admin's saves) and commands know nothing of Whoosh."""
    paths = [ROOT / "search" / name for name in SEALED_CALLERS if (ROOT / "search" / name).exists()]
    paths += sorted((ROOT / "search" / "management" / "commands").glob("*.py"))
    paths += [ROOT / "config" / "wsgi.py", *sorted((ROOT / "archive").rglob("*.py"))]
    reaching_in = {}
    for path in paths:
        package = path.relative_to(ROOT).parts[:-1]
        modules = imported_modules(path.read_text(encoding="utf-8"), package)
        engine = sorted(m for m in modules if m.startswith("search.engine") or m.startswith("whoosh"))
        if engine:
            reaching_in[str(path.relative_to(ROOT))] = engine
    assert reaching_in == {}
