"""Back-test of the list: hit rate, lead time and precision derived by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.errors import InputError
from keyparts.programme.backtest import backtest, covers_of, naive_lists, score_lists
from tests.programme.editions_data import three_leaves


def _events(rows):
    return pd.DataFrame(rows, columns=["category_id", "year", "kind", "source"])


def test_hit_rate_lead_time_precision_by_hand():
    """Lists 2020 [A, B], 2021 [A, C]. Events: A 2022 (list in force 2021 holds A, and 2020 too:
    caught, lead 2022 − 2020 = 2); C 2021 (list 2020 lacks C: missed); D 2022 (missed); B 2020
    (no earlier list: not scored). Hit rate 1/3. Precision over list years before 2022:
    2020 A (event 2022) yes, B (event 2020, not after) no; 2021 A yes, C (2021, not after) no → 2/4."""
    ev = _events([("A", 2022, "export_control", "s"), ("C", 2021, "supply_shock", "s"),
                  ("D", 2022, "price_spike", "s"), ("B", 2020, "supply_shock", "s")])
    s, per = score_lists({2020: ["A", "B"], 2021: ["A", "C"]}, ev)
    assert s == {"scored_events": 3, "caught": 1, "hit_rate": pytest.approx(1 / 3), "mean_lead_years": 2.0,
                 "precision": 0.5, "listed_pairs": 4}
    assert list(per["hit"]) == [True, False, False, False] and list(per["scored"]) == [True, True, True, False]
    # horizon 1: the A event is one year after the 2021 list; its lead counts the run 2020-2021 (2)
    s1, _ = score_lists({2020: ["A", "B"], 2021: ["A", "C"]}, ev, horizon=1)
    assert (s1["caught"], s1["mean_lead_years"]) == (1, 2.0)
    assert s1["precision"] == 0.25     # only 2021 A (event 2022 within 1 year): 1 of 4


def test_an_event_on_a_family_counts_for_its_ranked_grades():
    cats = pd.DataFrame({"id": ["F", "F-1", "F-2", "G"], "parent_id": [None, "F", "F", None]})
    cov = covers_of(cats, {"F-1", "F-2", "G"})
    assert cov["F"] == {"F-1", "F-2"} and cov["G"] == {"G"}
    s, _ = score_lists({2020: ["F-2"]}, _events([("F", 2021, "export_control", "s")]), covers=cov)
    assert s["caught"] == 1


def test_baselines_by_hand():
    """Import value: A 500, B 1 000, C 800 → [B, C]; IR: A 0.5, B 1, C 0.8 → [B, C]; D has no
    customs imports: IR 0.9 × consumption 100 = 90 → last by value, second by IR."""
    rows = pd.DataFrame({"category_id": ["A", "B", "C", "D"], "import_reliance": [0.5, 1.0, 0.8, 0.9],
                         "imports_usd": [500.0, 1000.0, 800.0, 0.0], "consumption_usd": [1000, 1000, 1000, 100.0]})
    assert naive_lists(rows, 2) == {"import_value": ["B", "C"], "import_reliance": ["B", "D"]}


def test_backtest_on_the_two_year_dataset():
    """2022 lists (see test_editions): method [B, C], import value [B (1 000), C (800)], IR [B (1), C (0.8)].
    Events 2023: B export control (caught, lead 1), A price spike (missed) → hit rate 1/2 for all."""
    ds = three_leaves()
    ds.frames["events"] = _events([("BRG-B", 2023, "export_control", "illustrative"),
                                   ("BRG-A", 2023, "price_spike", "illustrative")])
    r = backtest(ds, top_n=2)
    assert r.lists["method"] == {2022: ["BRG-B", "BRG-C"], 2023: ["BRG-C", "BRG-A"]}
    for m in ("method", "import_value", "import_reliance"):
        assert r.summary[m]["hit_rate"] == 0.5 and r.summary[m]["mean_lead_years"] == 1.0
    json.dumps(r.to_dict())
    del ds.frames["events"]
    with pytest.raises(InputError, match="events.csv"):
        backtest(ds)


def test_cli_backtest_on_the_sample():
    """The sample's illustrative events: 8 in 2022-2024, all after the first list (2021)."""
    from keyparts.dataset import sample_path

    r = CliRunner().invoke(app, ["edition", "backtest", "--data", str(sample_path()), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["years"] == [2021, 2022, 2023]
    assert {m: s["scored_events"] for m, s in out["summary"].items()} == \
        {"method": 8, "import_value": 8, "import_reliance": 8}
