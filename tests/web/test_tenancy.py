"""Confidentiality: every endpoint that reads or writes owned rows answers 404 to another
enterprise and leaves the row (and the audit log) unchanged. Runs on SQLite and PostgreSQL.

Owners in the tiny dataset (tests/dataset/tiny.py): demand D1 and sourcing O1|A1|M1|CN belong
to the OEM O1; part P1 (its price and life test T1) to the maker M1; M2 ("rival") owns none
of these.
"""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from keyparts.store.accounts import audit_log, visibility
from keyparts.store.tables import TABLE

SRC = "O1|A1|M1|CN"
CSV = b"time,status\n100,F\n200,F\n"

# (owner, method, path, json/files) -- every route that touches one owned row
FOREIGN_CALLS = [
    ("oem", "GET", "/api/v1/demands/D1", None),
    ("oem", "PATCH", "/api/v1/demands/D1", {"quantity": 1}),
    ("oem", "DELETE", "/api/v1/demands/D1", None),
    ("oem", "GET", "/api/v1/demands/D1/matches", None),
    ("oem", "POST", "/api/v1/allocations", {"demand_ids": ["D1"]}),
    ("oem", "GET", "/api/v1/visibility/demands/D1", None),
    ("oem", "PUT", "/api/v1/visibility/demands/D1", {"visibility": "public"}),
    ("oem", "GET", f"/api/v1/sourcing/{SRC}", None),
    ("oem", "PATCH", f"/api/v1/sourcing/{SRC}", {"share": 0.5}),
    ("oem", "DELETE", f"/api/v1/sourcing/{SRC}", None),
    ("oem", "GET", f"/api/v1/visibility/sourcing/{SRC}", None),
    ("oem", "PUT", f"/api/v1/visibility/sourcing/{SRC}", {"visibility": "public"}),
    ("maker", "GET", "/api/v1/tests/T1", None),
    ("maker", "GET", "/api/v1/tests/T1/fit", None),
    ("maker", "DELETE", "/api/v1/tests/T1", None),
    ("maker", "GET", "/api/v1/visibility/tests/T1", None),
    ("maker", "PUT", "/api/v1/visibility/tests/T1", {"visibility": "public"}),
    ("maker", "POST", "/api/v1/parts/P1/tests", "upload"),
    ("maker", "GET", "/api/v1/parts/P1/price", None),
    ("maker", "PUT", "/api/v1/parts/P1/price", {"unit_price_usd": 0.01}),
    ("maker", "GET", "/api/v1/visibility/prices/P1", None),
    ("maker", "PUT", "/api/v1/visibility/prices/P1", {"visibility": "public"}),
]


def snapshot(env) -> dict:
    """Every owned table, the visibility table and the audit log, as sorted rows."""
    out = {}
    with env.app.state.engine.connect() as c:
        for t in (TABLE["demands"], TABLE["sourcing"], TABLE["tests"], TABLE["parts"], visibility, audit_log):
            out[t.name] = sorted(tuple(map(str, r)) for r in c.execute(sa.select(t)))
    return out


def call(client, method: str, path: str, body):
    if body == "upload":
        return client.post(path, files={"file": ("t.csv", io.BytesIO(CSV), "text/csv")}, data={"test_id": "TX"})
    return client.request(method, path, json=body)


@pytest.mark.parametrize("owner,method,path,body", FOREIGN_CALLS, ids=[f"{m} {p}" for _, m, p, _ in FOREIGN_CALLS])
def test_foreign_enterprise_gets_404_and_row_unchanged(shared_env, owner, method, path, body):
    env = shared_env
    before = snapshot(env)
    for foreign in ("rival", "analyst", "admin" if owner == "oem" else "oem"):
        r = call(env.client(foreign), method, path, body)
        assert r.status_code == 404, (foreign, r.status_code, r.text)
        assert "not found" in r.json()["detail"]
    assert snapshot(env) == before


def test_owner_may_call_every_route_of_its_rows(env):
    """The same routes succeed for the owner (so the 404s above come from the tenancy layer,
    not from a broken route); run in list order, deletes of a row after its other uses."""
    order = sorted(FOREIGN_CALLS, key=lambda c: c[1] == "DELETE")
    for owner, method, path, body in order:
        r = call(env.client(owner), method, path, body)
        assert r.status_code in (200, 201, 204), (method, path, r.text)


