"""The parametric catalogue (issue 12 §3) on the bundled sample: words, sort, pages, facets,
export, compare and the hints of an empty result.

Expected values are read off the sample's CSV files (src/keyparts/data/sample/):
* ``6205`` is in the designation of 39 parts (``grep 6205 parts.csv``): 6205, 6205-2RS and
  6205/P5 of several makers;
* their C (part_values.csv) runs from 14.4 kN (PT-0104, PT-0168, PT-0911) to 15.4 kN
  (PT-0322, PT-0781), then 15.3 kN (PT-0306, PT-0544), 15.2 kN (PT-0305, PT-1126);
* every category under BRG is named "…轴承…" (categories.csv), no other one: ``轴承`` finds
  the 786 parts whose category_id starts with BRG (``awk -F, '$3 ~ /^BRG/' parts.csv``);
* maker M-JP-001 is "Asahine Seiko K.K." (enterprises.csv), its 6205 parts are PT-0305,
  PT-0306 and PT-0322 (parts.csv).
"""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from keyparts.web import auth
from tests.web.conftest import PASSWORD

P6205 = {"PT-0007", "PT-0008", "PT-0056", "PT-0057", "PT-0104", "PT-0105", "PT-0132", "PT-0146",
         "PT-0168", "PT-0169", "PT-0305", "PT-0306", "PT-0322", "PT-0361", "PT-0457", "PT-0472",
         "PT-0543", "PT-0544", "PT-0557", "PT-0677", "PT-0736", "PT-0751", "PT-0781", "PT-0794",
         "PT-0795", "PT-0892", "PT-0893", "PT-0911", "PT-0950", "PT-0970", "PT-1028", "PT-1029",
         "PT-1056", "PT-1057", "PT-1110", "PT-1111", "PT-1126", "PT-1147", "PT-1148"}
P6205_P5 = {"PT-0132", "PT-0146", "PT-0322", "PT-0361", "PT-0472", "PT-0557", "PT-0751", "PT-0781", "PT-1126"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from keyparts.dataset import load_sample
    from keyparts.store.repository import import_dataset
    from keyparts.web import create_app

    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('catalogue') / 'kp.db'}")
    import_dataset(load_sample(), engine=app.state.engine)
    uid = auth.add_user(app.state.engine, "liaohe", PASSWORD, "M-CN-001", "member")
    c = TestClient(app)
    c.headers["Authorization"] = f"Bearer {auth.create_token(app.state.engine, uid, 'test')[1]}"
    yield c
    app.state.engine.dispose()


def _ids(body: dict) -> list[str]:
    return [i["part_id"] for i in body["items"]]


def test_words_find_the_6205_bearings(client):
    b = client.get("/api/v1/parts", params={"q": "6205", "limit": 100}).json()
    assert b["total"] == 39 and set(_ids(b)) == P6205


def test_chinese_category_word_finds_every_bearing(client):
    assert client.get("/api/v1/parts", params={"q": "轴承", "limit": 1}).json()["total"] == 786


def test_maker_name_and_designation_words_together(client):
    b = client.get("/api/v1/parts", params={"q": "asahine 6205"}).json()
    assert set(_ids(b)) == {"PT-0305", "PT-0306", "PT-0322"}
    assert {i["maker_name"] for i in b["items"]} == {"Asahine Seiko K.K."}
    assert {i["country"] for i in b["items"]} == {"JP"}


def test_words_mix_with_clauses(client):
    """6205 and C >= 15.2 kN: the six parts listed in the module docstring."""
    b = client.get("/api/v1/parts", params={"q": "6205; C>=15.2kN"}).json()
    assert set(_ids(b)) == {"PT-0305", "PT-1126", "PT-0306", "PT-0544", "PT-0322", "PT-0781"}


def test_sort_by_C_descending_ties_by_part_id(client):
    b = client.get("/api/v1/parts", params={"q": "6205", "sort": "C", "order": "desc", "limit": 6}).json()
    assert _ids(b) == ["PT-0322", "PT-0781", "PT-0306", "PT-0544", "PT-0305", "PT-1126"]
    assert [i["values"]["C"] for i in b["items"]] == [15.4, 15.4, 15.3, 15.3, 15.2, 15.2]
    a = client.get("/api/v1/parts", params={"q": "6205", "sort": "C", "limit": 3}).json()
    assert _ids(a) == ["PT-0104", "PT-0168", "PT-0911"]


