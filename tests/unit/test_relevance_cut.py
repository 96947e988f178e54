"""The first page of a relevance ordering found without sorting every ranked article: whole
headline levels from the top, then the best scores at the lowest level the page reaches (ties
at the cut all kept), and scores needed only from that level up."""

import numpy as np
import pytest

from search.engine.searching import _best, _lowest_level_shown


def full_order(in_headline, scores):
    ranked = np.flatnonzero((in_headline > 0) | (scores > 0))
    return ranked[np.lexsort((ranked, -scores[ranked], -in_headline[ranked]))]


@pytest.mark.parametrize("seed", range(40))
def test_the_page_is_the_first_stretch_of_the_full_ordering(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 300))
    in_headline = rng.choice([0, 0, 0, 1, 1, 2, 3], size=size).astype(np.int16)
    scores = rng.choice([0.0, 0.5, 1.0, 1.5, 2.0], size=size)  # few values: ties at every cut
    for wanted in (1, 3, 20, size):
        expected = full_order(in_headline, scores)[:wanted].tolist()
        lowest, needed = _lowest_level_shown(np.bincount(in_headline), wanted)
        # Below the lowest level shown no score is worked out: the page must not need one.
        known = np.where(in_headline >= lowest, scores, 0.0)
        ranked = np.flatnonzero((in_headline > 0) | (known > 0))
        if len(ranked) > wanted:
            ranked = _best(ranked, in_headline[ranked], known[ranked], lowest, needed)
        page = ranked[np.lexsort((ranked, -known[ranked], -in_headline[ranked]))][:wanted].tolist()
        assert page == expected, (wanted, lowest, needed)
