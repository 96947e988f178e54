"""Whoosh, sealed: the schema and codec, posting blocks, matching, facet columns, the writer,
positional file storage and index versions. Only search.api imports from here; every private
name of Whoosh it needs is in adapter.py."""


def __getattr__(name):
    """The old import path (`from search.engine import SearchParams, run_search`): search.api's
    names, for callers not yet moved to it."""
    if name not in _OLD_NAMES:  # a submodule (`from . import versions`) is imported as usual
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .. import api

    return getattr(api, name)


_OLD_NAMES = {"SearchParams", "SearchResults", "SearchUnavailable", "run_search", "all_ids", "warm_up"}
