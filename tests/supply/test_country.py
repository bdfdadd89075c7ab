"""Country risk: min(10, risk·t) with one rule for a missing value (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from keyparts.supply.country import country_risk, risk_factors


def _countries() -> pd.DataFrame:
    return pd.DataFrame({"code": ["CN", "JP", "XX", "YY", "ZZ"],
                         "risk": [3.0, 2.0, 8.0, np.nan, 4.0],
                         "export_control": [1.0, np.nan, 1.5, 2.0, 1.2]})


def test_country_risk_by_hand_with_missing_values():
    """CN 3·1 = 3; JP 2·(t missing → 1) = 2; XX 8·1.5 = 12 → capped at 10; YY (risk missing
    → 5)·2 = 10; ZZ 4·1.2 = 4.8; DE not in the table → 5·1 = 5; a maker without a country
    (None) → 5."""
    got = country_risk(_countries(), ["CN", "JP", "XX", "YY", "ZZ", "DE", None])
    np.testing.assert_allclose(got, [3.0, 2.0, 10.0, 10.0, 4.8, 5.0, 5.0])


def test_no_countries_table_means_every_risk_unknown():
    """Without countries.csv every country counts as 5·1 = 5."""
    np.testing.assert_allclose(country_risk(None, ["CN", "JP"]), [5.0, 5.0])


def test_risk_factors_keep_risk_and_t_apart_for_the_hhi():
    """HHI_WGI,t needs risk and t separately (Blengini et al. 2017): YY's risk 5 (missing),
    JP's t 1 (missing); nothing capped here."""
    codes, risk, t = risk_factors(_countries())
    assert list(codes) == ["CN", "JP", "XX", "YY", "ZZ"]
    np.testing.assert_allclose(risk, [3.0, 2.0, 8.0, 5.0, 4.0])
    np.testing.assert_allclose(t, [1.0, 1.0, 1.5, 2.0, 1.2])


def test_allocation_risk_cost_uses_the_same_rule():
    """plan.allocation_inputs prices risk as risk_weight·price·min(10, risk·t)/10. In the tiny
    dataset P5 (USD 2.00, d = 45 mm) is made by M4 in XX (risk 8, t 1.5 → 12 → 10):
    0.5 · 2.0 · 10/10 = 1.0 USD. With XX's risk blank it counts as 5 → 5·1.5 = 7.5:
    0.5 · 2.0 · 0.75 = 0.75 USD (before the rule was one, plan.py priced a missing risk at 0)."""
    from keyparts.dataset.model import Dataset
    from keyparts.match.plan import allocation_inputs
    from tests.match.conftest import tiny_dataset

    ds = tiny_dataset()
    demand = pd.DataFrame({"id": ["D"], "oem_id": ["O1"], "category_id": ["BRG-DGBB"], "quantity": [100.0],
                           "need_by": [None], "constraints": ["d=45mm"], "required_life_h": [None], "loads": [None]})
    cty = ds.frames["countries"]
    costs = []
    for countries in (cty, cty.assign(risk=np.where(cty["code"] == "XX", np.nan, cty["risk"]))):
        frames = {**ds.frames, "demands": demand, "countries": countries}
        _, pairs, _, _, _ = allocation_inputs(Dataset(meta=ds.meta, frames=frames, source="tiny"), risk_weight=0.5)
        costs.append(pairs.set_index("part_id").loc["P5", "risk_cost"])
    assert costs == pytest.approx([1.0, 0.75])
