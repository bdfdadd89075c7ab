"""Issue 13's loop in matching: parts the demand's OEM has qualified (a qualification case at
small_batch or later) pass the status filter and rank first.

Sample demand D-02 (O-CN-001, high-pressure piston pumps, Vg >= 110 cc, p_rated >= 350 bar):
by score the domestic AP-112 (PT-0214, qualified by O-CN-001 in the sample's QC-001) ranks
first, the AP-140 (PT-0215) second and the AP-180 (PT-0216) third. A case of PT-0216 at
batch_supply for O-CN-001 moves it ahead of PT-0215 (the qualified ones first, by score among
them); the same case for another OEM or at field_trial changes nothing; a prototype (refused by
the default status filter) qualified by O-CN-001 passes.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.dataset import load_sample
from keyparts.dataset.model import Dataset
from keyparts.match import match_dataset_demand


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return load_sample()


def _with(ds: Dataset, part: str, oem: str, stage: str = "batch_supply", status: str | None = None) -> Dataset:
    frames = dict(ds.frames)
    case = {"id": "QC-T", "part_id": part, "oem_id": oem, "application_id": "APP-001", "stage": stage,
            "opened": "2024-01-01"}
    frames["qualification_cases"] = pd.concat([frames["qualification_cases"], pd.DataFrame([case])],
                                              ignore_index=True)
    if status:
        parts = frames["parts"].copy()
        parts.loc[parts["id"] == part, "status"] = status
        frames["parts"] = parts
    return Dataset(meta=ds.meta, frames=frames)


def _ids(ds: Dataset) -> list[str]:
    return [c["part_id"] for c in match_dataset_demand(ds, "D-02").candidates if c["passed"]]


def test_a_part_qualified_by_the_buyer_ranks_first(sample):
    base = _ids(sample)
    assert base[:3] == ["PT-0214", "PT-0215", "PT-0216"]
    got = _ids(_with(sample, "PT-0216", "O-CN-001"))
    assert got[:3] == ["PT-0214", "PT-0216", "PT-0215"]


def test_a_case_for_another_buyer_or_at_an_earlier_stage_changes_nothing(sample):
    base = _ids(sample)
    assert _ids(_with(sample, "PT-0216", "O-CN-002")) == base
    assert _ids(_with(sample, "PT-0216", "O-CN-001", stage="field_trial")) == base


def test_a_prototype_qualified_by_the_buyer_passes_the_status_filter(sample):
    assert "PT-0216" not in _ids(_with(sample, "PT-0216", "O-CN-002", status="prototype"))
    assert _ids(_with(sample, "PT-0216", "O-CN-001", status="prototype"))[:2] == ["PT-0214", "PT-0216"]
