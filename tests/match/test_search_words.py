"""Free words in a search and the hints of an empty result, on the bundled sample
(expected values from src/keyparts/data/sample/*.csv, see tests/web/test_catalogue.py)."""

from __future__ import annotations

import numpy as np
import pytest

from keyparts.errors import InputError
from keyparts.match.query import WORDS, parse_query
from keyparts.match.search import search


@pytest.fixture(scope="module")
def ix():
    from keyparts.dataset import load_sample
    from keyparts.match.index import build_index
    return build_index(load_sample())


def test_words_are_read_only_where_allowed():
    (w, c) = parse_query("SKF  6205; d=25mm", words=True)
    assert (w.op, w.values, w.text) == (WORDS, ("SKF", "6205"), "SKF 6205") and c.parameter == "d"
    with pytest.raises(InputError, match="expected 'name OP value'"):
        parse_query("SKF 6205")  # a demand's constraints have no free words


def test_a_piece_with_an_operator_stays_a_clause():
    (c,) = parse_query("precision in P5,P4", words=True)
    assert c.op == "in"


def test_designation_words(ix):
    r = search(ix, "6205/P5", limit=20)
    assert {i["part_id"] for i in r.items} == {"PT-0132", "PT-0146", "PT-0322", "PT-0361", "PT-0472",
                                               "PT-0557", "PT-0751", "PT-0781", "PT-1126"}


def test_category_words_in_both_languages_include_parents(ix):
    """'Rolling bearings' / 滚动轴承 is BRG, the parent of every bearing category: 786 parts."""
    assert search(ix, "rolling bearings", limit=0).total == 786
    assert search(ix, "滚动轴承", limit=0).total == 786
    assert search(ix, "深沟球轴承", limit=0).total == search(ix, None, category="BRG-BALL-DG0", limit=0).total \
        + search(ix, None, category="BRG-BALL-DG5", limit=0).total


def test_maker_words_are_case_insensitive(ix):
    a = search(ix, "ASAHINE 6205", limit=10)
    assert {i["part_id"] for i in a.items} == {"PT-0305", "PT-0306", "PT-0322"}


def test_words_funnel_names_the_words(ix):
    r = search(ix, "6205; d=30mm", limit=0)
    assert [a for a, _ in r.funnel] == ["all parts", "6205", "d=30mm"]
    assert [n for _, n in r.funnel][1:] == [39, 0]
    assert r.hints["blocking"] == "d=30mm" and r.hints["nearest"] == [25.0]  # every 6205 has d = 25 mm


def test_hints_only_when_empty(ix):
    assert search(ix, "6205", limit=0).hints is None


def test_page_values_match_one_by_one(ix):
    rows = np.arange(0, len(ix), 97)
    assert ix.values_of_rows(rows) == [ix.values_of(int(r)) for r in rows]
