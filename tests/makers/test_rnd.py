"""R&D intensity per category, project efficiency and the standards registry, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.makers.rnd import project_efficiency, rd_intensity, standards_registry

CATS = pd.DataFrame({"id": ["BRG", "BRG-X", "BRG-Y"], "parent_id": [None, "BRG", "BRG"]})


def test_rd_intensity_is_weighted_by_revenue_in_the_category():
    """Makers A (R&D 10 of revenue 100: ρ 0.10), B (4 of 200: 0.02), C (9 of 300: 0.03).
    BRG-X: A 30, B 90, C 30 -> (30·0.10 + 90·0.02 + 30·0.03) / 150 = (3 + 1.8 + 0.9)/150 = 0.038.
    BRG-Y: only C -> suppressed with k_min 3. BRG (family) adds C's 60 in BRG-Y:
    (3 + 1.8 + 90·0.03) / 210 = 7.5 / 210 = 0.0357142857."""
    ey = pd.DataFrame({"enterprise_id": ["A", "B", "C"], "year": [2023] * 3,
                       "revenue_usd": [100.0, 200.0, 300.0], "rd_spend_usd": [10.0, 4.0, 9.0]})
    ec = pd.DataFrame({"enterprise_id": ["A", "B", "C", "C"], "year": [2023] * 4,
                       "category_id": ["BRG-X", "BRG-X", "BRG-X", "BRG-Y"], "revenue_usd": [30.0, 90.0, 30.0, 60.0]})
    rows = {r["category_id"]: r for r in rd_intensity(ey, ec, CATS).rows}
    assert rows["BRG-X"]["rd_intensity"] == pytest.approx(0.038)
    assert rows["BRG-Y"]["suppressed"] and rows["BRG-Y"]["rd_intensity"] is None
    assert rows["BRG"]["rd_intensity"] == pytest.approx(7.5 / 210)
    assert rows["BRG"]["makers"] == 3


def test_project_efficiency_counts_trl_and_parts_qualified_per_million():
    """PRJ-1 (BRG, USD 4 M, TRL 4 -> 7, lead M1, participant M2): parts P1 (M1, BRG-X, case at
    batch_supply) and P2 (M2, BRG-Y, small_batch) count; P3 (M1, at field_trial) and P4 (M9,
    not in the team) do not. TRL gained 3 -> 0.75 per M USD; 2 parts -> 0.5 per M USD."""
    projects = pd.DataFrame({"id": ["PRJ-1"], "category_id": ["BRG"], "lead_id": ["M1"], "participants": ["M2"],
                             "budget_usd": [4e6], "readiness_level_start": [4], "readiness_level": [7]})
    parts = pd.DataFrame({"id": ["P1", "P2", "P3", "P4"], "maker_id": ["M1", "M2", "M1", "M9"],
                          "category_id": ["BRG-X", "BRG-Y", "BRG-X", "BRG-X"]})
    cases = pd.DataFrame({"part_id": ["P1", "P2", "P3", "P4"],
                          "stage": ["batch_supply", "small_batch", "field_trial", "batch_supply"]})
    (r,) = project_efficiency(projects, parts, CATS, cases).rows
    assert (r["trl_gained"], r["parts_qualified"], r["parts"]) == (3.0, 2, ["P1", "P2"])
    assert r["trl_per_musd"] == pytest.approx(0.75) and r["parts_per_musd"] == pytest.approx(0.5)


def test_standards_registry_links_cases_and_projects_and_flags_missing_test_methods():
    """BRG has a current test-method standard, so BRG-X inherits it; BRG-Z's only test method is
    withdrawn: BRG-Z lacks one."""
    cats = pd.concat([CATS, pd.DataFrame({"id": ["BRG-Z", "FST"], "parent_id": [None, None]})])
    std = pd.DataFrame({"id": ["S1", "S2", "S3"], "code": ["GB/T 24607-2009", "GB/T 307.1-2017", "JB/T XXXX-1990 (made up)"],
                        "title": ["life test", "tolerances", "old"], "category_id": ["BRG", "BRG-X", "BRG-Z"],
                        "kind": ["test_method", "product", "test_method"],
                        "status": ["current", "current", "withdrawn"], "year": [2023, 2017, 1990]})
    ev = pd.DataFrame({"case_id": ["QC-1", "QC-2", "QC-1"], "standard_id": ["S1", "S1", None]})
    pr = pd.DataFrame({"id": ["PRJ-1"], "standards": ["S2"]})
    res = standards_registry(std, cats, projects=pr, qualification_events=ev,
                             key_categories=["BRG-X", "BRG-Z"])
    rows = {r["id"]: r for r in res.rows}
    assert rows["S1"]["used_by_cases"] == ["QC-1", "QC-2"] and rows["S2"]["produced_by_projects"] == ["PRJ-1"]
    assert res.without_test_method == ["BRG-Z"]