def test_lists_and_exports_hide_foreign_rows(env):
    rival = env.client("rival")
    assert rival.get("/api/v1/demands").json()["total"] == 0
    assert rival.get("/api/v1/sourcing").json()["total"] == 0
    assert rival.get("/api/v1/tests").json()["total"] == 0
    for kind in ("demands", "sourcing", "tests"):
        assert rival.get(f"/api/v1/export/{kind}.csv").text == ""
    assert env.client("oem").get("/api/v1/demands").json()["total"] == 1


def test_prices_and_tests_hidden_in_catalog_for_other_enterprises(env):
    """P1 costs USD 4.5 (tiny.py); only its maker M1 sees it, in search and on the part."""
    q = "/api/v1/parts?q=d%3D25mm"
    mine = {i["part_id"]: i["unit_price_usd"] for i in env.client("maker").get(q).json()["items"]}
    theirs = {i["part_id"]: i["unit_price_usd"] for i in env.client("rival").get(q).json()["items"]}
    assert mine["P1"] == 4.5 and theirs["P1"] is None
    assert theirs["P2"] == 7.25 and mine["P2"] is None
    p = env.client("oem").get("/api/v1/parts/P1").json()
    assert p["unit_price_usd"] is None and p["test_campaigns"] == []
    assert "unit_price_usd" not in p["values"]
    p = env.client("maker").get("/api/v1/parts/P1").json()
    assert p["unit_price_usd"] == 4.5 and p["test_campaigns"] == ["T1"]


def test_shared_row_is_readable_by_named_enterprise_only_and_still_not_writable(env):
    maker, oem, rival = env.client("maker"), env.client("oem"), env.client("rival")
    r = maker.put("/api/v1/visibility/tests/T1", json={"visibility": "shared", "shared_with": ["O1"]})
    assert r.status_code == 200 and r.json()["shared_with"] == ["O1"]
    assert len(oem.get("/api/v1/tests/T1").json()) == 3
    assert rival.get("/api/v1/tests/T1").status_code == 404
    assert oem.delete("/api/v1/tests/T1").status_code == 404
    assert oem.put("/api/v1/visibility/tests/T1", json={"visibility": "public"}).status_code == 404
    assert len(maker.get("/api/v1/tests/T1").json()) == 3


def test_public_demand_is_visible_to_all_but_writable_by_owner_only(env):
    oem, rival = env.client("oem"), env.client("rival")
    assert oem.put("/api/v1/visibility/demands/D1", json={"visibility": "public"}).status_code == 200
    assert rival.get("/api/v1/demands/D1").json()["quantity"] == 5000
    assert rival.patch("/api/v1/demands/D1", json={"quantity": 1}).status_code == 404
    assert oem.get("/api/v1/demands/D1").json()["quantity"] == 5000
    # shared-price: a price shared with O1 appears for O1 only
    env.client("maker").put("/api/v1/visibility/prices/P1", json={"visibility": "shared", "shared_with": ["O1"]})
    assert oem.get("/api/v1/parts/P1/price").json()["unit_price_usd"] == 4.5
    assert rival.get("/api/v1/parts/P1/price").status_code == 404


def test_every_write_is_audited_with_who_and_what_changed(env):
    oem = env.client("oem")
    r = oem.post("/api/v1/demands", json={"id": "D2", "category_id": "BRG-DGBB", "quantity": 10})
    assert r.status_code == 201 and r.json()["oem_id"] == "O1"
    oem.patch("/api/v1/demands/O1:D2", json={"quantity": 20})  # ids namespaced by the creator
    oem.delete("/api/v1/demands/O1:D2")
    log = oem.get("/api/v1/audit").json()["items"]
    assert [e["action"] for e in log[:3]] == ["delete", "update", "create"]
    assert all(e["username"] == "oem" and e["enterprise_id"] == "O1" and e["row_key"] == "O1:D2" for e in log[:3])
    assert log[1]["before"] == {"quantity": 10.0} and log[1]["after"] == {"quantity": 20.0}
    assert log[0]["before"]["quantity"] == 20.0
    # another enterprise does not see O1's audit trail
    assert env.client("rival").get("/api/v1/audit").json()["total"] == 0


def test_owner_cannot_change_key_or_owner(env):
    assert env.client("oem").post("/api/v1/demands", json={"id": "D2", "category_id": "BRG", "quantity": 1}).status_code == 201
    r = env.client("oem").post("/api/v1/demands", json={"id": "D2", "category_id": "BRG", "quantity": 1})
    assert r.status_code == 409 and "already exists" in r.json()["detail"]
    r = env.client("oem").post("/api/v1/demands", json={"id": "D9", "oem_id": "M2", "category_id": "BRG",
                                                        "quantity": 1})
    assert r.status_code == 422  # oem_id is not an input: the owner is the caller's enterprise
