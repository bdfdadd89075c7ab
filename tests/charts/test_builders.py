"""The chart builders on hand-made inputs whose points, axes and thresholds are stated by hand.
Every option must be plain JSON (no functions): it is written into the page and the report."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from keyparts import charts
from keyparts.charts._common import axis_range
from keyparts.charts.life import _ppf, paper_y


def _json(option: dict) -> dict:
    return json.loads(json.dumps(option, allow_nan=False))


def _series(option: dict, name: str) -> dict:
    return next(s for s in option["series"] if s.get("name") == name)


TWO = pd.DataFrame({"name": ["Valves", "Seals", "Unranked"], "economic_importance": [3.5, 1.0, 9.0],
                    "supply_risk": [1.4, 0.5, 3.0], "critical": [True, False, True], "rank": [1, 2, None]},
                   index=pd.Index(["A", "B", "C"], name="id"))


def test_risk_matrix_points_thresholds_and_axes_of_two_categories():
    """A (EI 3.5, SR 1.4) is critical, B (EI 1.0, SR 0.5) is not; C is unranked and left out.
    x: values 1.0..3.5 and the threshold 2.8, span 2.5, step nice(2.5/5) = 0.5, 8 % padding:
    floor((1.0 − 0.2)/0.5)·0.5 = 0.5 .. ceil((3.5 + 0.2)/0.5)·0.5 = 4.0;
    y: 0.5..1.4 and 1.0, span 0.9, step nice(0.18) = 0.2: floor(0.428/0.2)·0.2 = 0.4 ..
    ceil(1.472/0.2)·0.2 = 1.6. EU thresholds SR 1.0 and EI 2.8 (EC 2017 CRM guidelines)."""
    o = _json(charts.risk_matrix(TWO, sr_threshold=1.0, ei_threshold=2.8))
    crit, other = _series(o, "critical"), _series(o, "not critical")
    assert [(p["id"], p["value"], p["url"]) for p in crit["data"]] == [("A", [3.5, 1.4], "/categories/A")]
    assert [(p["id"], p["value"]) for p in other["data"]] == [("B", [1.0, 0.5])]
    assert (o["xAxis"]["min"], o["xAxis"]["max"]) == (0.5, 4.0)
    assert (o["yAxis"]["min"], o["yAxis"]["max"]) == (0.4, 1.6)
    thr = _series(o, "EU thresholds")
    assert [d.get("xAxis", d.get("yAxis")) for d in thr["markLine"]["data"]] == [2.8, 1.0]
    assert thr["markArea"]["data"] == [[{"xAxis": 2.8, "yAxis": 1.0}, {"xAxis": 4.0, "yAxis": 1.6}]]
    assert o["legend"]["data"] == ["critical", "not critical", "EU thresholds"]
    assert crit["data"][0]["label"]["formatter"] == "1 Valves"
    tip = crit["data"][0]["tooltip"]["formatter"]
    assert "Valves" in tip and "EI: 3.50" in tip and "SR: 1.40" in tip
    assert "Economic importance EI (0–10)" == o["xAxis"]["name"]


def test_risk_matrix_without_url_and_in_another_language():
    """The offline report has no pages to open; labels come from the gettext given."""
    o = _json(charts.risk_matrix(TWO, sr_threshold=1.0, ei_threshold=2.8, url=None,
                                 gettext=lambda m: {"critical": "关键"}.get(m, m)))
    assert "url" not in _series(o, "关键")["data"][0]


def test_axis_range_keeps_the_threshold_in_view():
    """All values below the threshold 2.8: the axis still reaches past it. Span 0.1..2.8 = 2.7,
    step nice(0.54) = 1, padding 0.216: floor(−0.116) → 0 (values >= 0), ceil(3.016) = 4."""
    assert axis_range([0.1, 2.0], 2.8) == (0.0, 4.0)


def test_bars_sorted_largest_on_top_in_usd_millions():
    """7.5 m, 2.5 m and 0 USD: the largest drawn on top (last in ECharts' bottom-up order)."""
    o = _json(charts.bars(["P1", "P2", "P3"], [2.5e6, 0.0, 7.5e6], axis_name="Lost"))
    assert o["yAxis"]["data"] == ["P2", "P1", "P3"]
    assert [d["value"] for d in o["series"][0]["data"]] == [0.0, 2.5, 7.5]
    assert o["xAxis"]["name"] == "Lost (USD m)"


def test_stacked_shares_top_countries_and_other():
    """Shares CN .5/.2, JP .3/.7, DE .1/0: top 2 by total are JP (1.0) and CN (0.7, home);
    other = 1 − kept: .2 and .1."""
    df = pd.DataFrame({"CN": [0.5, 0.2], "JP": [0.3, 0.7], "DE": [0.1, 0.0]}, index=["ind1", "ind2"])
    o = _json(charts.stacked_shares(["ind1", "ind2"], df, axis_name="Share", top=2, highlight="CN"))
    assert [(s["name"], s["data"]) for s in o["series"]] == [
        ("JP", [30.0, 70.0]), ("CN (home)", [50.0, 20.0]), ("other", [20.0, 10.0])]


def test_origin_shares_and_domestic_vs_imported_by_year():
    """2022: JP 60 %, DE 40 %; 2023: 50/50. Q: none in 2022, USD 2 bn in 2023; M USD 1 bn both
    years; IR 100 % and 1/3."""
    sh = pd.DataFrame({"JP": [0.6, 0.5], "DE": [0.4, 0.5]}, index=[2022, 2023])
    o = _json(charts.origin_shares_over_years(sh))
    assert o["xAxis"]["data"] == ["2022", "2023"]
    assert [(s["name"], s["data"]) for s in o["series"]] == [("JP", [60.0, 50.0]), ("DE", [40.0, 50.0])]
    d = _json(charts.domestic_vs_imported([2022, 2023], [None, 2e9], [1e9, 1e9], import_reliance=[1.0, 1 / 3]))
    assert [s["data"] for s in d["series"]] == [[None, 2.0], [1.0, 1.0], [100.0, 33.3]]
    assert d["yAxis"][0]["name"] == "Value (USD bn)" and d["series"][2]["yAxisIndex"] == 1


def test_chain_graph_keeps_the_largest_nodes_of_each_tier():
    """Five makers (values 5..1) feed one category; top_per_tier=3 keeps M5, M4, M3 and their
    links; columns left to right by tier."""
    nodes = [{"key": "cat", "name": "C", "tier": 1, "value": 1}] + [
        {"key": f"M{i}", "name": f"M{i}", "tier": 0, "value": i} for i in range(1, 6)]
    links = [{"source": f"M{i}", "target": "cat", "value": 1} for i in range(1, 6)]
    o = _json(charts.chain_graph(nodes, links, tiers=["Maker", "Category"], top_per_tier=3))
    g = o["series"][0]
    assert g["type"] == "graph"
    assert sorted(d["id"] for d in g["data"]) == ["M3", "M4", "M5", "cat"]
    assert sorted(lk["source"] for lk in g["links"]) == ["M3", "M4", "M5"]
    x = {d["id"]: d["x"] for d in g["data"]}
    assert x["M5"] == x["M3"] < x["cat"]


def test_probability_plot_marks_failures_and_suspensions_apart():
    """Three failures at 10, 20, 30 with Bernard ranks (i − 0.3)/(3 + 0.4) = .2059, .5, .7941
    (Abernethy 2006 §2.5); a suspension at 25. Weibull paper: y(F) = ln(−ln(1 − F));
    y(.2059) = ln(0.23052) = −1.4673. The line spans F .01–.99, so the ticks run 1 %..99 % and
    the axis starts 6 % of the span below y(.01) = −4.6001: y(.99) = 1.5272, min = −4.9677,
    where the suspension is drawn as a triangle."""
    F = [(i - 0.3) / 3.4 for i in (1, 2, 3)]
    o = _json(charts.probability_plot([10, 20, 30], F, [25], [5, 50], [0.01, 0.99], unit="h"))
    fail, susp = _series(o, "Failures (median ranks)"), _series(o, "Suspensions (removed unfailed)")
    assert fail["data"][0]["value"] == [10.0, pytest.approx(-1.4673, abs=1e-4)]
    assert susp["symbol"] == "triangle" and susp["data"][0]["value"] == [25.0, o["yAxis"]["min"]]
    assert o["yAxis"]["min"] == pytest.approx(-4.9677, abs=1e-3)
    ticks = [d["name"] for d in o["series"][0]["markLine"]["data"]]
    assert ticks[0] == "1" and ticks[-1] == "99" and "63.2" in ticks
    assert o["xAxis"]["type"] == "log" and o["xAxis"]["name"] == "Time (h)"
    assert paper_y(1 - math.exp(-1), True) == pytest.approx(0.0, abs=1e-12)


def test_normal_quantile_matches_the_table():
    """Φ⁻¹(0.975) = 1.959964, Φ⁻¹(0.5) = 0, Φ⁻¹(0.001) = −3.090232 (standard normal table)."""
    assert _ppf(0.975) == pytest.approx(1.959964, abs=1e-6)
    assert _ppf(0.5) == pytest.approx(0.0, abs=1e-12)
    assert _ppf(0.001) == pytest.approx(-3.090232, abs=1e-6)


def test_probability_plot_of_a_fit():
    """LIFE_CSV of the browser test (9 failures, a suspension at 154): one triangle at 154, nine
    failures, the fitted line and the two bound lines."""
    from keyparts.life import fit, life_data
    d = life_data([72, 82, 97, 103, 113, 117, 126, 127, 139, 154], ["F"] * 9 + ["S"])
    o = _json(charts.probability_plot_of_fit(fit(d, dist="weibull2p"), d))
    assert [p["value"][0] for p in _series(o, "Suspensions (removed unfailed)")["data"]] == [154.0]
    assert len(_series(o, "Failures (median ranks)")["data"]) == 9
    assert sum(1 for s in o["series"] if s.get("id", "").startswith("bound-")) == 2
