"""Supply risk, economic importance and ranking on the tiny dataset, computed by hand.

Tiny dataset: tests/supply/tiny.py (CN home; risk CN 4, JP 1, DE 1, US 2 with t_US = 1.2).

HYD-PUMP: imports DE 80 m, Q 20 m, X 0 -> IR = 80/100 = 0.8; import shares DE 1 ->
HHI_WGI,t = 1·1·1 = 1; global-supply stand-in = qualified capacity by maker country = DE only ->
HHI_GS = 1; no domestic qualified part -> SI_SR = 1. SR = [1·0.4 + 1·0.6]·1·1 = 1.0.
EI: only EXC (USD 10 m of USD 20 m output) needs a pump essentially -> EI = 10·1·0.5 = 5.0
-> critical (SR >= 1, EI >= 2.8).

BRG-ACBB: IR = (100−20)/(40+100−20) = 2/3; HHI_WGI,t(imports) = .6²·1 + .3²·1 + .1²·2·1.2 = 0.474;
GS capacity values JP 1e6·100 = 1e8, CN 500·80 = 4e4 -> s_JP = 1e8/(1e8+4e4), HHI_GS = s_JP²·1 +
s_CN²·4; SI_SR = 1 − 0.5·(4e4/120e6). SR = [HHI_GS/3 + 0.474·(2/3)]·SI_SR ≈ 0.6490.
EI: both products need ACBB_JP essentially -> 10.

BRG-TRB: the SPN line to the category is non-essential, so only EXC depends on it: EI = 5.
"""

import numpy as np
import pytest

from keyparts.priority.assess import run_assessment
from keyparts.priority.criticality import economic_importance, substitution_index_sr, supply_risk
from tests.supply.tiny import tiny_dataset


@pytest.fixture(scope="module")
def res():
    return run_assessment(tiny_dataset(), n_samples=200, seed=1)


def test_supply_risk_formula_hand_example():
    """EU form with HHI_GS 2, HHI_sourcing 1, IR 0.5, EOL_RIR 0.1, SI 0.9:
    [2·0.25 + 1·0.75]·0.9·0.9 = 1.0125."""
    assert supply_risk(2.0, 1.0, 0.5, 0.1, 0.9) == pytest.approx(1.0125)


def test_substitution_index_falls_with_domestic_coverage():
    """coverage 0 -> 1; coverage 0.5 -> 1 − 0.5·0.5 = 0.75; coverage >= 1 -> 0.5."""
    si = substitution_index_sr(np.array([0.0, 50.0, 300.0]), np.array([100.0, 100.0, 100.0]))
    np.testing.assert_allclose(si, [1.0, 0.75, 0.5])


def test_economic_importance_scaling():
    """USD 5 m of USD 20 m output depends on it, SI_EI 0.8 -> 10·0.8·0.25 = 2.0."""
    assert economic_importance(np.array([5e6]), 20e6, 0.8)[0] == pytest.approx(2.0)


def test_tiny_supply_risk_by_hand(res):
    t = res.table
    assert t.loc["HYD-PUMP", "supply_risk"] == pytest.approx(1.0)
    s_jp = 1e8 / (1e8 + 4e4)
    hhi_gs = s_jp**2 * 1 + (1 - s_jp) ** 2 * 4
    si = 1 - 0.5 * 4e4 / 120e6
    assert t.loc["BRG-ACBB", "supply_risk"] == pytest.approx((hhi_gs / 3 + 0.474 * 2 / 3) * si, rel=1e-9)


def test_tiny_economic_importance_and_critical(res):
    t = res.table
    assert t.loc["HYD-PUMP", "economic_importance"] == pytest.approx(5.0)
    assert t.loc["BRG-ACBB", "economic_importance"] == pytest.approx(10.0)
    assert t.loc["BRG-TRB", "economic_importance"] == pytest.approx(5.0)
    assert bool(t.loc["HYD-PUMP", "critical"]) and not bool(t.loc["BRG-ACBB", "critical"])


