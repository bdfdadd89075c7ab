"""M-5 (visibility outlives its row) and M-8 (races on updates and visibility) of issue 11.

Tiny dataset (tests/dataset/tiny.py): demand D1 of O1 ("oem"), quantity 5000; the rival is
M2. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from keyparts.store.accounts import audit_log, visibility
from tests.dataset.tiny import TINY, write_tiny


def reimport(env, tmp_path, **changes) -> None:
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store.repository import import_dataset
    ds = validate_and_type(read_dataset(write_tiny(tmp_path / "again", **changes)))
    import_dataset(ds, engine=env.app.state.engine)
    env.app.state.cache.bump()


def test_a_public_demand_given_to_a_new_owner_by_reimport_starts_private(env, tmp_path):
    """O1 makes D1 public; a re-import gives D1 to the new OEM O2. The rival must not see O2's
    demand, and the old entry is gone with the old owner."""
    oem, rival = env.client("oem"), env.client("rival")
    assert oem.put("/api/v1/visibility/demands/D1", json={"visibility": "public"}).status_code == 200
    assert rival.get("/api/v1/demands/D1").status_code == 200
    reimport(env, tmp_path, enterprises_csv=TINY["enterprises.csv"] + "O2,Xugong Cranes,oem,CN,Jiangsu\n",
             demands_csv=TINY["demands.csv"].replace("D1,O1,", "D1,O2,"))
    assert rival.get("/api/v1/demands/D1").status_code == 404
    assert oem.get("/api/v1/demands/D1").status_code == 404
    with env.app.state.engine.connect() as c:
        assert c.execute(sa.select(visibility)).all() == []


def test_a_shared_price_given_to_a_new_maker_starts_private(env, tmp_path):
    """M1 shares P1's price with O1; a re-import makes M2 the maker of P1: the price is M2's
    and private, so O1 no longer sees it."""
    maker, oem = env.client("maker"), env.client("oem")
    r = maker.put("/api/v1/visibility/prices/P1", json={"visibility": "shared", "shared_with": ["O1"]})
    assert r.status_code == 200 and oem.get("/api/v1/parts/P1/price").status_code == 200
    reimport(env, tmp_path, parts_csv=TINY["parts.csv"].replace("P1,M1,", "P1,M2,"))
    assert oem.get("/api/v1/parts/P1/price").status_code == 404
    assert env.client("rival").get("/api/v1/visibility/prices/P1").json()["visibility"] == "private"


def chained(entries: list[dict], start: dict) -> bool:
    """Each audit entry's "before" is the previous entry's "after" (the first: ``start``)."""
    prev = start
    for e in entries:
        if e["before"] != prev:
            return False
        prev = e["after"]
    return True


def audit_of(env, table: str, key: str, action: str) -> list[dict]:
    import json
    with env.app.state.engine.connect() as c:
        rows = c.execute(sa.select(audit_log.c.before, audit_log.c.after).where(
            audit_log.c.table_name == table, audit_log.c.row_key == key, audit_log.c.action == action)
            .order_by(audit_log.c.id)).all()
    return [{"before": json.loads(b), "after": json.loads(a)} for b, a in rows]


def test_parallel_updates_answer_200_or_409_and_the_audit_trail_chains(env):
    """50 parallel PATCHes of D1's quantity (1..50): no 5xx; every stored change has a "before"
    equal to the previous change's "after", starting from 5000 pieces."""
    oem = env.client("oem")
    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(lambda q: oem.patch("/api/v1/demands/D1", json={"quantity": q}).status_code,
                              range(1, 51)))
    assert set(codes) <= {200, 409} and 200 in codes, codes
    trail = audit_of(env, "demands", "D1", "update")
    assert len(trail) == codes.count(200)
    assert chained(trail, {"quantity": 5000.0})
    assert oem.get("/api/v1/demands/D1").json()["quantity"] == trail[-1]["after"]["quantity"]


def test_parallel_visibility_changes_answer_200_or_409_and_chain(env):
    """20 parallel visibility changes of D1 (alternately public and shared with M2): no 5xx,
    and the visibility audit trail chains from "private"."""
    oem = env.client("oem")
    bodies = [{"visibility": "public"} if i % 2 else {"visibility": "shared", "shared_with": ["M2"]}
              for i in range(20)]
    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(lambda b: oem.put("/api/v1/visibility/demands/D1", json=b).status_code, bodies))
    assert set(codes) <= {200, 409} and 200 in codes, codes
    trail = audit_of(env, "demands", "D1", "visibility")
    assert len(trail) == codes.count(200)
    assert chained(trail, {"visibility": "private", "shared_with": []})
