"""Programme pages and API (issue 14 §5) on a hand-made two-year dataset, on SQLite and PostgreSQL.

The dataset is tests/programme/test_localisation.two_years (figures derived by hand there) plus a
second OEM, OEM2, whose product PR2 (10 units/year) holds one P_JP (Japanese maker); targets.csv
sets BRG-BALL consumption_share 0.7 and OEM's product PR bom_value_share 0.8 by 2025; the dynamic load rating C of P_CN is 18 kN (of P_JP
25 kN) and challenge CH-A asks for a domestic BRG-BALL with C>=20kN at 20 pieces/year. The editions are those of
tests/programme/editions_data.three_leaves (2022 and 2023, top 2), published into the same
database: A entered (3 → 2), B left (1 → 3), C moved (2 → 1) (tests/programme/test_editions.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.web import auth
from tests.web.conftest import PASSWORD, Env, env_per_database

USERS = {"analyst": ("MK_JP", "analyst"), "oem": ("OEM", "member"), "oem2": ("OEM2", "member")}
AT = "2026-01-01T00:00:00+00:00"


def dataset():
    from tests.programme.test_localisation import two_years
    ds = two_years()
    f = ds.frames
    f["enterprises"] = pd.concat([f["enterprises"], pd.DataFrame([
        {"id": "OEM2", "name": "OEM 2", "kind": "oem", "country": "CN", "region": None}])], ignore_index=True)
    f["products"] = pd.concat([f["products"], pd.DataFrame([
        {"id": "PR2", "oem_id": "OEM2", "name": "Pump", "industry": "pumps", "annual_units": 10.0,
         "unit_value_usd": 500.0}])], ignore_index=True)
    f["bom"] = pd.concat([f["bom"], pd.DataFrame([{"parent_id": "PR2", "child_id": "P_JP", "qty": 1.0,
                                                  "essential": True}])], ignore_index=True)
    f["targets"] = pd.DataFrame([{"scope": "BRG-BALL", "indicator": "consumption_share", "value": 0.7,
                                  "year": 2025, "source": "plan"},
                                 {"scope": "PR", "indicator": "bom_value_share", "value": 0.8, "year": 2025,
                                  "source": "OEM plan"}])
    f["parameters"] = pd.DataFrame([{"category_id": "BRG-BALL", "name": "C", "unit": "kN", "kind": "number",
                                     "description": None}])
    f["part_values"] = pd.DataFrame([{"part_id": "P_CN", "parameter": "C", "value": "18", "unit": "kN"},
                                     {"part_id": "P_JP", "parameter": "C", "value": "25", "unit": "kN"}])
    f["challenges"] = pd.DataFrame([{"id": "CH-A", "category_id": "BRG-BALL", "target": "C>=20kN",
                                     "deadline": "2026-12-31", "budget_usd": 1e6, "issuer": "ministry",
                                     "status": "open", "winner_id": None, "planned_capacity": 20.0}])
    return ds


def write(ds, folder):
    """The dataset as CSV files and a dataset.toml, as a user would give it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.toml").write_text('name = "programme"\nyear = 2023\ncurrency = "USD"\ncountry = "CN"\n'
                                         'provenance = "test fixture"\n', encoding="utf-8")
    for name, df in ds.frames.items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return folder


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def prog_env(request, tmp_path_factory):
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.programme.editions import publish
    from keyparts.store.editions import save_edition
    from keyparts.store.repository import import_dataset
    from keyparts.web import create_app
    from tests.programme.editions_data import three_leaves

    def build(url, tmp):
        app = create_app(url)
        import_dataset(validate_and_type(read_dataset(write(dataset(), tmp / "programme"))), engine=app.state.engine)
        for year in (2022, 2023):
            ed = publish(three_leaves(), str(year), year=year, top_n=2, n_samples=0, published_at=AT)
            save_edition(ed.to_dict(), source="three_leaves", engine=app.state.engine)
        tokens = {}
        for name, (ent, role) in USERS.items():
            uid = auth.add_user(app.state.engine, name, PASSWORD, ent, role)
            tokens[name] = auth.create_token(app.state.engine, uid, "test")[1]
        return Env(app, url, tokens)

    yield from env_per_database(request, tmp_path_factory, build)


