"""Capability search: "who can superfinish P4 raceways and has a 17025-accredited life-test lab?"."""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.errors import InputError
from keyparts.makers import search_capabilities
from keyparts.makers.capability import class_at_least

ENT = pd.DataFrame({"id": ["A", "B", "C"], "name": ["Alpha", "Beta", "Gamma"], "kind": ["parts_maker"] * 3,
                    "country": ["CN"] * 3, "region": ["Henan", "Liaoning", "Jiangsu"],
                    "certifications": ["ISO 9001;ISO/IEC 17025", None, "ISO 9001"]})
CAP = pd.DataFrame([
    ("A", "process", "raceway superfinishing", "P2"), ("A", "test", "bearing life test", None),
    ("B", "process", "raceway superfinishing", "P4"), ("B", "test", "bearing life test", None),
    ("B", "accreditation", "ISO/IEC 17025", None),
    ("C", "process", "raceway superfinishing", "P5"), ("C", "test", "bearing life test", None),
    ("C", "accreditation", "ISO/IEC 17025", None),
], columns=["enterprise_id", "kind", "name", "precision_class"])


def test_superfinish_p4_with_accredited_life_test():
    """A: P2 (finer than P4, ISO 492), 17025 among its certifications → hit. B: P4 and an accreditation
    row → hit. C: P5 is coarser than P4 → not a hit."""
    res = search_capabilities(CAP, ENT, ["process:superfinish@P4", "test:life test", "accreditation:17025"])
    assert [i["enterprise_id"] for i in res.items] == ["A", "B"]
    assert res.items[0]["matched"]["accreditation:17025"] == ["ISO/IEC 17025"]
    assert res.to_dict()["total"] == 2


@pytest.mark.parametrize("have,want,ok", [("P2", "P4", True), ("P4", "P4", True), ("P5", "P4", False),
                                          ("Normal", "P6", False), ("P6X", "P0", True), ("IT5", "IT5", True),
                                          (None, "P4", False)])
def test_precision_class_order_of_iso_492(have, want, ok):
    assert class_at_least(have, want) is ok


def test_bad_requirement_names_the_expected_form():
    with pytest.raises(InputError, match="expected kind:name"):
        search_capabilities(CAP, ENT, ["grinding"])
