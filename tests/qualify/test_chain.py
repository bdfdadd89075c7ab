"""The chain (一条龙) of a key category, on a hand-made dataset.

An excavator EXC (OEM1, 100 a year) needs one pump PUMP_JP (imported from Japan, HYD-PUMP),
and each pump four rubber seals bought as the category line SEAL-RUB. Domestic: PUMP_CN
(prototype, 50 pumps/year) with a case for OEM1, and SEAL_CN (in production, 1 000 seals/year).
A test lab LAB1 took part in no case yet.

Hand values: need HYD-PUMP = 100 × 1 = 100 pumps/year, SEAL-RUB = 100 × 4 = 400 seals/year;
domestic capacity SEAL-RUB 1 000 (coverage 2.5), HYD-PUMP 0 for everyone plus PUMP_CN's 50
when the case has reached small_batch (coverage 0.5: the bottleneck), else 0.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.dataset.model import Dataset
from keyparts.priority.assess import build_model
from keyparts.qualify.chain import chain
from tests.supply.test_qualified_loop import _df, dataset


def chain_dataset(stage: str) -> Dataset:
    ds = dataset()
    f = dict(ds.frames)
    f["categories"] = pd.concat([f["categories"], _df("id name name_zh parent_id level hs_codes", [
        ("SEAL", "Seals", None, None, "family", None), ("SEAL-RUB", "Rubber seals", None, "SEAL", "category", None)])])
    f["enterprises"] = pd.concat([f["enterprises"], _df("id name kind country region", [
        ("LAB1", "Pump test lab", "lab", "CN", None)])])
    f["parts"] = pd.concat([f["parts"], _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
        ("SEAL_CN", "MK_CN", "SEAL-RUB", "O-ring 40x3", "production", 5.0, 1000.0)])])
    f["bom"] = _df("parent_id child_id qty essential", [("EXC", "PUMP_JP", 1.0, True), ("PUMP_JP", "SEAL-RUB", 4.0, True)])
    f["qualification_cases"] = _df("id part_id oem_id stage lab_id", [("Q1", "PUMP_CN", "OEM1", stage, None)])
    return Dataset(meta=ds.meta, frames=f)


def _chain(stage: str):
    ds = chain_dataset(stage)
    return chain(build_model(ds), ds.frames, "HYD-PUMP")


def test_links_run_material_to_product_with_need_capacity_and_coverage():
    c = _chain("batch_supply")
    assert [(lk.tier, lk.node_id) for lk in c.links] == [("material", "SEAL-RUB"), ("subsystem", "PUMP_JP"),
                                                          ("product", "EXC")]
    seal, pump, exc = c.links
    assert seal.need_units == pytest.approx(400) and seal.domestic_capacity_units == pytest.approx(1000)
    assert seal.coverage == pytest.approx(2.5) and not seal.bottleneck
    assert pump.need_units == pytest.approx(100) and pump.domestic_capacity_units == pytest.approx(50)
    assert pump.coverage == pytest.approx(0.5) and pump.bottleneck and c.bottleneck is pump
    assert pump.origin == "JP" and pump.best_stage == "batch_supply"
    assert pump.state == "imported (JP) part, production; qualified for this OEM"
    assert exc.need_units == pytest.approx(100) and exc.state == "end product of OEM1"
    assert c.product_id == "EXC" and c.oem_id == "OEM1"


def test_a_case_still_in_qualification_adds_no_capacity():
    pump = _chain("bench_test").links[1]
    assert pump.domestic_capacity_units == pytest.approx(0) and pump.coverage == pytest.approx(0)
    assert pump.state == "imported (JP) part, production; a domestic substitute in this OEM's qualification at bench_test"


def test_proposal_names_the_domestic_maker_the_oem_and_the_lab():
    p = _chain("field_trial").proposal
    assert (p.maker_id, p.part_id, p.oem_id, p.lab_id) == ("MK_CN", "PUMP_CN", "OEM1", "LAB1")
    assert p.reasons[0] == ("PUMP_CN: furthest case stage field_trial, 0 life-test campaign(s), "
                            "capacity 50 pieces/year (best of 1 domestic part(s))")
    d = _chain("field_trial").to_dict()
    assert d["bottleneck"] == "PUMP_JP" and d["names"]["LAB1"] == "Pump test lab"


def test_cases_behind_too_few_enterprises_are_withheld():
    """With k = 3 (or 2 cases required), the one case (MK_CN and OEM1: 2 enterprises) informs neither the pump's
    state nor the proposal's ranking; the capacity it brings (a qualified part's) stays, it is
    the supply model's."""
    ds = chain_dataset("batch_supply")
    assert chain(build_model(ds), ds.frames, "HYD-PUMP", min_cases=2).links[1].best_stage is None
    c = chain(build_model(ds), ds.frames, "HYD-PUMP", min_enterprises=3)
    pump = c.links[1]
    assert pump.best_stage is None and pump.domestic_capacity_units == pytest.approx(50)
    assert pump.state == ("this OEM's qualification cases withheld (too few enterprises behind them); "
                          "imported (JP) part, production")
    assert "furthest case stage withheld" in c.proposal.reasons[0]