def test_sort_by_part_id_is_the_default_order(client):
    """sort=part_id (the id column a user may click) is the default order: the six parts of
    "6205; C>=15.2kN" (module docstring) by id, the same page as without sort."""
    q = {"q": "6205; C>=15.2kN", "limit": 6}
    by_id = client.get("/api/v1/parts", params={**q, "sort": "part_id"})
    assert by_id.status_code == 200, by_id.text
    assert _ids(by_id.json()) == ["PT-0305", "PT-0306", "PT-0322", "PT-0544", "PT-0781", "PT-1126"]
    assert _ids(client.get("/api/v1/parts", params=q).json()) == _ids(by_id.json())


def test_pages_cover_the_result_once(client):
    """786 parts in pages of 100: 8 pages, the last one holds 86."""
    seen = []
    for off in range(0, 800, 100):
        b = client.get("/api/v1/parts", params={"q": "轴承", "limit": 100, "offset": off}).json()
        assert b["total"] == 786
        seen += _ids(b)
    assert len(seen) == 786 and len(set(seen)) == 786
    assert len(client.get("/api/v1/parts", params={"q": "轴承", "limit": 100, "offset": 700}).json()["items"]) == 86


def test_range_and_multi_select_facets(client):
    b = client.get("/api/v1/parts", params={"q": "6205", "range": "C:15.2..15.4", "limit": 50}).json()
    assert set(_ids(b)) == {"PT-0305", "PT-1126", "PT-0306", "PT-0544", "PT-0322", "PT-0781"}
    b = client.get("/api/v1/parts", params={"q": "6205", "select": "precision:P5", "limit": 50}).json()
    assert set(_ids(b)) == P6205_P5
    assert b["facets"]["C"]["kind"] == "number" and b["facets"]["C"]["unit"] == "kN"


def test_default_columns_are_the_key_parameters(client):
    b = client.get("/api/v1/parts", params={"category": "BRG-BALL-DG0", "limit": 1}).json()
    # BRG declares d, D, B, C, C0 (numbers) first; then the next number of BRG or BRG-BALL
    assert b["columns"][:5] == ["B", "C", "C0", "d", "D"]


def test_prices_stay_per_caller(client):
    b = client.get("/api/v1/parts", params={"q": "6205", "limit": 100}).json()
    price = {i["part_id"]: i["unit_price_usd"] for i in b["items"]}
    assert price["PT-0007"] == pytest.approx(0.503)  # made by the caller's enterprise M-CN-001
    assert price["PT-0305"] is None                  # M-JP-001's, not shared
    assert client.get("/api/v1/parts", params={"sort": "unit_price_usd"}).status_code == 400


def test_zero_result_names_the_clause_and_nearest_values(client):
    """d=25 mm leaves the bore-25 parts; none has C >= 50 kN; the strongest have 46.3, 46.2, 45 kN."""
    b = client.get("/api/v1/parts", params={"q": "d=25mm; C>=50kN"}).json()
    assert b["total"] == 0
    h = b["hints"]
    assert h["blocking"] == "C>=50kN" and h["unit"] == "kN"
    assert h["nearest"][:3] == [46.3, 46.2, 45.0]
    assert h["without"][1] == {"clause": "C>=50kN", "remaining": h["remaining_before"]}


def test_export_csv_has_bom_and_header(client):
    r = client.get("/api/v1/parts/export.csv", params={"q": "6205", "sort": "C", "order": "desc",
                                                       "columns": "d,D,C"})
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["part_id", "designation", "maker", "country", "category", "status",
                       "d (mm)", "D (mm)", "C (kN)", "unit_price_usd"]
    assert len(rows) == 40 and rows[1][0] == "PT-0322" and rows[1][8] == "15.4" and rows[1][6] == "25"


