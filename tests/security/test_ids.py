"""M-3 (existence oracle), M-8 (parallel creates) and the '/' ids of issue 11.

Tiny dataset owners (tests/dataset/tiny.py): demand D1 belongs to O1 ("oem"), campaign T1 to
M1 ("maker", part P1); the rival M2 makes P2. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

CSV = b"time,status\n100,F\n200,F\n"


def demand(client, id_: str):
    return client.post("/api/v1/demands", json={"id": id_, "category_id": "BRG", "quantity": 3})


def upload(client, part: str, test_id: str):
    return client.post(f"/api/v1/parts/{part}/tests", files={"file": ("t.csv", io.BytesIO(CSV), "text/csv")},
                       data={"test_id": test_id})


def test_a_competitors_demand_id_answers_like_a_free_one(env):
    """D1 is O1's private demand, D77 is free: the rival gets 201 for both, each stored in its
    own namespace (M2:D1, M2:D77), and O1's D1 is untouched."""
    rival = env.client("rival")
    taken, free = demand(rival, "D1"), demand(rival, "D77")
    assert (taken.status_code, free.status_code) == (201, 201), (taken.text, free.text)
    assert (taken.json()["id"], free.json()["id"]) == ("M2:D1", "M2:D77")
    assert env.client("oem").get("/api/v1/demands/D1").json()["quantity"] == 5000


def test_a_competitors_campaign_id_answers_like_a_free_one(env):
    """T1 is M1's campaign; the rival stores campaigns T1 and T77 of its own part P2 alike."""
    rival = env.client("rival")
    taken, free = upload(rival, "P2", "T1"), upload(rival, "P2", "T77")
    assert (taken.status_code, free.status_code) == (201, 201), (taken.text, free.text)
    assert taken.json()[0]["test_id"] == "M2:T1" and free.json()[0]["test_id"] == "M2:T77"
    assert len(env.client("maker").get("/api/v1/tests/T1").json()) == 3


def test_own_duplicate_is_a_conflict(env):
    oem = env.client("oem")
    assert demand(oem, "D8").status_code == 201
    r = demand(oem, "D8")
    assert r.status_code == 409 and "O1:D8" in r.json()["detail"]


def test_ids_that_no_url_can_reach_are_refused(env):
    """'/' splits a URL path (the row could never be read, deleted or shared); ':' is the
    namespace separator; bidi overrides hide the real text (Unicode TR #9)."""
    oem = env.client("oem")
    for bad in ("a/b", "a:b", "D\u202e9", "x\\y"):
        r = demand(oem, bad)
        assert r.status_code == 400 and "id" in r.json()["detail"], bad
    assert env.client("oem").get("/api/v1/demands").json()["total"] == 1


def test_parallel_creates_of_one_id_give_one_201_and_409s(env):
    """20 parallel creates of one demand id: exactly one is stored, the others answer 409."""
    oem = env.client("oem")
    with ThreadPoolExecutor(20) as pool:
        codes = sorted(pool.map(lambda _: demand(oem, "DPAR").status_code, range(20)))
    assert codes == [201] + [409] * 19


def test_parallel_uploads_of_one_campaign_give_one_201_and_409s(env):
    maker = env.client("maker")
    with ThreadPoolExecutor(10) as pool:
        codes = sorted(pool.map(lambda _: upload(maker, "P1", "TPAR").status_code, range(10)))
    assert codes == [201] + [409] * 9
