"""The bundled sample dataset: valid, and it has the properties issue 2 and data/README.md state.

Published figures checked here (sources in src/keyparts/data/README.md):

* China Bearing Industry Association (CBIA), 2023 industry profile (html.cbia.com.cn):
  bearing exports USD 6.581 bn / 6.453 bn sets, imports USD 3.838 bn / 2.201 bn sets,
  industry revenue RMB 218.0 bn.
* CBIA ten-year review (2022-10-19) and the cechina/ahtit 2021 review: 2021 exports
  USD 6.947 bn, imports USD 5.47 bn / 2.964 bn sets, revenue RMB 227.8 bn; Japan, Germany and
  Taiwan "近6成" (about 60 %) of bearing imports.
* National Bureau of Statistics, 2023 statistical communiqué: average rate RMB 7.0467 per USD.
* SKF catalogue values (6205, 6206, 6305, 6306, 6309, 30205, 30305, 32205, NU 205, 7304); the
  catalogue page or data file of each is in the "SKF values" table of src/keyparts/data/README.md.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pint
import pytest

from keyparts.dataset import load_sample, read_dataset, sample_path, validate

UREG = pint.UnitRegistry()


@pytest.fixture(scope="module")
def ds():
    return load_sample()


def _bearing_trade(ds, year: int, flow: str) -> pd.DataFrame:
    t = ds["trade"]
    return t[t["hs_code"].str.startswith("8482") & (t["year"] == year) & (t["flow"] == flow)]


def test_sample_validates_without_errors_or_warnings():
    problems = validate(read_dataset(sample_path()))
    assert [str(p) for p in problems] == []


def test_dataset_toml_names_home_country_year_and_currency(ds):
    assert ds.meta["country"] == "CN" and ds.meta["year"] == 2023 and ds.meta["currency"] == "USD"
    assert "illustrat" in ds.meta["provenance"].lower()


def test_taxonomy_has_at_least_40_categories_on_three_levels_with_chinese_names(ds):
    c = ds["categories"]
    assert len(c) >= 40
    assert set(c["level"]) == {"family", "category", "grade"}
    assert c["name_zh"].notna().all()
    families = set(c.loc[c["level"] == "family", "id"])
    assert {"BRG", "FST", "HYD", "SEAL", "GEAR", "BSC", "LGD", "SPN"} <= families
    for grade in ("BRG-BALL-ACP4", "BRG-BALL-ACP2", "BRG-BALL-DG0", "BRG-BALL-DG5", "BRG-SRB-WIND"):
        assert grade in set(c["id"])


# HS 2022 nomenclature headings for the families (WCO): ball 8482.10, tapered 8482.20,
# spherical 8482.30, needle 8482.40, cylindrical 8482.50, bolts 7318.15, piston pumps 8413.50,
# rotary pumps 8413.60, hydraulic valves 8481.20, linear hydraulic motors 8412.21,
# gear boxes 8483.40, rubber gaskets 4016.93, mechanical seals 8484.20.
HS = {"BRG-BALL": "848210", "BRG-TRB": "848220", "BRG-SRB": "848230", "BRG-NRB": "848240",
      "BRG-CRB": "848250", "FST-BOLT": "731815", "HYD-PPUMP": "841350", "HYD-RPUMP": "841360",
      "HYD-VALVE": "848120", "HYD-CYL": "841221", "GEAR-BOX": "848340", "SEAL-RUB": "401693",
      "SEAL-MECH": "848420"}


@pytest.mark.parametrize("category,hs", sorted(HS.items()))
def test_categories_carry_their_real_hs6_heading(ds, category, hs):
    c = ds["categories"].set_index("id")
    assert c.at[category, "hs_codes"].split(";")[0] == hs


def test_no_hs_code_is_attached_to_two_categories(ds):
    codes = [h for s in ds["categories"]["hs_codes"].dropna() for h in s.split(";")]
    assert len(codes) == len(set(codes))


def test_at_least_150_enterprises_in_at_least_8_countries(ds):
    e = ds["enterprises"]
    assert len(e) >= 150
    assert e["country"].nunique() >= 8
    assert set(e["kind"]) == {"parts_maker", "oem", "institute", "lab"}


def test_at_least_8_products_in_at_least_6_industries(ds):
    p = ds["products"]
    assert len(p) >= 8 and p["industry"].nunique() >= 6


def _depths(bom: pd.DataFrame) -> dict[str, int]:
    """Longest chain of BOM edges below each parent (recursive, memoised)."""
    children = bom.groupby("parent_id")["child_id"].apply(list).to_dict()
    memo: dict[str, int] = {}

    def depth(x: str) -> int:
        if x not in memo:
            memo[x] = 1 + max((depth(c) for c in children.get(x, [])), default=0) if x in children else 0
        return memo[x]

    return {p: depth(p) for p in children}


def test_every_product_bom_is_at_least_3_levels_deep(ds):
    d = _depths(ds["bom"])
    assert {pid: d.get(pid, 0) for pid in ds["products"]["id"] if d.get(pid, 0) < 3} == {}


def test_every_essential_bom_item_is_sourced_by_the_parents_owner(ds):
    bom, src = ds["bom"], ds["sourcing"]
    owner = dict(zip(ds["products"]["id"], ds["products"]["oem_id"]))
    owner.update(zip(ds["parts"]["id"], ds["parts"]["maker_id"]))
    ess = bom[bom["essential"]]
    need = set(zip(ess["parent_id"].map(owner), ess["child_id"]))
    have = set(zip(src["buyer_id"], src["item_id"]))
    assert need - have == set()
    total = src.groupby(["buyer_id", "item_id"])["share"].sum()
    assert total.max() <= 1 + 1e-9


def test_a_part_item_is_bought_from_its_maker(ds):
    src = ds["sourcing"]
    maker = dict(zip(ds["parts"]["id"], ds["parts"]["maker_id"]))
    rows = src[src["item_id"].isin(maker)]
    assert (rows["supplier_id"] == rows["item_id"].map(maker)).all()


def test_trade_covers_2022_and_2023_both_flows(ds):
    t = ds["trade"]
    assert {2022, 2023} <= set(t["year"])
    assert set(t["flow"]) == {"import", "export"}
    assert "CN" not in set(t["partner_country"])


CBIA_TOTALS = [  # (year, flow, USD, pieces) -- CBIA, see module docstring
    (2023, "export", 6.581e9, 6.453e9),
    (2023, "import", 3.838e9, 2.201e9),
    (2021, "export", 6.947e9, None),
    (2021, "import", 5.470e9, 2.964e9),
]


@pytest.mark.parametrize("year,flow,usd,pcs", CBIA_TOTALS, ids=lambda v: str(v))
def test_bearing_trade_sums_to_the_cbia_totals(ds, year, flow, usd, pcs):
    """Sum over every HS 8482 code and partner equals CBIA's published total (to 1 USD);
    quantities in pieces (= sets) cover complete bearings 8482.10-.80."""
    b = _bearing_trade(ds, year, flow)
    assert b["value_usd"].sum() == pytest.approx(usd, abs=1.0)
    if pcs is not None:
        assert b.loc[b["unit"] == "pcs", "quantity"].sum() == pytest.approx(pcs, abs=1.0)


def test_bearing_import_unit_value_2023_is_cbia_usd_1_74_per_set(ds):
    """CBIA 2023: USD 3.838 bn / 2.201 bn sets = USD 1.744 per set (hand calculation)."""
    b = _bearing_trade(ds, 2023, "import")
    complete = b[b["unit"] == "pcs"]
    assert b["value_usd"].sum() / complete["quantity"].sum() == pytest.approx(3.838 / 2.201, rel=1e-6)


def test_japan_germany_taiwan_about_60_percent_of_2021_bearing_imports(ds):
    """CBIA 2021 review: Japan, Germany and Taiwan together 近6成 (about 60 %) of imports."""
    b = _bearing_trade(ds, 2021, "import")
    share = b.loc[b["partner_country"].isin(["JP", "DE", "TW"]), "value_usd"].sum() / b["value_usd"].sum()
    assert share == pytest.approx(0.60, abs=0.03)


def test_bearing_output_2023_is_cbia_revenue_at_the_nbs_rate(ds):
    """CBIA revenue RMB 218.0 bn / NBS average 7.0467 RMB per USD = USD 30.936 bn."""
    cats = ds["categories"]
    brg = set(cats.loc[cats["id"].str.startswith("BRG"), "id"])
    p = ds["production"]
    total = p.loc[(p["year"] == 2023) & p["category_id"].isin(brg), "domestic_output_usd"].sum()
    assert total == pytest.approx(218.0e9 / 7.0467, abs=1.0)


# SKF catalogue values [V] (per-row sources: "SKF values" in src/keyparts/data/README.md):
# designation -> d, D, B, C kN, C0 kN
CATALOGUE = [
    ("6205", 25, 52, 15, 14.8, 7.8), ("6206", 30, 62, 16, 20.3, 11.2), ("6305", 25, 62, 17, 23.4, 11.6),
    ("6306", 30, 72, 19, 29.6, 16.0), ("6309", 45, 100, 25, 55.3, 31.5), ("30205", 25, 52, 16.25, 30.8, 33.5),
    ("30305", 25, 62, 18.25, 44.6, 43.0), ("32205", 25, 52, 19.25, 35.8, 44.0), ("NU205", 25, 52, 15, 32.5, 27.0),
    ("7304B", 20, 52, 15, 19.0, 10.0),
]


@pytest.mark.parametrize("designation,d,D,B,C,C0", CATALOGUE, ids=lambda v: str(v))
def test_bearing_parts_match_catalogue_dimensions_and_ratings(ds, designation, d, D, B, C, C0):
    """Boundary dimensions are exact (ISO 15 / ISO 355); ratings within the maker spread
    the sample allows (-10 % .. +4 %, a catalogue and a computed rating differ by 5-10 %)."""
    parts = ds["parts"]
    ids = parts.loc[parts["designation"].str.replace(r"-2RS$", "", regex=True) == designation, "id"]
    assert len(ids) >= 1
    pv = ds["part_values"]
    vals = pv[pv["part_id"].isin(ids)].pivot(index="part_id", columns="parameter", values="value")
    for name, ref in (("d", d), ("D", D), ("B", B)):
        assert (vals[name].astype(float) == ref).all(), name
    for name, ref in (("C", C), ("C0", C0)):
        x = vals[name].astype(float)
        assert ((x >= 0.9 * ref - 0.05) & (x <= 1.04 * ref + 0.05)).all(), (name, x.tolist())


def _foreign_share(ds, grade: str) -> float:
    """Share-weighted foreign origin of Chinese buyers' sourcing of a grade's items."""
    src, parts, ent = ds["sourcing"], ds["parts"], ds["enterprises"]
    cat_of = dict(zip(parts["id"], parts["category_id"]))
    country = dict(zip(ent["id"], ent["country"]))
    s = src[(src["item_id"].map(lambda x: cat_of.get(x, x)) == grade) & (src["buyer_id"].map(country) == "CN")]
    return float((s["share"] * (s["origin_country"] != "CN")).sum() / s["share"].sum())


@pytest.mark.parametrize("grade", ["BRG-BALL-ACP4", "BRG-BALL-AERO", "BRG-TRB-RAIL", "HYD-PPUMP-HP",
                                   "FST-BOLT-AEROTI", "FST-RIVET-AERO", "HYD-VALVE-PROP", "SPN-SPDL-MOTOR"])
def test_high_end_grades_are_mostly_imported(ds, grade):
    assert _foreign_share(ds, grade) > 0.5


@pytest.mark.parametrize("grade", ["BRG-BALL-DG0", "BRG-TRB-STD", "FST-BOLT-88", "HYD-CYL-STD"])
def test_standard_grades_are_mostly_domestic(ds, grade):
    assert _foreign_share(ds, grade) < 0.2


@pytest.mark.parametrize("grade", ["BRG-BALL-ACP4", "BRG-SRB-WIND", "HYD-PPUMP-HP", "BRG-TRB-RAIL"])
def test_imported_high_end_grades_have_domestic_substitutes(ds, grade):
    parts, ent = ds["parts"], ds["enterprises"]
    country = dict(zip(ent["id"], ent["country"]))
    cn = parts[(parts["category_id"] == grade) & (parts["maker_id"].map(country) == "CN")]
    assert len(cn) >= 1 and cn["status"].isin(["qualified", "prototype"]).any()


def test_life_tests_have_10_to_25_units_per_campaign_and_a_benchmark(ds):
    t = ds["tests"]
    sizes = t.groupby("test_id").size()
    assert sizes.between(10, 25).all() and len(sizes) >= 4
    assert (t["status"] == "F").sum() >= 20 and (t["status"] == "S").any()
    designation = dict(zip(ds["parts"]["id"], ds["parts"]["designation"]))
    tested = t.groupby("test_id")["part_id"].first().map(designation)
    assert (tested == "6309").sum() == 2 and (tested == "7014C/P4").sum() == 2


# ---- demands: an independent check of the constraint syntax against part values ------------
_OPS = {">=": np.greater_equal, "<=": np.less_equal, "=": np.equal}


def _meets(value: str, unit: str | None, op: str, rhs: str) -> bool:
    if op == "in":
        return value in [x.strip() for x in rhs.split(",")]
    try:
        want = UREG.Quantity(rhs)
    except (pint.errors.PintError, ValueError, AttributeError):
        return value == rhs  # text constraint, e.g. thread=M36x4
    have = UREG.Quantity(float(value), unit or "")
    return bool(_OPS[op](round(have.to(want.units).magnitude, 9), round(want.magnitude, 9)))


def _candidates(ds, demand) -> tuple[set[str], dict[str, int]]:
    """Parts of the demand's category subtree meeting every constraint; and per constraint,
    how many parts meet it on its own."""
    cats = ds["categories"]
    sub = {demand["category_id"]}
    while True:
        more = set(cats.loc[cats["parent_id"].isin(sub), "id"]) - sub
        if not more:
            break
        sub |= more
    ids = set(ds["parts"].loc[ds["parts"]["category_id"].isin(sub), "id"])
    pv = ds["part_values"]
    pv = pv[pv["part_id"].isin(ids)]
    ok, per = set(ids), {}
    for clause in filter(None, (c.strip() for c in demand["constraints"].split(";"))):
        m = re.match(r"(\w+)\s*(>=|<=|=| in )\s*(.+)", clause)
        name, op, rhs = m.group(1), m.group(2).strip(), m.group(3).strip()
        rows = pv[pv["parameter"] == name]
        meet = {p for p, v, u in zip(rows["part_id"], rows["value"], rows["unit"]) if _meets(v, u, op, rhs)}
        per[name] = len(meet)
        ok &= meet
    return ok, per


def test_about_8_demands_use_the_constraint_and_load_syntax(ds):
    d = ds["demands"]
    assert len(d) >= 8
    assert d["constraints"].str.contains(r"(?:>=|<=|=| in )").all()
    assert d["loads"].dropna().str.contains(r"Fr=.*n=.*rpm").all()


def test_every_demand_but_one_has_matching_parts_and_the_other_fails_on_bore(ds):
    results = {row["id"]: _candidates(ds, row) for _i, row in ds["demands"].iterrows()}
    empty = sorted(i for i, (ok, _per) in results.items() if not ok)
    assert empty == ["D-07"]
    assert results["D-07"][1]["d"] == 0  # no P2 spindle bearing with a 120 mm bore


def test_demand_d04_is_met_by_6309_bearings_per_iso_281():
    """ISO 281:2007 eq. (1) basic rating life, ball bearings: L10 = (C/P)^3 Mrev, L10h =
    1e6 L10 / (60 n). Hand calculation (SKF Rolling bearings catalogue, calc. example 1): a 6309
    with C = 55.3 kN at Fr = 10 kN, Fa = 0, 3 000 r/min: L10 = 5.53^3 = 169.11 Mrev, i.e.
    169.11e6 / 180 000 = 939.5 h. D-04 asks 800 h at those loads: 800 h needs
    C >= 10·(800·0.18)^(1/3) = 52.42 kN, so every sample 6309 (C >= 53.7 kN) meets it, and the
    design engine gives the same L10h as the hand formula."""
    from keyparts.design import bearing_check

    ds = load_sample()
    d04 = ds["demands"].set_index("id").loc["D-04"]
    assert d04["required_life_h"] == 800.0 and d04["loads"] == "Fr=10kN; Fa=0kN; n=3000rpm"
    parts, pv = ds["parts"], ds["part_values"]
    ids = parts.loc[parts["designation"].isin(["6309", "6309-2RS"]), "id"]
    C = pv[pv["part_id"].isin(ids) & (pv["parameter"] == "C")]["value"].astype(float).to_numpy()
    assert len(C) >= 3
    L10h = (C / 10.0) ** 3 * 1e6 / (60 * 3000)
    assert (L10h >= 800).all()
    got = bearing_check(C_kN=C, Fr_kN=10.0, speed_rpm=3000).L10h_h
    np.testing.assert_allclose(got, L10h, rtol=1e-12)


def test_bearing_load_factors_match_the_catalogue():
    """SKF 30205 J2/Q: e 0.37, Y 1.6, Y0 0.9; 32205 BJ2/Q: e 0.57, Y 1.05 (SKF data in
    bd_warehouse's tapered roller bearing CSV [V]); 6205: f0 14 (SKF calculation factor, recalled
    [R]); see "SKF values" in src/keyparts/data/README.md."""
    ds = load_sample()
    parts, pv = ds["parts"], ds["part_values"]
    des = dict(zip(parts["id"], parts["designation"]))
    v = pv.assign(designation=pv["part_id"].map(des))
    def values(designation: str, name: str) -> set[float]:
        return set(v.loc[(v["designation"] == designation) & (v["parameter"] == name), "value"].astype(float))
    assert values("30205", "e") == {0.37} and values("30205", "Y") == {1.6} and values("30205", "Y0") == {0.9}
    assert values("32205", "e") == {0.57} and values("32205", "Y") == {1.05}
    assert values("6205", "f0") == {14.0}


def test_fastener_unit_values_2023_follow_the_cited_customs_figures(ds):
    """Secondary source FAST-S (chwang.com summary of a market report quoting customs data,
    src/keyparts/data/README.md): China's 2023 fastener exports at
    USD 2 360/t = 2.36 USD/kg and imports at 11.63 USD/kg; ratio 11.63/2.36 = 4.93 (hand calc)."""
    t = ds["trade"]
    f = t[t["hs_code"].str.startswith("7318") & (t["year"] == 2023)]
    uv = f.groupby("flow").apply(lambda g: g["value_usd"].sum() / g["quantity"].sum(), include_groups=False)
    assert uv["export"] == pytest.approx(2.36, rel=1e-3)
    assert uv["import"] == pytest.approx(11.63, rel=1e-3)
