"""Interchange look-up and the CLI commands (tiny dataset through a patched loader)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import keyparts.cli.match as cli_match
from keyparts.cli import app
from keyparts.match import InterchangeIndex, build_index


@pytest.fixture(scope="module")
def inter(tiny_index):
    return InterchangeIndex.build(tiny_index)


def test_old_chinese_code_finds_the_same_boundary_parts(inter):
    """180209 is the old GB/GOST code of 6209-2RS: 45 x 85 x 19 mm (ISO 15, diameter series 2).
    Parts P1, P2, P4 have that geometry; P1 and P4 are 6209-2RS (identical), P2 is open."""
    res = inter.lookup("180209")
    assert res.boundary_mm == (45.0, 85.0, 19.0)
    grades = {c["part_id"]: c["grade"] for c in res.candidates}
    assert grades == {"P1": "identical", "P4": "identical", "P2": "similar"}
    assert res.C_kN == pytest.approx(35.1)  # from the dataset's 6209-2RS parts


def test_other_geometry_is_not_offered(inter):
    res = inter.lookup("6309")
    assert [c["part_id"] for c in res.candidates] == ["P3"]  # 45 x 100 x 25
    assert inter.lookup("6010").candidates == ()


@pytest.fixture()
def runner(monkeypatch, tiny):
    monkeypatch.setattr(cli_match, "load", lambda db, data: tiny)
    monkeypatch.setattr(cli_match, "load_view", lambda db, data: tiny)  # match reads table by table
    monkeypatch.setattr(cli_match, "load_index", lambda db, data: build_index(tiny))
    return CliRunner()


def test_cli_search_json_is_to_dict(runner):
    r = runner.invoke(app, ["search", "--category", "BRG", "--where", "d=45mm; C>=50kN", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["total"] == 1 and out["items"][0]["part_id"] == "P3"


def test_cli_search_table_and_bad_clause(runner):
    r = runner.invoke(app, ["search", "--where", "d=45mm", "--sort", "C", "--desc"])
    assert r.exit_code == 0 and "6 part(s)" in r.output and "P3" in r.output
    r = runner.invoke(app, ["search", "--where", "d>=banana"])
    assert r.exit_code == 2


def test_cli_interchange(runner):
    r = runner.invoke(app, ["interchange", "6209-2RS", "--json"])
    assert r.exit_code == 0, r.output
    assert {c["part_id"] for c in json.loads(r.output)["candidates"]} == {"P1", "P2", "P4"}


def test_cli_interchange_table_shows_country_and_units(runner):
    """P1 is made by M1, a CN maker (conftest): the table names the country; the header
    'C [kN]' is printed as text (Rich read '[kN]' as markup and dropped it)."""
    r = runner.invoke(app, ["interchange", "6209-2RS"])
    assert r.exit_code == 0, r.output
    row = next(line for line in r.output.splitlines() if " P1 " in line)
    assert " M1 " in row and " CN " in row
    assert "C [kN]" in r.output and "country" in r.output


def test_cli_match_contract_and_exit_codes(runner):
    r = runner.invoke(app, ["match", "--demand", "DM1", "--top", "3", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["demand"]["id"] == "DM1" and out["candidates"][0]["part_id"] == "P2"
    r = runner.invoke(app, ["match", "--demand", "DM2"])
    assert r.exit_code == 1 and "C>=100kN" in r.output
    assert runner.invoke(app, ["match", "--demand", "NOPE"]).exit_code == 2


def test_cli_allocate_contract(runner):
    """DM1 (20 000 pieces): passing parts P2 (3.5 USD + risk 0.5·3.5·0.3), P1 (4.0 + 0.6), P4
    (9.0 + 0.5·9·0.2 = 0.9). With max-share 0.7: 14 000 from the cheapest (P2, capacity
    50 000) and 6 000 from P1. DM2 and DM3 have no eligible part: all shortfall."""
    r = runner.invoke(app, ["allocate", "--max-share", "0.7", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["status"] == "optimal"
    alloc = {(a["demand_id"], a["part_id"]): a["quantity"] for a in out["allocations"]}
    assert alloc == pytest.approx({("DM1", "P2"): 14000, ("DM1", "P1"): 6000})
    assert {s["demand_id"]: s["quantity"] for s in out["shortfall"]} == {"DM2": 1000, "DM3": 500}
    assert "inputs" in out and out["inputs"]["pairs"]
    # the run is saved for audit (inputs, solution, objective, status) and can be read back
    from keyparts.store.runs import get_run

    saved = get_run(out["run_id"])
    assert saved["status"] == "optimal" and saved["result"]["allocations"] == out["allocations"]


SERIES = ["60", "62", "63"]
SUFFIX = ["", "-2RS", "-2Z", "-Z", "/P5", "/P6", "/C3", "-2RS/C3", "E"]


def test_fast_grades_equal_the_design_engine_on_every_pair():
    """Invariant: the look-up's grades (designation part cached, C part vectorised) equal
    keyparts.design.interchange.interchange called pair by pair, for every query/candidate
    designation of one geometry and ratings below, equal to and above the query's C."""
    import numpy as np
    import pandas as pd

    from keyparts.design.interchange import interchange
    from keyparts.match import PartIndex

    desig = [f"6205{s}" for s in SUFFIX] * 3
    # 6205: C 14.0 kN, the non-Explorer rating most makers list (ISO 281 from its geometry gives
    # 14 027 N, tests/design/test_bearing_reference.py; SKF Explorer 14.8 kN); candidates -7 %, 0,
    # +11 % around it
    C = np.repeat([13.0, 14.0, 15.6], len(SUFFIX))
    n = len(desig)
    ix = PartIndex.from_arrays(part_id=np.array([f"P{i:02d}" for i in range(n)], dtype=object),
                               category_id=np.full(n, "B", dtype=object),
                               categories=pd.DataFrame({"id": ["B"], "parent_id": [None]}),
                               numeric={"d": np.full(n, 25.0), "D": np.full(n, 52.0), "B": np.full(n, 15.0), "C": C},
                               units={}, text={"designation": np.array(desig, dtype=object),
                                               "maker_id": np.full(n, "M", dtype=object)})
    ii = InterchangeIndex.build(ix)
    for q in [f"6205{s}" for s in SUFFIX] + ["180205", "60205"]:
        for c_q in (None, 14.0, 0.0):
            res = ii.lookup(q, C_kN=c_q, include_not_interchangeable=True)
            assert len(res.candidates) == n
            for cand in res.candidates:
                ref = interchange(q, cand["designation"], C_a_kN=res.C_kN, C_b_kN=cand["C_kN"]) \
                    if res.C_kN else interchange(q, cand["designation"])
                assert cand["grade"] == ref.grade, (q, cand)
                assert set(cand["reasons"]) == set(ref.reasons)