def test_tiny_worst_embargo_and_rank(res):
    """JP embargo, 90 days, inventory 15, ramp-up 60: ACBB lost units 700 vs spare domestic 500 ->
    r = 5/7; both products f⁰ = 0, f¹ = 5/7 -> loss per product 1e7/365·(45 + 30·2/7) = 1 467 710;
    DE embargo: EXC stops 75 days -> 1e7·75/365 = 2 054 795 (no domestic pump capacity).
    Score (keyparts.priority.ranking: 0.4·SR/max SR + 0.3·EI/10 + 0.3·L/max L over the four
    leaves; max SR = 1 (HYD-PUMP), max L = 2·1 467 710 (BRG-ACBB)):
    BRG-ACBB 0.4·0.6490 + 0.3·1 + 0.3·1 = 0.8596; HYD-PUMP 0.4·1 + 0.3·0.5 + 0.3·75/(2·53.571) = 0.76;
    BRG-TRB (IR 0, import HHI_WGI,t 1 (JP only), SI_SR = 1 − 0.5·(1e6·20)/55e6 = 0.8182, no loss)
    0.4·0.8182 + 0.3·0.5 = 0.4773; GBX (no imports, SR 0) 0.3·0.5 = 0.15 -> ranks 1, 2, 3, 4."""
    t = res.table
    assert t.loc["BRG-ACBB", "worst_embargo_country"] == "JP"
    assert t.loc["BRG-ACBB", "worst_embargo_loss_usd"] == pytest.approx(2 * 1e7 / 365 * (45 + 30 * 2 / 7))
    assert t.loc["HYD-PUMP", "worst_embargo_loss_usd"] == pytest.approx(1e7 * 75 / 365)
    # ranked = taxonomy leaves only; ACBB (high SR·EI·loss) first, families unranked
    assert np.isnan(t.loc["BRG", "rank"]) and t.loc["BRG-ACBB", "rank"] == 1
    s_jp = 1e8 / (1e8 + 4e4)
    sr_acbb = ((s_jp**2 + 4 * (1 - s_jp) ** 2) / 3 + 0.474 * 2 / 3) * (1 - 0.5 * 4e4 / 120e6)
    want = {"BRG-ACBB": 0.4 * sr_acbb + 0.6, "HYD-PUMP": 0.76,
            "BRG-TRB": 0.4 * (1 - 0.5 * 20e6 / 55e6) + 0.15, "GBX": 0.15}
    for cid, v in want.items():
        assert t.loc[cid, "score"] == pytest.approx(v, rel=1e-9), cid
    assert t.loc[list(want), "rank"].tolist() == [1, 2, 3, 4]
    assert "60% of imports from JP" in t.loc["BRG-ACBB", "drivers"]


def test_sensitivity_is_seeded_and_bounded(res):
    again = run_assessment(tiny_dataset(), n_samples=200, seed=1)
    p = res.table["p_top_n"].dropna().to_numpy()
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_array_equal(p, again.table["p_top_n"].dropna().to_numpy())
    lo, hi = res.table.loc["BRG-ACBB", "rank_interval"]
    assert 1 <= lo <= hi <= 4


def test_json_contract(res):
    d = res.to_dict()
    assert set(d) >= {"year", "categories", "method"}
    need = {"id", "name", "import_reliance", "hhi", "hhi_risk", "supply_risk", "economic_importance",
            "critical", "rank", "top_origin", "top_origin_share", "flags", "p_top_n"}
    for c in d["categories"]:
        assert need <= set(c)
    assert d["year"] == 2024
    assert d["categories"][0]["id"] == "BRG-ACBB" and d["categories"][0]["rank"] == 1


def test_drivers_name_the_special_projects_and_the_gaps():
    """A project on HYD-PUMP (running, TRL 5) is named in its drivers; a ranked category with
    no project says so (the programme's gap)."""
    import pandas as pd

    from keyparts.dataset.model import Dataset
    from keyparts.priority.assess import run_assessment
    from tests.supply.tiny import tiny_frames

    frames = tiny_frames()
    frames["projects"] = pd.DataFrame([{"id": "PRJ1", "name": "Piston pumps", "category_id": "HYD-PUMP",
                                        "lead_id": "MK_CN", "participants": None, "budget_usd": 1e6,
                                        "start_year": 2024, "end_year": None, "readiness_level": 5,
                                        "status": "running"}])
    a = run_assessment(Dataset(meta={"name": "tiny", "year": 2024, "country": "CN"}, frames=frames),
                       n_samples=20).table
    assert a.loc["HYD-PUMP", "projects"] == ["PRJ1 (running, TRL 5)"]
    assert a.loc["HYD-PUMP", "drivers"].endswith("special projects: PRJ1 (running, TRL 5)")
    assert a.loc["BRG-ACBB", "drivers"].endswith("no special project yet")
