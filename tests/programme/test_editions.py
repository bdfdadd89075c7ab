"""Editions of the key-category list: publish, store, export, and the explained difference by hand."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.errors import InputError, NotFoundError
from keyparts.programme.editions import Edition, diff, fingerprint, publish, score_of, shapley
from tests.programme.editions_data import three_leaves

AT = "2026-01-01T00:00:00+00:00"


def _two():
    ds = three_leaves()
    return (publish(ds, "2022", year=2022, top_n=2, n_samples=0, published_at=AT),
            publish(ds, "2023", year=2023, top_n=2, n_samples=0, published_at=AT))


def test_edition_freezes_the_hand_derived_list():
    """SR = [HHI_GS·IR/2 + HHI·(1 − IR/2)]·SI_SR with HHI_GS = 4, SI_SR = 1 (see three_leaves):
    2022 A = 4·0.25 + 2·0.75 = 2.5, B = 4·0.5 + 2·0.5 = 3.0, C = 4·0.4 + 2·0.6 = 2.8;
    2023 A = 4·0.3 + 2·0.7 = 2.6, B = 4·0.5 + 1·0.5 = 2.5, C = 2.8.
    score = 0.4·SR/max SR: 2022 B 0.4, C 0.37333, A 0.33333; 2023 C 0.4, A 0.37143, B 0.35714."""
    e22, e23 = _two()
    r22 = e22.rows.set_index("category_id")
    assert list(e22.rows.sort_values("rank")["category_id"]) == ["BRG-B", "BRG-C", "BRG-A"]
    assert r22["supply_risk"].to_dict() == pytest.approx({"BRG-A": 2.5, "BRG-B": 3.0, "BRG-C": 2.8})
    assert r22["score"].to_dict() == pytest.approx({"BRG-A": 0.4 * 2.5 / 3, "BRG-B": 0.4, "BRG-C": 0.4 * 2.8 / 3})
    assert (e22.sr_max, e23.sr_max) == pytest.approx((3.0, 2.8))
    assert list(e23.listed()["category_id"]) == ["BRG-C", "BRG-A"]
    assert e22.method_version == e23.method_version
    back = Edition.from_dict(json.loads(json.dumps(e23.to_dict())))
    assert back.to_dict() == e23.to_dict()
    assert pickle.loads(pickle.dumps(e23)).to_dict() == e23.to_dict()


def test_edition_diff_drivers_by_hand():
    """Top 2: 2022 (B, C) → 2023 (C, A). A entered (3 → 2), B left (1 → 3), C moved (2 → 1).
    Two-factor Shapley of s = 0.4·SR/M (M = max SR, 3.0 → 2.8):
      part of SR = ½·0.4·ΔSR·(1/M0 + 1/M1), part of M = ½·0.4·(SR0 + SR1)·(1/M1 − 1/M0).
    A: ΔSR = 0.1 from IR 0.5 → 0.6: IR 0.2·0.1·(1/3 + 1/2.8) = 0.0138095;
       M 0.2·5.1·(1/2.8 − 1/3) = 0.0242857; sum 0.0380952 = 0.371429 − 0.333333.
    B: ΔSR = −0.5 from HHI 2 → 1 (IR = 1, weight 1 − IR/2 = 0.5): HHI 0.2·(−0.5)·0.690476 = −0.0690476;
       M 0.2·5.5·0.0238095 = 0.0261905; sum −0.0428571 = 0.357143 − 0.4.
    C: nothing of its own changed: all of +0.0266667 (0.4 − 0.373333) is the normaliser M."""
    e22, e23 = _two()
    d = diff(e22, e23)
    (a,), (b,), (c,) = d.entered, d.left, d.moved
    assert (a["category_id"], a["rank_a"], a["rank_b"]) == ("BRG-A", 3, 2)
    assert (b["category_id"], b["rank_a"], b["rank_b"]) == ("BRG-B", 1, 3)
    assert (c["category_id"], c["rank_a"], c["rank_b"]) == ("BRG-C", 2, 1)
    parts = lambda e: {x["indicator"]: x["contribution"] for x in e["drivers"]}
    assert parts(a) == pytest.approx({"import_reliance": 0.0138095, "sr_max": 0.0242857}, abs=1e-7)
    assert parts(b) == pytest.approx({"hhi_risk": -0.0690476, "sr_max": 0.0261905}, abs=1e-7)
    assert parts(c) == pytest.approx({"sr_max": 0.4 - 0.4 * 2.8 / 3}, abs=1e-9)
    assert a["terms"] == pytest.approx({"supply_risk": 0.0380952, "economic_importance": 0.0,
                                        "embargo_loss": 0.0}, abs=1e-7)
    assert [x["indicator"] for x in b["drivers"]] == ["hhi_risk", "sr_max"]   # largest first
    assert b["drivers"][0]["words"] == "concentration of import origins HHI 2 → 1: -0.069 score"
    assert "rank 1 → 3" in b["words"] and "import reliance IR 50% → 60%" in a["words"]
    json.dumps(d.to_dict())


def test_shapley_parts_with_ei_loss_and_weights_by_hand():
    """One category, SR term fixed (SR = M, term = w_SR). EI 2 → 4, L 50 → 100 with max L 100 → 200,
    weights (0.4, 0.3, 0.3) both: EI part 0.3·(4 − 2)/10 = 0.06 (additive, one factor);
    loss term 0.3·L/Lmax = 0.15 → 0.15: parts of L ½·0.3·50·(1/100 + 1/200) = 0.1125 and of Lmax
    ½·0.3·(50 + 100)·(1/200 − 1/100) = −0.1125; the score changes by 0.06 exactly."""
    x0 = {k: np.array([v]) for k, v in dict(import_reliance=1.0, hhi_global=2.0, hhi_risk=2.0, si_sr=1.0,
                                            sr_max=2.0, economic_importance=2.0, worst_embargo_loss_usd=50.0,
                                            loss_max=100.0, w_sr=0.4, w_ei=0.3, w_loss=0.3).items()}
    x1 = dict(x0, economic_importance=np.array([4.0]), worst_embargo_loss_usd=np.array([100.0]),
              loss_max=np.array([200.0]))
    p = shapley(score_of, x0, x1)
    assert float(p["economic_importance"][0]) == pytest.approx(0.06)
    assert float(p["worst_embargo_loss_usd"][0]) == pytest.approx(0.1125)
    assert float(p["loss_max"][0]) == pytest.approx(-0.1125)
    assert float(sum(v[0] for v in p.values())) == pytest.approx(float(score_of(x1)[0] - score_of(x0)[0]))
    assert float(p["import_reliance"][0]) == 0.0


def test_shapley_parts_always_sum_to_the_change():
    """Efficiency of the Shapley value (Shorrocks 2013, property of eq. 6) on random factors."""
    rng = np.random.default_rng(3)
    x0 = {k: rng.uniform(0.1, 5, 50) for k in ("import_reliance", "hhi_global", "hhi_risk", "si_sr", "sr_max",
                                               "economic_importance", "worst_embargo_loss_usd", "loss_max",
                                               "w_sr", "w_ei", "w_loss")}
    x1 = {k: v * rng.uniform(0.5, 1.5, 50) for k, v in x0.items()}
    p = shapley(score_of, x0, x1)
    np.testing.assert_allclose(sum(p.values()), score_of(x1) - score_of(x0), atol=1e-12)


def test_fingerprint_changes_with_one_cell():
    ds = three_leaves()
    fp = fingerprint(ds, {"year": 2023})
    assert fp == fingerprint(three_leaves(), {"year": 2023})
    assert fp != fingerprint(ds, {"year": 2022})
    ds.frames["trade"].loc[0, "value_usd"] = 501.0
    assert fp != fingerprint(ds, {"year": 2023})


def test_editions_are_stored_listed_and_frozen(db_url):
    from keyparts.store.editions import get_edition, list_editions, save_edition

    e22, e23 = _two()
    save_edition(e23.to_dict(), source="test", url=db_url)
    save_edition(e22.to_dict(), source="test", url=db_url)
    assert [e["name"] for e in list_editions(db_url)] == ["2022", "2023"]
    assert get_edition("2023", db_url) == e23.to_dict()
    with pytest.raises(InputError, match="exists already"):
        save_edition(e23.to_dict(), source="test", url=db_url)
    with pytest.raises(NotFoundError, match="published: 2022, 2023"):
        get_edition("2030", db_url)


def test_cli_publish_export_diff(tmp_path, monkeypatch):
    from keyparts.dataset.io import write_dataset

    folder = tmp_path / "ds"
    write_dataset(three_leaves(), folder)
    db = f"sqlite:///{tmp_path / 'e.db'}"
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    for y in ("2022", "2023"):
        r = run(app, ["edition", "publish", y, "--year", y, "--top", "2", "--samples", "0",
                      "--data", str(folder), "--db", db])
        assert r.exit_code == 0, r.output
    r = run(app, ["edition", "publish", "2023", "--data", str(folder), "--db", db])
    assert r.exit_code == 2 and "exists already" in r.output
    r = run(app, ["edition", "diff", "2022", "2023", "--db", db, "--json"])
    out = json.loads(r.output)
    assert set(out) >= {"entered", "left", "moved"}
    assert [e["category_id"] for e in out["entered"]] == ["BRG-A"]
    for fmt in ("csv", "xlsx", "html"):
        r = run(app, ["edition", "export", "2023", "--format", fmt, "--db", db])
        assert r.exit_code == 0, r.output
    assert list(pd.read_csv(tmp_path / "2023.csv")["category_id"]) == ["BRG-C", "BRG-A", "BRG-B"]
    assert list(pd.read_excel(tmp_path / "2023.xlsx", sheet_name="edition")["rank"]) == [1, 2, 3]
    assert "<td>BRG-C</td>" in (tmp_path / "2023.html").read_text()
    r = run(app, ["edition", "list", "--db", db, "--json"])
    assert [e["name"] for e in json.loads(r.output)["editions"]] == ["2022", "2023"]


def test_a_model_re_dated_equals_one_built_for_the_year():
    """keyparts.supply.model.for_year recomputes only the year's indicators."""
    from keyparts.priority.assess import build_model
    from keyparts.supply.model import for_year

    ds = three_leaves()
    a, b = for_year(build_model(ds, 2022), ds.frames, 2023), build_model(ds, 2023)
    pd.testing.assert_frame_equal(a.indicators.table, b.indicators.table)
    assert a.year == 2023