def _rows(body, key, id_):
    return {r["year"]: r for r in body["series"] if r.get(key) == id_}


def test_trend_by_hand(prog_env):
    """BRG-BALL: IR 2022 = 500/1 000 = 0.5, 2023 = 440/1 200 = 0.36667; imports all from JP: HHI 1,
    origin share JP 1; consumption_share 0.5 → 0.63333, bom_value_share 0.5, 0.5, qualified capacity
    0.4, 0.33333; target 0.7 by 2025: gap 0.06667, 0.03333 a year needed, +0.13333 a year observed."""
    r = prog_env.client("analyst").get("/api/v1/programme/categories/BRG-BALL/trend")
    assert r.status_code == 200, r.text
    t = r.json()
    ind = {x["year"]: x for x in t["indicators"]}
    assert (ind[2022]["import_reliance"], ind[2023]["import_reliance"]) == pytest.approx((0.5, 440 / 1200))
    assert (ind[2022]["hhi"], ind[2023]["hhi"]) == pytest.approx((1.0, 1.0))
    assert [(o["year"], o["country"], o["share"]) for o in t["origins"]] == [(2022, "JP", 1.0), (2023, "JP", 1.0)]
    s = _rows(t["localisation"], "category_id", "BRG-BALL")
    assert (s[2022]["consumption_share"], s[2023]["consumption_share"]) == pytest.approx((0.5, 1 - 440 / 1200))
    assert (s[2022]["qualified_capacity_share"], s[2023]["qualified_capacity_share"]) == pytest.approx((0.4, 1 / 3))
    (tg,) = t["localisation"]["targets"]
    assert (tg["gap"], tg["needed_per_year"], tg["observed_per_year"]) == pytest.approx(
        (0.7 - (1 - 440 / 1200), (0.7 - (1 - 440 / 1200)) / 2, (1 - 440 / 1200) - 0.5))
    assert tg["on_track"] is True
    (d,) = t["localisation"]["decomposition"]   # Ang (2005) LMDI-I, by hand in test_localisation.py
    assert (d["delta_imports_usd"], d["substitution_effect_usd"], d["price_effect_usd"]) == pytest.approx(
        (-60.0, -163.8273, 103.8273), abs=1e-4)


def test_trend_is_national_and_unknown_category_404(prog_env):
    assert prog_env.client("oem").get("/api/v1/programme/categories/BRG-BALL/trend").status_code == 403
    assert prog_env.client("analyst").get("/api/v1/programme/categories/NOPE/trend").status_code == 404


def test_analyst_sees_national_localisation(prog_env):
    """National: PR 0.5 (2 x USD 10 domestic of 40 per unit), PR2 0 (one P_JP); industries likewise."""
    b = prog_env.client("analyst").get("/api/v1/programme/localisation", params={"year": 2023}).json()
    assert b["scope"] == "national" and b["enterprise_id"] is None
    assert _rows(b, "product_id", "PR")[2023]["bom_value_share"] == pytest.approx(0.5)
    assert _rows(b, "product_id", "PR2")[2023]["bom_value_share"] == pytest.approx(0.0)
    assert {r["year"] for r in b["series"]} == {2023}


