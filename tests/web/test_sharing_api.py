"""Sharing through the API, on SQLite and PostgreSQL: share, publish and revoke demands, prices
and campaigns; the makers' demand board; offers; allocations that use offers and shared prices,
say why a quantity is unmet, and are saved for audit. Tiny dataset (tests/dataset/tiny.py):
O1 (OEM, CN) owns D1; M1 (CN, country risk 3.2) makes P1 (list price 4.50) and A1; M2 (JP,
risk 1.1) makes P2 (7.25); both P1 and P2 are 25 mm bore bearings with C = 14.8 kN.

Allocation unit cost + risk per piece (keyparts.match.plan): price x (1 + 0.5 x risk/10),
P1 offered at 4.00: 4.00 x 1.16 = 4.64; P2 at 7.25: 7.25 x 1.055 = 7.649.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa


def _demand(oem, name="D5", q=5000, **extra):
    r = oem.post("/api/v1/demands", json={"id": name, "category_id": "BRG-DGBB", "quantity": q,
                                           "constraints": "d=25mm", **extra})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_share_board_offer_allocate_revoke(env):
    oem, maker, rival = env.client("oem"), env.client("maker"), env.client("rival")
    did = _demand(oem)
    assert did == "O1:D5"
    # private: nobody else sees it, on the board or by id
    assert maker.get("/api/v1/board").json() == []
    assert maker.get(f"/api/v1/demands/{did}").status_code == 404
    # shared with M1 only
    r = oem.put("/api/v1/sharing", json={"kind": "demands", "keys": [did], "visibility": "shared",
                                        "shared_with": ["M1"]})
    assert r.status_code == 200 and r.json()[0]["shared_with"] == ["M1"]
    board = maker.get("/api/v1/board").json()
    assert [d["id"] for d in board] == [did] and board[0]["oem_name"] == "Hengyu Machinery"
    assert [(p["part_id"], p["passed"]) for p in board[0]["my_parts"]] == [("P1", True)]
    assert rival.get("/api/v1/board").json() == []
    assert rival.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P2", "unit_price_usd": 1}).status_code == 404
    # the maker offers P1: 4.00 USD for 3000 pieces
    r = maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": 4.0, "capacity": 3000})
    assert r.status_code == 201, r.text
    offer = r.json()
    assert (offer["maker_id"], offer["designation"]) == ("M1", "6205-2RS/P5")
    assert [o["id"] for o in oem.get(f"/api/v1/offers?demand_id={did}").json()] == [offer["id"]]
    assert rival.get("/api/v1/offers").json() == []
    assert rival.delete(f"/api/v1/offers/{offer['id']}").status_code == 404
    # the OEM allocates: 3000 from the offer; P2's price is not shared, so 2000 unmet, with reasons
    a = oem.post("/api/v1/allocations", json={"demand_ids": [did]}).json()
    assert [(x["part_id"], x["quantity"], x["unit_cost"]) for x in a["allocations"]] == [("P1", 3000.0, 4.0)]
    (s,) = a["shortfall"]
    assert s["quantity"] == pytest.approx(2000.0)
    assert s["reasons"] == ["no maker has shared a price for 1 part(s) that meet it (P2), nor offered one",
                            "capacity exhausted: all that was offered is allocated: P1 (M1, 3000 pcs)"]
    # M2 shares P2's price with O1: the other 2000 go to P2; cost 3000 x 4 + 2000 x 7.25 = 26 500 USD
    assert rival.put("/api/v1/sharing", json={"kind": "prices", "keys": ["P2"], "visibility": "shared",
                                              "shared_with": ["O1"]}).status_code == 200
    a2 = oem.post("/api/v1/allocations", json={"demand_ids": [did]}).json()
    assert {x["part_id"]: x["quantity"] for x in a2["allocations"]} == pytest.approx({"P1": 3000, "P2": 2000})
    assert a2["summary"]["cost_usd"] == pytest.approx(26_500.0) and a2["shortfall"] == []
    # revoked: back to 2000 unmet
    rival.put("/api/v1/sharing", json={"kind": "prices", "keys": ["P2"], "visibility": "private"})
    a3 = oem.post("/api/v1/allocations", json={"demand_ids": [did]}).json()
    assert a3["summary"]["unmet"] == pytest.approx(2000.0)
    # every web/API allocation is saved for audit, with the caller
    from keyparts.store.runs import analysis_runs
    with env.app.state.engine.connect() as conn:
        runs = conn.execute(sa.select(analysis_runs.c.id, analysis_runs.c.enterprise_id, analysis_runs.c.username)
                            .order_by(analysis_runs.c.id)).all()
    assert [(r.id, r.enterprise_id, r.username) for r in runs] == [
        (a["run_id"], "O1", "oem"), (a2["run_id"], "O1", "oem"), (a3["run_id"], "O1", "oem")]
    # the OEM revokes the demand: the maker no longer sees it on its board, nor can offer
    oem.put("/api/v1/sharing", json={"kind": "demands", "keys": [did], "visibility": "private"})
    assert maker.get("/api/v1/board").json() == []
    assert maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": 3}).status_code == 404
    # withdrawing its offer
    assert maker.delete(f"/api/v1/offers/{offer['id']}").status_code == 204
    assert oem.get("/api/v1/offers").json() == []


def test_demand_input_has_every_field_of_the_contract(env):
    """DemandIn is derived from dataset/schema.py: certifications (';'-separated) is a field; a
    maker without the approval fails the demand (tiny M1 holds none)."""
    from keyparts.dataset.schema import TABLE_BY_NAME
    from keyparts.web.api.schemas import DemandIn
    assert set(DemandIn.model_fields) == set(TABLE_BY_NAME["demands"].column_names) - {"oem_id"}
    oem, maker = env.client("oem"), env.client("maker")
    did = _demand(oem, "D6", certifications="AS9100D")
    assert oem.get(f"/api/v1/demands/{did}").json()["certifications"] == "AS9100D"
    oem.put("/api/v1/sharing", json={"kind": "demands", "keys": [did], "visibility": "public"})
    (d,) = maker.get("/api/v1/board").json()
    assert [(p["part_id"], p["passed"]) for p in d["my_parts"]] == [("P1", False)]
    assert any("AS9100D" in r for r in d["my_parts"][0]["reasons"])


def test_unmet_quantity_says_no_candidate_meets_the_life(env):
    """D1 needs 20 000 h at Fr = 2 kN, 3 000 r/min; P1 and P2 (C = 14.8 kN) give ISO 281
    (14.8/2)^3 = 405.2 Mrev / (60 x 3 000) = 2 251 h: nothing meets it."""
    a = env.client("oem").post("/api/v1/allocations", json={"demand_ids": ["D1"]}).json()
    assert a["summary"]["unmet"] == 5000.0
    assert a["shortfall"][0]["reasons"][0].startswith("no candidate meets L10h >= 20,000 h")


def test_offers_only_own_parts_on_others_visible_demands(env):
    oem, maker = env.client("oem"), env.client("maker")
    did = _demand(oem)
    oem.put("/api/v1/sharing", json={"kind": "demands", "keys": [did], "visibility": "public"})
    assert maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P2", "unit_price_usd": 1}).status_code == 404
    assert oem.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": 1}).status_code in (400, 404)
    r = maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": -1})
    assert r.status_code == 422
    # a second offer of the same part revises the first
    o1 = maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": 4}).json()
    o2 = maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": 3.5}).json()
    assert o1["id"] == o2["id"] and o2["unit_price_usd"] == 3.5
    audit = maker.get("/api/v1/audit").json()["items"]
    assert [(e["action"], e["table_name"]) for e in audit[:2]] == [("update", "offers"), ("create", "offers")]


def test_maker_prices_set_share_revoke(env):
    maker, oem = env.client("maker"), env.client("oem")
    prices = maker.get("/api/v1/prices").json()
    assert [(p["part_id"], p["unit_price_usd"], p["visibility"]) for p in prices] == [
        ("A1", 1200.0, "private"), ("P1", 4.5, "private")]
    assert oem.get("/api/v1/parts/P1/price").status_code == 404
    assert maker.put("/api/v1/parts/P1/price", json={"unit_price_usd": 4.2}).status_code == 200
    maker.put("/api/v1/sharing", json={"kind": "prices", "keys": ["P1", "A1"], "visibility": "public"})
    assert oem.get("/api/v1/parts/P1/price").json()["unit_price_usd"] == 4.2
    assert {p["part_id"]: p["visibility"] for p in maker.get("/api/v1/prices").json()} == {"A1": "public", "P1": "public"}
    maker.put("/api/v1/sharing", json={"kind": "prices", "keys": ["P1"], "visibility": "private"})
    assert oem.get("/api/v1/parts/P1/price").status_code == 404
    # a part of another maker cannot be shared by M1 (404, as if it did not exist)
    r = maker.put("/api/v1/sharing", json={"kind": "prices", "keys": ["P2"], "visibility": "public"})
    assert r.status_code == 404


def test_campaigns_shared_and_listed(env):
    maker, rival = env.client("maker"), env.client("rival")
    rows = maker.get("/api/v1/sharing").json()
    assert [(c["test_id"], c["visibility"]) for c in rows["campaigns"]] == [("T1", "private")]
    assert rival.get("/api/v1/tests/T1").status_code == 404
    maker.put("/api/v1/sharing", json={"kind": "tests", "keys": ["T1"], "visibility": "shared", "shared_with": ["M2"]})
    assert rival.get("/api/v1/tests/T1").status_code == 200
    assert rival.get("/api/v1/sharing").json()["campaigns"] == []  # seen, not owned


def test_cli_allocation_on_the_database_uses_stored_offers(env):
    """`keyparts allocate --db` (national: every stored price) with P1 listed at 4.50 but offered
    at 4.00 for 3 000 pcs: the offer replaces P1's list price for this demand and caps it at
    3 000, so the other 2 000 of 5 000 go to P2 (7.25): 3 000 x 4.00 + 2 000 x 7.25 = 26 500 USD."""
    import json

    from typer.testing import CliRunner

    from keyparts.cli import app
    oem, maker = env.client("oem"), env.client("maker")
    did = _demand(oem)
    oem.put("/api/v1/sharing", json={"kind": "demands", "keys": [did], "visibility": "public"})
    maker.post(f"/api/v1/demands/{did}/offers", json={"part_id": "P1", "unit_price_usd": 4.0, "capacity": 3000})
    res = CliRunner().invoke(app, ["allocate", "--db", env.url, "--demand", did, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert {a["part_id"]: a["quantity"] for a in out["allocations"]} == pytest.approx({"P1": 3000, "P2": 2000})
    assert out["summary"]["cost_usd"] == pytest.approx(26_500.0)