def test_export_xlsx_has_the_same_rows(client):
    from openpyxl import load_workbook

    params = {"q": "6205", "sort": "C", "order": "desc", "columns": "d,D,C"}
    rows = list(csv.reader(io.StringIO(client.get("/api/v1/parts/export.csv", params=params).content.decode("utf-8-sig"))))
    r = client.get("/api/v1/parts/export.xlsx", params=params)
    ws = load_workbook(io.BytesIO(r.content)).active
    x = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    assert len(x) == len(rows) == 40
    for a, b in zip(x, rows):
        assert [_num(v) for v in a] == [_num(v) for v in b]


def _num(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def test_category_tree_counts(client):
    tree = client.get("/api/v1/categories/tree").json()
    brg = next(n for n in tree if n["id"] == "BRG")
    assert brg["count"] == 786 and brg["name_zh"] == "滚动轴承"
    ball = next(n for n in brg["children"] if n["id"] == "BRG-BALL")
    dg0 = next(n for n in ball["children"] if n["id"] == "BRG-BALL-DG0")
    assert dg0["count"] == 327  # awk -F, '$3=="BRG-BALL-DG0"' parts.csv
    q = client.get("/api/v1/categories/tree", params={"q": "6205"}).json()
    assert next(n for n in q if n["id"] == "BRG")["count"] == 39


def test_page_shows_names_sorted_columns_and_pages(client):
    r = client.get("/parts", params={"q": "6205", "sort": "C", "order": "desc"})
    assert r.status_code == 200
    t = r.text
    assert "Asahine Seiko K.K." in t and 'aria-sort="descending"' in t
    assert t.index("PT-0322") < t.index("PT-0781") < t.index("PT-0306")
    r = client.get("/parts", params={"q": "轴承"})
    assert "page 1 of 32" in r.text and 'rel="next"' in r.text  # 786 / 25 -> 32 pages


def test_page_range_inputs_filter(client):
    r = client.get("/parts", params={"q": "6205", "min_C": "15.3", "max_C": "15.4", "col": ["d", "C"]})
    assert r.status_code == 200
    for pid in ("PT-0306", "PT-0544", "PT-0322", "PT-0781"):
        assert pid in r.text
    assert "PT-0305" not in r.text


def test_page_zero_result_hint(client):
    r = client.get("/parts", params={"q": "d=25mm; C>=50kN"})
    assert 'id="hints"' in r.text and "46.3" in r.text
    # each clause can be dropped with one click: without C>=50kN the 148 parts of d = 25 mm
    assert 'href="/parts?q=d%3D25mm"' in r.text and "without C&gt;=50kN: 148 parts" in r.text


def test_compare_highlights_a_differing_parameter(client):
    """PT-0007 (6205, P6, n_lim 18000 rpm) and PT-0132 (6205/P5, 22000 rpm): same d = 25 mm."""
    r = client.get("/parts/compare", params={"ids": "PT-0007,PT-0132"})
    assert r.status_code == 200
    rows = {}
    for tr in r.text.split("<tr")[1:]:
        name = tr.split("<th scope=\"row\">", 1)[-1].split("<", 1)[0].strip()
        rows[name] = 'class="differs"' in tr.split(">", 1)[0]
    assert rows["precision"] and rows["n_lim"] and not rows["d"]
    assert client.get("/parts/compare", params={"ids": "PT-0007"}).status_code == 200  # says 2 to 4
    assert "expected 2 to 4" in client.get("/parts/compare", params={"ids": "PT-0007"}).text


def test_multi_select_facet_keeps_its_other_values(client):
    """Of the 39 parts named 6205, 9 are P5 (the 6205/P5) and 30 P6: choosing P5 keeps P6 on
    offer with its count, and choosing both finds all 39."""
    b = client.get("/api/v1/parts", params={"q": "6205", "select": "precision:P5"}).json()
    assert b["total"] == 9 and b["facets"]["precision"]["values"] == {"P6": 30, "P5": 9}
    b = client.get("/api/v1/parts", params={"q": "6205", "select": "precision:P5,P6"}).json()
    assert b["total"] == 39
