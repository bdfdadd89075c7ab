"""Disruption scenarios and exposure: hand-computed cases and invariants.

Hand cases (tiny dataset, tests/supply/tiny.py; 90 days, inventory 15, ramp-up 60 ->
shortfall without ramp-up d1 = min(90, 60) − 15 = 45 days, with ramp-up d2 = 90 − 60 = 30):
* embargo JP: ACBB_JP (all from JP) remain 0; spare domestic ACBB capacity 500 pcs/yr vs lost
  700 -> r = 5/7. EXC = min(GEARBOX = min(ACBB, TRB), PUMP) and SPN = ACBB -> f⁰ = 0, f¹ = 5/7.
  Lost per product = 1e7/365·(45 + 30·2/7) = 1 467 710.4; output fraction = 1 − 53.571/90 = 0.40476.
* embargo DE: PUMP_DE lost, no domestic pump capacity -> EXC stops 75 days: 1e7·75/365; SPN 0.
* failed supplier MK_JP: same as the JP embargo (it is the only JP source).
* exposure: EXC per unit: gearbox 5000 (CN) + 2 pumps 2000 (DE) + 4 ACBB 400 (JP) + 2 TRB 40 (CN)
  = 7440 -> imported share 2400/7440; SPN: 6 ACBB 600 (JP) + 2 TRB category lines at the TRB
  median price 20 with IR 0 (domestic) -> 600/640; essential only: 600/600.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.dataset.model import Dataset
from keyparts.priority.assess import build_model
from keyparts.supply.exposure import exposure
from keyparts.supply.scenario import Scenario, simulate
from tests.supply.tiny import tiny_dataset

LOSS_JP = 1e7 / 365 * (45 + 30 * 2 / 7)


@pytest.fixture(scope="module")
def model():
    return build_model(tiny_dataset())


def test_embargo_jp_by_hand(model):
    r = simulate(model, Scenario(embargo=("JP",), duration_days=90, inventory_days=15, ramp_up_days=60))
    assert r.products.loc["EXC", "lost_value_usd"] == pytest.approx(LOSS_JP)
    assert r.products.loc["SPN", "output_fraction"] == pytest.approx(1 - (45 + 30 * 2 / 7) / 90)
    assert r.products.loc["EXC", "binding_items"] == ["ACBB_JP"]
    assert r.total_lost_value_usd == pytest.approx(2 * LOSS_JP)
    assert r.industries.loc["construction", "lost_share"] == pytest.approx((45 + 30 * 2 / 7) / 90)


def test_embargo_de_and_failed_supplier_by_hand(model):
    r = simulate(model, Scenario(embargo=("DE",)))
    assert r.products.loc["EXC", "lost_value_usd"] == pytest.approx(1e7 * 75 / 365)
    assert r.products.loc["SPN", "lost_value_usd"] == 0.0
    f = simulate(model, Scenario(failed_suppliers=("MK_JP",)))
    assert f.total_lost_value_usd == pytest.approx(2 * LOSS_JP)


def test_inventory_covering_the_disruption_loses_nothing(model):
    """Inventory 90 days >= duration 90 days: no shortfall day."""
    assert simulate(model, Scenario(embargo=("JP", "DE"), inventory_days=90)).total_lost_value_usd == 0.0


def test_exposure_by_hand(model):
    e = exposure(model)
    assert e.products.loc["EXC", "imported_share"] == pytest.approx(2400 / 7440)
    assert e.products.loc["SPN", "imported_share"] == pytest.approx(600 / 640)
    assert e.products.loc["SPN", "essential_imported_share"] == pytest.approx(1.0)
    assert e.industry_by_origin.loc["construction", "DE"] == pytest.approx(2000 / 7440)
    assert e.product_by_origin.loc["SPN", "JP"] == pytest.approx(600 / 640)
    assert e.to_dict()["product_by_origin"]["EXC"]["JP"] == pytest.approx(400 / 7440)
    spof = e.spof.set_index("item_id")
    assert spof.loc["ACBB_JP", "dependent_products"] == 2 and bool(spof.loc["ACBB_JP", "foreign"])


# ---------------------------------------------------------------- random supply networks
COUNTRIES = ["CN", "JP", "DE", "US", "KR"]


@st.composite
def random_dataset(draw, domestic_only: bool = False):
    n_parts = draw(st.integers(2, 10))
    n_prod = draw(st.integers(1, 3))
    makers = [(f"M{c}", c) for c in COUNTRIES]
    parts = [(f"P{i}", draw(st.sampled_from(["MCN"] if domestic_only else [m for m, _ in makers])),
              draw(st.sampled_from(["C1", "C2"])), "d", draw(st.sampled_from(["qualified", "production",
                                                                              "prototype"])),
              draw(st.sampled_from([1.0, 10.0, 100.0])), draw(st.sampled_from([0.0, 50.0, 1000.0])))
             for i in range(n_parts)]
    bom = {}
    for p in range(n_prod):
        for i in range(n_parts):
            if draw(st.booleans()):
                bom[(f"X{p}", f"P{i}")] = (draw(st.sampled_from([1.0, 2.0])), draw(st.booleans()))
    for j in range(1, n_parts):
        for i in range(j):
            if draw(st.integers(0, 3)) == 0:
                bom[(f"P{i}", f"P{j}")] = (draw(st.sampled_from([1.0, 3.0])), draw(st.booleans()))
    src = {}
    for i in range(n_parts):
        for _ in range(draw(st.integers(0, 2))):
            c = "CN" if domestic_only else draw(st.sampled_from(COUNTRIES))
            src[("OEM", f"P{i}", f"M{c}", c)] = draw(st.sampled_from([0.3, 0.5, 1.0]))
    frames = {
        "countries": pd.DataFrame({"code": COUNTRIES, "name": COUNTRIES, "risk": [4.0, 1, 1, 2, 2],
                                   "export_control": 1.0}),
        "categories": pd.DataFrame({"id": ["C", "C1", "C2"], "name": ["c", "c1", "c2"],
                                    "name_zh": None, "parent_id": [None, "C", "C"],
                                    "level": ["family", "category", "category"],
                                    "hs_codes": ["8482", "848210", "848220"]}),
        "enterprises": pd.DataFrame([("OEM", "o", "oem", "CN", None)] +
                                    [(m, m, "parts_maker", c, None) for m, c in makers],
                                    columns=["id", "name", "kind", "country", "region"]),
        "parts": pd.DataFrame(parts, columns=["id", "maker_id", "category_id", "designation", "status",
                                              "unit_price_usd", "annual_capacity"]),
        "products": pd.DataFrame([(f"X{p}", "OEM", "x", ["a", "b"][p % 2], 10.0, 1000.0) for p in range(n_prod)],
                                 columns=["id", "oem_id", "name", "industry", "annual_units", "unit_value_usd"]),
        "bom": pd.DataFrame([(p, c, q, e) for (p, c), (q, e) in bom.items()],
                            columns=["parent_id", "child_id", "qty", "essential"]),
        "sourcing": pd.DataFrame([(*k, v) for k, v in src.items()],
                                 columns=["buyer_id", "item_id", "supplier_id", "origin_country", "share"]),
        "trade": pd.DataFrame([("848210", 2024, "JP", "import", 5e6, None, None)],
                              columns=["hs_code", "year", "partner_country", "flow", "value_usd", "quantity",
                                       "unit"]) if not domestic_only else
        pd.DataFrame(columns=["hs_code", "year", "partner_country", "flow", "value_usd", "quantity", "unit"]),
        "production": pd.DataFrame({"category_id": ["C1"], "year": [2024], "domestic_output_usd": [1e6]}),
    }
    return Dataset(meta={"country": "CN", "year": 2024}, frames=frames)


embargo_sets = st.sets(st.sampled_from(COUNTRIES[1:]), max_size=4)


@settings(max_examples=60, deadline=None)
@given(random_dataset(), embargo_sets, embargo_sets, st.sampled_from([30.0, 90.0, 200.0]))
def test_superset_embargo_never_loses_less(ds, e1, extra, days):
    m = build_model(ds)
    small = simulate(m, Scenario(embargo=tuple(sorted(e1)), duration_days=days))
    big = simulate(m, Scenario(embargo=tuple(sorted(e1 | extra)), duration_days=days))
    assert np.all(big.products["lost_value_usd"].to_numpy() >= small.products["lost_value_usd"].to_numpy() - 1e-6)
    for r in (small, big):
        f = r.products["output_fraction"].to_numpy()
        assert np.all((f >= 0) & (f <= 1))


@settings(max_examples=40, deadline=None)
@given(random_dataset(domestic_only=True), embargo_sets)
def test_all_domestic_supply_loses_nothing_under_any_foreign_embargo(ds, emb):
    m = build_model(ds)
    r = simulate(m, Scenario(embargo=tuple(sorted(emb)), duration_days=120, inventory_days=0))
    assert r.total_lost_value_usd == 0.0
    assert np.all(r.products["output_fraction"].to_numpy() == 1.0)
    e = exposure(m)
    assert np.all(e.products["imported_share"].to_numpy() == 0.0)
    assert not e.spof["foreign"].astype(bool).any()


@settings(max_examples=30, deadline=None)
@given(random_dataset())
def test_imported_shares_ir_and_hhi_stay_in_their_ranges(ds):
    """Exposure shares and IR in [0, 1]; HHI in [1/n, 1] for n origins, at every taxonomy level."""
    m = build_model(ds)
    t = m.indicators.table
    assert ((t["import_reliance"] >= 0) & (t["import_reliance"] <= 1)).all()
    has = t["n_origins"] > 0
    assert (t.loc[has, "hhi"] >= 1 / t.loc[has, "n_origins"] - 1e-12).all()
    assert (t.loc[has, "hhi"] <= 1 + 1e-12).all()
    e = exposure(m)
    for col in ("imported_share", "essential_imported_share", "top_foreign_origin_share"):
        v = e.products[col].to_numpy()
        assert np.all((v >= 0) & (v <= 1 + 1e-12)), col


def test_loss_is_split_among_binding_categories(model):
    """Embargo JP + DE: EXC is bound by ACBB_JP and PUMP_DE at f⁰ = 0 and loses 1e7·75/365 (pump
    never recovers); half goes to BRG-ACBB, half to HYD-PUMP. SPN loses LOSS_JP, all to BRG-ACBB.
    The family BRG sums its children."""
    from keyparts.supply.scenario import lost_by_binding_category
    per_cat, total = lost_by_binding_category(model, Scenario(embargo=("JP", "DE")))
    k = model.tax.ids
    exc = 1e7 * 75 / 365
    assert total == pytest.approx(exc + LOSS_JP)
    assert per_cat[k.get_loc("HYD-PUMP")] == pytest.approx(exc / 2)
    assert per_cat[k.get_loc("BRG-ACBB")] == pytest.approx(exc / 2 + LOSS_JP)
    assert per_cat[k.get_loc("BRG")] == pytest.approx(per_cat[k.get_loc("BRG-ACBB")])
