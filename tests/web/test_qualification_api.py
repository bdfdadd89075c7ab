"""Qualification cases over REST: a case is 404 to every enterprise that is not a party (the
part's maker, the OEM, the lab), on SQLite and PostgreSQL; only the OEM decides; overrides
need a named person and a reason and are audited; the OEM's applications are its own.

Fixture: the tiny dataset (tests/dataset/tiny.py) with a lab L1 added as the case's third
party. Case C1: part P1 (maker M1) for the OEM O1 on application A1, at bench_test after two
passes; M2 ("rival", and the analyst of M2) is no party.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from keyparts.store.accounts import audit_log
from keyparts.store.tables import TABLE
from keyparts.web import auth
from tests.dataset.tiny import TINY
from tests.web.conftest import PASSWORD, USERS, Env

ENTERPRISES = TINY["enterprises.csv"] + "L1,Shenyang Bearing Test Centre,lab,CN,Liaoning\n"
CASES = TINY["qualification_cases.csv"].replace("C1,P1,O1,A1,,T1", "C1,P1,O1,A1,L1,T1")
USERS_Q = {**USERS, "lab": ("L1", "member")}


def make_env(db_url: str, tmp_path) -> Env:
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store.repository import import_dataset
    from keyparts.web import create_app
    from tests.dataset.tiny import write_tiny

    app = create_app(db_url)
    folder = write_tiny(tmp_path / "tiny", enterprises_csv=ENTERPRISES, qualification_cases_csv=CASES)
    import_dataset(validate_and_type(read_dataset(folder)), engine=app.state.engine)
    tokens = {}
    for name, (ent, role) in USERS_Q.items():
        uid = auth.add_user(app.state.engine, name, PASSWORD, ent, role)
        tokens[name] = auth.create_token(app.state.engine, uid, "test")[1]
    return Env(app, db_url, tokens)


@pytest.fixture
def qenv(db_url, tmp_path):
    e = make_env(db_url, tmp_path)
    yield e
    e.app.state.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_qenv(request, tmp_path_factory):
    from tests.web.conftest import env_per_database
    yield from env_per_database(request, tmp_path_factory, make_env)


Q = "/api/v1/qualification"
CASE_CALLS = [  # every route that touches case C1
    ("GET", f"{Q}/cases/C1", None),
    ("GET", f"{Q}/cases/C1/history", None),
    ("GET", f"{Q}/cases/C1/plan", None),
    ("GET", f"{Q}/cases/C1/premium?units=10&unit_value=5", None),
    ("POST", f"{Q}/cases/C1/decisions", {"decision": "hold", "by": "Wang", "date": "2023-04-01"}),
]
APP_CALLS = [  # every route that touches the OEM's application A1
    ("GET", f"{Q}/applications/A1", None),
    ("PATCH", f"{Q}/applications/A1", {"required_life_h": 1}),
    ("DELETE", f"{Q}/applications/A1", None),
    ("POST", f"{Q}/cases", {"id": "C9", "part_id": "P2", "application_id": "A1"}),
]


def snapshot(env) -> dict:
    out = {}
    with env.app.state.engine.connect() as c:
        for name in ("applications", "qualification_cases", "qualification_events", "inspections"):
            out[name] = sorted(tuple(map(str, r)) for r in c.execute(sa.select(TABLE[name])))
        out["audit"] = sorted(tuple(map(str, r)) for r in c.execute(sa.select(audit_log)))
    return out


@pytest.mark.parametrize("method,path,body", CASE_CALLS + APP_CALLS, ids=[f"{m} {p}" for m, p, _ in CASE_CALLS + APP_CALLS])
def test_case_and_application_are_404_to_every_non_party(shared_qenv, method, path, body):
    before = snapshot(shared_qenv)
    outsiders = ("rival", "analyst") if "/cases/C1" in path else ("rival", "analyst", "maker", "lab")
    for who in outsiders:
        r = shared_qenv.client(who).request(method, path, json=body)
        assert r.status_code == 404, (who, r.status_code, r.text)
        assert "not found" in r.json()["detail"]
    assert snapshot(shared_qenv) == before


def test_lists_show_only_the_cases_one_is_a_party_to(shared_qenv):
    for who, n in (("oem", 1), ("maker", 1), ("lab", 1), ("admin", 1), ("rival", 0), ("analyst", 0)):
        rows = shared_qenv.client(who).get(f"{Q}/cases").json()
        assert len(rows) == n, who  # admin is a user of M1, the maker
    assert shared_qenv.client("rival").get(f"{Q}/applications").json()["total"] == 0
    assert shared_qenv.client("oem").get(f"{Q}/applications").json()["total"] == 1
    # the dataset summary counts a table's rows as the caller may know them
    rows = shared_qenv.client("rival").get("/api/v1/datasets/summary").json()["rows"]
    assert rows["qualification_cases"] == rows["qualification_events"] == rows["inspections"] == 0


def test_parties_read_the_case_and_only_the_oem_decides(qenv):
    for who in ("oem", "maker", "lab"):
        st = qenv.client(who).get(f"{Q}/cases/C1").json()
        assert st["stage"] == "bench_test" and [g["stage"] for g in st["gates"]] == \
            ["design_review", "first_article", "bench_test"]
        assert len(qenv.client(who).get(f"{Q}/cases/C1/history").json()) == 2
    for who in ("maker", "lab"):
        r = qenv.client(who).post(f"{Q}/cases/C1/decisions", json={"decision": "hold", "by": "Zhao"})
        assert r.status_code == 403 and "only the OEM" in r.json()["detail"]
    r = qenv.client("oem").post(f"{Q}/cases/C1/decisions", json={"decision": "hold", "by": "Li", "date": "2023-04-01"})
    assert r.status_code == 201 and r.json()["stage_after"] == "bench_test" and r.json()["override"] is False


def test_override_needs_a_reason_and_is_audited(qenv):
    """C1's bench evidence is campaign T1, which has an interval-censored unit (800–1000 h): the
    gate cannot be judged (passed null). A pass overrides it: without a reason 400; with one, the
    case moves to system_test, the gate reads passed true with the override (by, reason, the
    engine's null), and the audit entry records the engine's verdict."""
    oem = qenv.client("oem")
    r = oem.post(f"{Q}/cases/C1/decisions", json={"decision": "pass", "by": "Li Wei"})
    assert r.status_code == 400 and r.json()["detail"].startswith("reason:")
    r = oem.post(f"{Q}/cases/C1/decisions", json={"decision": "pass", "by": "Li Wei", "date": "2023-05-02",
                                                  "reason": "lab report LR-7: no failure in 3 x 1500 h"})
    assert r.status_code == 201, r.text
    assert r.json() | {} == r.json() and r.json()["override"] is True and r.json()["engine_passed"] is None
    assert r.json()["stage_before"] == "bench_test" and r.json()["stage_after"] == "system_test"
    st = oem.get(f"{Q}/cases/C1").json()
    bench = next(g for g in st["gates"] if g["stage"] == "bench_test")
    assert bench["passed"] is True
    assert bench["override"] == {"by": "Li Wei", "reason": "lab report LR-7: no failure in 3 x 1500 h",
                                 "engine_passed": None, "date": "2023-05-02"}
    assert bench["reasons"][0] == "overridden to pass by Li Wei: lab report LR-7: no failure in 3 x 1500 h"
    assert st["stage"] == "system_test"
    log = oem.get("/api/v1/audit").json()["items"][0]
    assert log["action"] == "decide" and log["row_key"] == "C1" and log["username"] == "oem"
    assert log["before"] == {"stage": "bench_test"} and log["after"]["engine_passed"] is None
    assert log["after"]["decided_by"] == "Li Wei"
    # the maker reads the new stage; the rival still gets 404
    assert qenv.client("maker").get(f"{Q}/cases/C1").json()["stage"] == "system_test"
    assert qenv.client("rival").get(f"{Q}/cases/C1").status_code == 404


def test_oem_manages_its_applications_and_opens_cases(qenv):
    oem = qenv.client("oem")
    body = {"id": "APP9", "category_id": "BRG-DGBB", "loads": "Fr=1kN; n=1500rpm", "required_life_h": 5000,
            "duty_hours_per_year": 2000}
    r = oem.post(f"{Q}/applications", json=body)
    assert r.status_code == 201 and r.json()["id"] == "O1:APP9" and r.json()["oem_id"] == "O1"
    assert oem.post(f"{Q}/applications", json={**body, "id": "APP8", "loads": "Fr=lots"}).status_code == 400
    assert oem.patch(f"{Q}/applications/O1:APP9", json={"required_life_h": 6000}).json()["required_life_h"] == 6000
    # a case for P2 (made by M2) on the new application: M2 becomes a party, M1 is none
    r = oem.post(f"{Q}/cases", json={"id": "C9", "part_id": "P2", "application_id": "O1:APP9", "opened": "2024-01-02"})
    assert r.status_code == 201 and r.json()["case_id"] == "O1:C9" and r.json()["stage"] == "design_review"
    assert qenv.client("rival").get(f"{Q}/cases/O1:C9").status_code == 200
    assert qenv.client("maker").get(f"{Q}/cases/O1:C9").status_code == 404
    # an application with a case cannot be deleted; one without can
    assert oem.delete(f"{Q}/applications/O1:APP9").status_code == 409
    assert oem.delete(f"{Q}/applications/A1").status_code == 409
    assert oem.post(f"{Q}/applications", json={**body, "id": "APP7"}).status_code == 201
    assert oem.delete(f"{Q}/applications/O1:APP7").status_code == 204
    # a part of another category is refused
    r = oem.post(f"{Q}/cases", json={"id": "C8", "part_id": "A1", "application_id": "A1"})
    assert r.status_code == 400 and "category" in r.json()["detail"]


def test_analysts_see_aggregates_with_the_k_rule(qenv):
    """C1 (maker M1, OEM O1) is the only case: a single case is never shown, every row is
    suppressed and the chain withholds its stage. Once O1 opens C9 for P2 (maker M2) on the
    same application, BRG-DGBB-P5 has 2 cases of 3 enterprises (M1, M2, O1) >= k = 3: 1 at
    bench_test, 1 at design_review, no qualified substitute; the chain's P1 link shows O1's
    furthest stage, bench_test. Members get 403 (national views); the chain of BRG-DGBB runs
    P1 (material) -> A1 (subsystem) -> X1 (product)."""
    analyst = qenv.client("analyst")
    assert qenv.client("oem").get(f"{Q}/summary").status_code == 403
    assert qenv.client("oem").get(f"{Q}/chain/BRG-DGBB").status_code == 403
    rows = analyst.get(f"{Q}/summary").json()
    assert [r["category_id"] for r in rows] == ["BRG", "BRG-DGBB", "BRG-DGBB-P5"]
    assert all(r["suppressed"] and r["cases"] is None for r in rows)
    c = analyst.get(f"{Q}/chain/BRG-DGBB").json()
    assert c["links"][0]["best_stage"] is None and "withheld" in c["links"][0]["state"]
    r = qenv.client("oem").post(f"{Q}/cases", json={"id": "C9", "part_id": "P2", "application_id": "A1",
                                                    "opened": "2023-02-01"})
    assert r.status_code == 201, r.text
    r = {x["category_id"]: x for x in analyst.get(f"{Q}/summary").json()}["BRG-DGBB-P5"]
    assert r["suppressed"] is False and r["cases"] == 2 and r["by_stage"] == {"design_review": 1, "bench_test": 1}
    assert (r["qualified_parts"], r["qualified_oems"], r["enterprises"]) == (0, 0, 3)
    c = analyst.get(f"{Q}/chain/BRG-DGBB").json()
    assert [lk["node_id"] for lk in c["links"]] == ["P1", "A1", "X1"]
    assert c["links"][0]["best_stage"] == "bench_test"
    assert analyst.get(f"{Q}/chain/NOPE").status_code == 404