def test_an_oem_sees_its_own_products_only(prog_env):
    """OEM sees PR and not PR2, OEM2 PR2 and not PR. The part prices are the makers' (not shared
    with the OEMs), and only 2 makers price BRG-BALL parts (fewer than k = 3, so the category's
    median is not disclosed either): every part is priced alike (keyparts.supply.model: a part
    without a price takes its category's median, else 1), so OEM's PR = 2 domestic units of 3 =
    0.66667 in both years; OEM2's PR2 = 0 domestic of 1."""
    own = prog_env.client("oem").get("/api/v1/programme/localisation").json()
    assert own["scope"] == "enterprise" and own["enterprise_id"] == "OEM"
    assert {r.get("product_id") for r in own["series"]} == {"PR"}
    assert [r["bom_value_share"] for r in own["series"]] == pytest.approx([2 / 3, 2 / 3])
    (tg,) = own["targets"]     # PR 0.8 by 2025: gap 0.8 − 2/3, flat series: not on track
    assert (tg["scope"], tg["actual"], tg["gap"], tg["on_track"]) == ("PR", pytest.approx(2 / 3),
                                                                      pytest.approx(0.8 - 2 / 3), False)
    other = prog_env.client("oem2").get("/api/v1/programme/localisation").json()
    assert {r.get("product_id") for r in other["series"]} == {"PR2"}
    assert other["targets"] == []     # OEM's product target is not OEM2's
    assert [r["bom_value_share"] for r in other["series"]] == pytest.approx([0.0, 0.0])
    assert prog_env.client("oem").get("/api/v1/programme/localisation", params={"product": "PR2"}).status_code == 404
    page = prog_env.client("oem").get("/programme/localisation")
    assert page.status_code == 200 and "PR2" not in page.text and "66.7 %" in page.text


def test_editions_list_export_and_diff(prog_env):
    c = prog_env.client("analyst")
    eds = c.get("/api/v1/programme/editions").json()["editions"]
    assert [(e["name"], e["year"]) for e in eds] == [("2022", 2022), ("2023", 2023)]
    assert len(eds[0]["fingerprint"]) == 64
    csv = c.get(eds[1]["exports"]["csv"])
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert [line.split(",")[0] for line in csv.text.lstrip("\ufeff").splitlines()[1:]] == ["BRG-C", "BRG-A", "BRG-B"]
    assert c.get(eds[1]["exports"]["xlsx"]).content[:2] == b"PK"
    assert "<table>" in c.get(eds[1]["exports"]["html"]).text
    d = c.get("/api/v1/programme/editions/diff", params={"a": "2022", "b": "2023"}).json()
    assert [(e["category_id"], e["rank_a"], e["rank_b"]) for e in d["entered"]] == [("BRG-A", 3, 2)]
    assert [(e["category_id"], e["rank_a"], e["rank_b"]) for e in d["left"]] == [("BRG-B", 1, 3)]
    assert [(e["category_id"], e["rank_a"], e["rank_b"]) for e in d["moved"]] == [("BRG-C", 2, 1)]
    assert {x["indicator"]: x["contribution"] for x in d["left"][0]["drivers"]} == pytest.approx(
        {"hhi_risk": -0.0690476, "sr_max": 0.0261905}, abs=1e-7)
    assert c.get("/api/v1/programme/editions/diff", params={"a": "2022", "b": "NOPE"}).status_code == 404
    assert prog_env.client("oem").get("/api/v1/programme/editions").status_code == 403


@pytest.mark.parametrize("lang, words", [
    ("en", ["Left the list", "concentration of import origins HHI 2.000 → 1.000: -0.069 score", "1 → 3"]),
    ("zh_CN", ["退出清单", "进口来源集中度 HHI 2.000 → 1.000：-0.069 分", "1 → 3"]),
])
def test_diff_page_in_both_languages(prog_env, lang, words):
    c = prog_env.client("analyst")
    c.cookies.set("lang", lang)
    html = c.get("/programme/editions/diff", params={"a": "2022", "b": "2023"}).text
    for w in words:
        assert w in html


@pytest.mark.parametrize("lang, words", [
    ("en", ["Trend of", "50.0 %", "36.7 %", "63.3 %", "+6.7 pp", "+3.3 pp", "+13.3 pp", "yes", "-164", "104"]),
    ("zh_CN", ["趋势", "50.0 %", "36.7 %", "63.3 %", "+6.7 个百分点", "+3.3 个百分点", "是"]),
])
def test_trend_page_in_both_languages(prog_env, lang, words):
    """The figures of test_trend_by_hand in per cent and percentage points."""
    c = prog_env.client("analyst")
    c.cookies.set("lang", lang)
    r = c.get("/categories/BRG-BALL/trend")
    assert r.status_code == 200, r.text
    for w in words:
        assert w in r.text, w
    assert 'data-chart="trend-shares-option"' in r.text


