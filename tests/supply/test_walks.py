"""Category-tree and BOM walks of the engines that the web's services use (issue 12 §7: no walk
rewritten in web code). Values by hand from tests/dataset/tiny.py."""

from __future__ import annotations

import pandas as pd

from keyparts.supply.bom import where_used
from keyparts.supply.taxonomy import build_taxonomy

CATS = pd.DataFrame({"id": ["BRG", "BRG-DGBB", "BRG-DGBB-P5", "GR"],
                     "name": ["Rolling bearings", "Deep-groove", "Deep-groove P5", "Gears"],
                     "parent_id": [None, "BRG", "BRG-DGBB", None],
                     "level": ["family", "category", "grade", "family"]})
# tiny.py bom.csv: X1 -> A1 (2), A1 -> P1 (4), A1 -> BRG-DGBB (2); plus an unrelated line
BOM = pd.DataFrame({"parent_id": ["X1", "A1", "A1", "X2"], "child_id": ["A1", "P1", "BRG-DGBB", "GEAR1"]})


def test_descendants_and_ancestors_of_the_taxonomy():
    """BRG has BRG-DGBB below it and BRG-DGBB-P5 below that; the grade's chain up is itself,
    its category, its family; an unknown id has neither."""
    t = build_taxonomy(CATS)
    assert t.descendants("BRG") == ["BRG-DGBB", "BRG-DGBB-P5"]
    assert t.descendants("BRG-DGBB-P5") == [] and t.descendants("GR") == []
    assert t.ancestors("BRG-DGBB-P5") == ["BRG-DGBB-P5", "BRG-DGBB", "BRG"]
    assert t.descendants("NOPE") == [] and t.ancestors("NOPE") == []


def test_where_used_walks_the_bom_upward_through_every_level():
    """P1 is used in A1, A1 in X1: both; the category line BRG-DGBB likewise; GEAR1 only in X2."""
    assert where_used(BOM, {"P1"}) == {"A1", "X1"}
    assert where_used(BOM, {"BRG-DGBB"}) == {"A1", "X1"}
    assert where_used(BOM, {"GEAR1", "P1"}) == {"A1", "X1", "X2"}
    assert where_used(BOM, {"X1"}) == set() and where_used(BOM, set()) == set()
