"""Parametric search on the tiny dataset (conftest.py), answers worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.errors import InputError, NotFoundError
from keyparts.match.index import PartIndex
from keyparts.match.search import search

# Hand-derived from the parts in conftest.py (P2 is written in m and N: it must match too).
CASES = [
    ("d=45mm", None, {"P1", "P2", "P3", "P4", "P5", "P7"}),
    ("d=45mm; D=85mm; B=19mm", None, {"P1", "P2", "P4"}),
    ("d=0.045m; C>=50kN", None, {"P3"}),
    ("d=1.772in", None, {"P1", "P2", "P3", "P4", "P5", "P7"}),  # 45.0088 mm, equal to 1e-3
    ("d=1.772in; D=3.346in", None, {"P1", "P2", "P4"}),  # 3.346 in = 84.99 mm
    ("C>=35000N; C<=40kN", None, {"P1", "P2", "P4", "P6"}),
    ("D=70..86mm", None, {"P1", "P2", "P4", "P5", "P7"}),
    ("B=19mm±1.5", None, {"P1", "P2", "P4", "P6"}),
    ("precision in P5,P4", None, {"P3", "P4", "P7"}),
    ("precision in p5,p4", "BRG-ACBB", {"P7"}),
    ("seal ~ rs", None, {"P1", "P4"}),
    ("designation ~ 6209", None, {"P1", "P2", "P4"}),
    ("status in qualified,production; country=CN; d=45mm", "BRG-DGBB", {"P1", "P2", "P3", "P5"} - {"P5"}),
    ("p_max>=300bar", None, {"V1"}),
    ("p_max>=32MPa", None, set()),
    ("precision != P0", "BRG-DGBB", {"P1", "P3", "P4", "P6"}),
    ("unit_price_usd<5", "BRG", {"P1", "P2", "P5", "P6"}),
    ("", "BRG-ACBB", {"P7"}),
]


@pytest.mark.parametrize("where,category,expected", CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES])
def test_search_finds_the_hand_derived_parts(tiny_index, where, category, expected):
    res = search(tiny_index, where, category=category, limit=100)
    assert {i["part_id"] for i in res.items} == expected
    assert res.total == len(expected)


def test_values_are_canonical_whatever_unit_was_written(tiny_index):
    (item,) = search(tiny_index, "designation=6209").items
    assert item["values"]["d"] == pytest.approx(45.0) and item["values"]["C"] == pytest.approx(35.1)


def test_sort_descending_with_ties_by_part_id_and_pages(tiny_index):
    res = search(tiny_index, "d=45mm", sort="C", descending=True, limit=3)
    # C: P3 55.3, P1 = P2 = P4 35.1, P5 22.1, P7 20.8
    assert [i["part_id"] for i in res.items] == ["P3", "P1", "P2"]
    res2 = search(tiny_index, "d=45mm", sort="C", descending=True, offset=3, limit=3)
    assert [i["part_id"] for i in res2.items] == ["P4", "P5", "P7"]
    asc = search(tiny_index, "d=45mm", sort="C", limit=2)
    assert [i["part_id"] for i in asc.items] == ["P7", "P5"]


def test_facets_count_the_result_set(tiny_index):
    res = search(tiny_index, "d=45mm", category="BRG-DGBB", facets=["precision", "status", "C"])
    # P1 P6, P2 P0, P3 P5, P4 P5, P5 P0 (P6 has d=50, P7 is another category)
    assert res.facets["precision"]["values"] == {"P0": 2, "P5": 2, "P6": 1}
    assert res.facets["status"]["values"] == {"production": 4, "qualified": 1}
    assert sum(b["count"] for b in res.facets["C"]["buckets"]) == 5
    assert res.facets["C"]["min"] == pytest.approx(22.1) and res.facets["C"]["max"] == pytest.approx(55.3)


def test_funnel_names_the_clause_that_empties_the_result(tiny_index):
    res = search(tiny_index, "d=45mm; C>=100kN; precision in P4", category="BRG")
    assert [f["remaining"] for f in res.to_dict()["funnel"]] == [7, 6, 0, 0]


@pytest.mark.parametrize("kwargs,exc,needle", [
    ({"where": "bore=45mm"}, InputError, "unknown parameter 'bore'"),
    ({"where": "d in 45,50"}, InputError, "is a number"),
    ({"where": "precision>=P4"}, InputError, "needs a number"),
    ({"where": "d=45mm", "sort": "weight"}, InputError, "unknown parameter 'weight'"),
    ({"where": "", "category": "NOPE"}, NotFoundError, "category 'NOPE' not found"),
    ({"where": "", "limit": 5000}, InputError, "limit"),
])
def test_bad_search_input_is_reported(tiny_index, kwargs, exc, needle):
    where = kwargs.pop("where")
    with pytest.raises(exc, match=needle):
        search(tiny_index, where, **kwargs)


@settings(max_examples=60, deadline=None)
@given(vals=st.lists(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)), min_size=1, max_size=40),
       lo=st.floats(0, 100), width=st.floats(0, 50), sort_desc=st.booleans(),
       offset=st.integers(0, 10), limit=st.integers(0, 10))
def test_search_equals_naive_pandas_filter_and_sort(vals, lo, width, sort_desc, offset, limit):
    """Invariant: the vectorised search returns exactly the rows a pandas filter + sort gives."""
    n = len(vals)
    x = np.array([np.nan if v is None else v for v in vals])
    ids = np.array([f"P{i:03d}" for i in range(n)], dtype=object)
    cats = pd.DataFrame({"id": ["A"], "parent_id": [None]})
    ix = PartIndex.from_arrays(part_id=ids, category_id=np.full(n, "A", dtype=object), categories=cats,
                               numeric={"x": x}, units={"x": "mm"}, text={})
    hi = lo + width
    res = search(ix, f"x={lo!r}..{hi!r}mm", sort="x", descending=sort_desc, offset=offset, limit=limit)
    df = pd.DataFrame({"id": ids, "x": x})
    sel = df[(df.x >= lo) & (df.x <= hi)]
    sel = sel.assign(k=-sel.x if sort_desc else sel.x).sort_values(["k", "id"])
    assert res.total == len(sel)
    assert [i["part_id"] for i in res.items] == list(sel.id.iloc[offset:offset + limit])


def test_a_bare_number_shows_the_unit_it_was_read_in(tiny_index):
    """``C>=50`` is read in C's declared unit (kN): the funnel says so, and it finds what
    ``C>=50kN`` finds (P3, hand-derived in CASES); ``d=45mm`` carries its unit and is shown as typed."""
    res = search(tiny_index, "d=45mm; C>=50", limit=100)
    assert [a for a, _ in res.funnel[1:]] == ["d=45mm", "C>=50 (read as kN)"]
    assert {i["part_id"] for i in res.items} == {"P3"}