@pytest.mark.parametrize("lang, title", [("en", "Localisation rates"), ("zh_CN", "国产化率")])
def test_localisation_and_editions_pages_in_both_languages(prog_env, lang, title):
    c = prog_env.client("analyst")
    c.cookies.set("lang", lang)
    page = c.get("/programme/localisation", params={"year": 2023}).text
    assert title in page and "63.3 %" in page and "PR2" in page
    drill = c.get("/programme/localisation", params={"year": 2023, "category": "BRG"}).text
    assert "/categories/BRG-BALL/trend" in drill and "63.3 %" in drill    # BRG's one subcategory
    eds = c.get("/programme/editions").text
    assert "/api/v1/programme/editions/2023/export?format=xlsx" in eds


def test_challenge_board_by_hand(prog_env):
    """CH-A: the one qualified domestic part P_CN has C 18 kN: gap 20 − 18 = 2 kN (P_JP's 25 kN is
    Japanese, it does not count). Effect in 2023: qualified capacity 40 x USD 10 = 400 of need
    1 200 → 0.33333; the challenge's part at 20 pieces/year, priced at the median of the category's
    parts (10, 20 → 15): (400 + 20 x 15)/1 200 = 0.58333. Interval p5 <= expected <= p95."""
    b = prog_env.client("analyst").get("/api/v1/programme/challenges").json()
    (c,) = b["challenges"]
    assert (c["id"], c["status"], c["portfolio_rank"], c["met"]) == ("CH-A", "open", 1, False)
    (k,) = c["clauses"]
    assert (k["best"], k["best_part"], k["gap"], k["unit"]) == (18.0, "P_CN", 2.0, "kN")
    assert c["before"]["qualified_capacity_share"] == pytest.approx(400 / 1200)
    assert c["at_planned_capacity"]["qualified_capacity_share"] == pytest.approx(700 / 1200)
    assert c["loss_reduction_p5_usd"] <= c["expected_loss_reduction_usd"] <= c["loss_reduction_p95_usd"]
    assert prog_env.client("oem").get("/api/v1/programme/challenges").status_code == 403


@pytest.mark.parametrize("lang, words", [("en", ["Remaining gap", "2 kN", "33.3 %", "58.3 %", "open"]),
                                         ("zh_CN", ["剩余差距", "2 kN", "33.3 %", "58.3 %"])])
def test_challenge_page_in_both_languages(prog_env, lang, words):
    c = prog_env.client("analyst")
    c.cookies.set("lang", lang)
    html = c.get("/programme/challenges").text
    for w in words:
        assert w in html, w


def test_hidden_prices_take_the_category_median_only_under_the_k_rule():
    """X is priced by makers A, B, C (10, 20, 40): a price the caller (A) may not see becomes the
    median 20; Y is priced by 2 makers only (5, 7, fewer than k = 3): hidden prices stay empty."""
    from keyparts.web.services.programme import own_prices

    class Repo:   # what the tenant repository answers for maker A: its own prices only
        def prices(self, ids):
            return {"xa": 10.0, "ya": 5.0}

    parts = pd.DataFrame({"id": ["xa", "xb", "xc", "ya", "yb"], "maker_id": ["A", "B", "C", "A", "B"],
                          "category_id": ["X", "X", "X", "Y", "Y"],
                          "unit_price_usd": [10.0, 20.0, 40.0, 5.0, 7.0]})
    got = own_prices(parts, Repo()).set_index("id")["unit_price_usd"]
    assert got[["xa", "xb", "xc", "ya"]].tolist() == [10.0, 20.0, 20.0, 5.0]
    assert pd.isna(got["yb"])
