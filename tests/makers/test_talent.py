"""The talent gap of a small capacity plan, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.errors import InputError
from keyparts.makers import talent_gap

CATS = pd.DataFrame({"id": ["BRG", "BRG-X"], "parent_id": [None, "BRG"]})
ENT = pd.DataFrame({"id": ["M1", "M2"], "region": ["Henan", "Henan"]})
RATIOS = pd.DataFrame({"category_id": ["BRG"], "occupation_code": ["6-18-01-04"], "persons_per_1000_capacity": [0.05]})
EC = pd.DataFrame({"enterprise_id": ["M1", "M1", "M2"], "year": [2023, 2025, 2023],
                   "category_id": ["BRG-X"] * 3, "capacity": [100_000, 200_000, 50_000]})
TRAINING = pd.DataFrame({"programme": ["P1", "P2"], "occupation_code": ["6-18-01-04", "6-18-01-04"],
                         "region": ["Henan", "Liaoning"], "graduates_per_year": [2.0, 5.0]})


def test_talent_gap_by_hand():
    """Ratio 0.05 persons per 1 000 pieces/year (BRG, inherited by the grade BRG-X); 2023 → 2025,
    replacement 2 %/year.
    M1: growth 0.05 × (200 000 − 100 000) / 1000 / 2 = 2.5; replacement 0.05 × 100 × 0.02 = 0.1.
    M2 (no plan row: unchanged): growth 0; replacement 0.05 × 50 × 0.02 = 0.05.
    Henan demand 2.65 persons/year, supply 2 → gap 0.65, coverage 2 / 2.65 = 0.7547 < 1: BRG-X at risk.
    Liaoning: demand 0, supply 5 → gap −5, coverage None."""
    res = talent_gap(EC, ENT, CATS, RATIOS, TRAINING, base_year=2023, plan_year=2025, replacement_rate=0.02)
    (d,) = res.demand
    assert (d["category_id"], d["region"]) == ("BRG-X", "Henan")
    assert d["growth"] == pytest.approx(2.5) and d["replacement"] == pytest.approx(0.15)
    gap = {g["region"]: g for g in res.gap}
    assert gap["Henan"]["demand"] == pytest.approx(2.65) and gap["Henan"]["gap"] == pytest.approx(0.65)
    assert gap["Henan"]["coverage"] == pytest.approx(2 / 2.65)
    assert gap["Liaoning"]["gap"] == pytest.approx(-5.0) and gap["Liaoning"]["coverage"] is None
    assert res.categories_at_risk == ["BRG-X"]


def test_plan_year_must_follow_base_year():
    with pytest.raises(InputError, match="not after base year"):
        talent_gap(EC, ENT, CATS, RATIOS, TRAINING, base_year=2025, plan_year=2023)


def test_staffing_ratios_file_errors_name_file_row_and_field(tmp_path):
    """Line 4 (after a comment, the header and one row) has the code 6-18-1, not of the D-DD-DD-DD form."""
    from keyparts.makers import load_staffing_ratios
    f = tmp_path / "ratios.csv"
    f.write_text("# a comment line\ncategory_id,occupation_code,persons_per_1000_capacity\n"
                 "BRG,6-18-01-04,0.005\nBRG,6-18-1,0.1\n")
    with pytest.raises(InputError, match=r"ratios.csv:4:occupation_code: '6-18-1' is not an occupation code"):
        load_staffing_ratios(f)


def test_special_projects_add_their_staff_as_hiring_demand_by_hand():
    """Three projects, plan 2023 → 2025 (2 years), no replacement:
    PRJ-A (BRG-X, lead M1 in Henan, running 2022–2026) needs 3 machinists (6-18-01-04):
    3 / 2 = 1.5 persons/year in Henan; PRJ-B is completed and PRJ-C ended in 2021: no demand.
    Henan demand = 2.5 (M1's capacity growth, as above) + 1.5 = 4.0 against 2 graduates:
    coverage 0.5 < 1, so PRJ-A lacks key staff. Liaoning's PRJ-D (lead M3) needs 4 × 6-18-01-04:
    2 persons/year against 5 graduates, coverage 2.5: it does not."""
    projects = pd.DataFrame({"id": ["PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D"],
                             "category_id": ["BRG-X", "BRG-X", "BRG-X", "BRG"],
                             "lead_id": ["M1", "M1", "M2", "M3"], "start_year": [2022, 2022, 2019, 2024],
                             "end_year": [2026, 2024, 2021, None],
                             "status": ["running", "completed", "running", "planned"]})
    staff = pd.DataFrame({"project_id": ["PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D"],
                          "occupation_code": ["6-18-01-04"] * 4, "persons": [3.0, 10.0, 10.0, 4.0]})
    ent = pd.concat([ENT, pd.DataFrame({"id": ["M3"], "region": ["Liaoning"]})], ignore_index=True)
    res = talent_gap(EC, ent, CATS, RATIOS, TRAINING, base_year=2023, plan_year=2025,
                     projects=projects, project_staff=staff)
    gap = {g["region"]: g for g in res.gap}
    assert gap["Henan"]["demand"] == pytest.approx(4.0) and gap["Henan"]["coverage"] == pytest.approx(0.5)
    assert gap["Liaoning"]["demand"] == pytest.approx(2.0) and gap["Liaoning"]["coverage"] == pytest.approx(2.5)
    assert res.projects_lacking_staff == ["PRJ-A"]
    # whose plans make each cell's demand (M2 adds nothing without replacement): for the k rule
    assert gap["Henan"]["contributors"] == ["M1"] and gap["Liaoning"]["contributors"] == ["M3"]
    assert res.categories_at_risk == ["BRG-X"]


def test_awarded_challenges_add_staff_demand_in_the_winners_region_by_hand():
    """Plan 2023 → 2025. CH-A (running, winner M3 in Liaoning, deadline 2026-06-30) needs 8 ×
    6-18-01-04: 8 / 2 = 4 persons/year in Liaoning against 5 graduates: coverage 1.25, fine.
    CH-B (awarded to M1, Henan) needs 6: 3 persons/year; Henan's demand 2.5 (M1's growth) + 3 =
    5.5 against 2 graduates: coverage 0.3636, so CH-B lacks key staff. CH-C is still open (no
    winner) and CH-D failed: no demand."""
    ch = pd.DataFrame({"id": ["CH-A", "CH-B", "CH-C", "CH-D"], "category_id": ["BRG-X"] * 4,
                       "status": ["running", "awarded", "open", "failed"],
                       "winner_id": ["M3", "M1", None, "M1"],
                       "deadline": ["2026-06-30", "2025-12-31", "2027-01-01", "2024-01-01"]})
    staff = pd.DataFrame({"challenge_id": ["CH-A", "CH-B", "CH-C", "CH-D"], "occupation_code": ["6-18-01-04"] * 4,
                          "persons": [8.0, 6.0, 50.0, 50.0]})
    ent = pd.concat([ENT, pd.DataFrame({"id": ["M3"], "region": ["Liaoning"]})], ignore_index=True)
    res = talent_gap(EC, ent, CATS, RATIOS, TRAINING, base_year=2023, plan_year=2025,
                     challenges=ch, challenge_staff=staff)
    gap = {g["region"]: g for g in res.gap}
    assert gap["Liaoning"]["demand"] == pytest.approx(4.0) and gap["Liaoning"]["coverage"] == pytest.approx(1.25)
    assert gap["Henan"]["demand"] == pytest.approx(5.5) and gap["Henan"]["coverage"] == pytest.approx(2 / 5.5)
    assert res.challenges_lacking_staff == ["CH-B"] and res.projects_lacking_staff == []
    assert gap["Liaoning"]["contributors"] == ["M3"]
