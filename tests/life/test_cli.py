"""`keyparts life ...` through typer's CliRunner on keyparts.cli.app."""

from __future__ import annotations

import functools
import json
import math
import operator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app

from .cases import LZ, NIST_S, NIST_T, RW_LR_GROUPS, RW_LR_STRESS

runner = CliRunner()


def _csv(path: Path, times, status=None, stress=None, unit="h", part="P1") -> Path:
    n = len(times)
    pd.DataFrame({"test_id": f"T-{part}", "part_id": part, "unit_id": [f"u{i}" for i in range(n)],
                  "time": times, "time_upper": [None] * n,
                  "status": status or ["F"] * n, "stress": stress or [None] * n,
                  "time_unit": unit}).to_csv(path, index=False)
    return path


def test_fit_json_is_to_dict_and_matches_nist(tmp_path: Path) -> None:
    """NIST e-Handbook 8.4.1.3: eta=606.5280, beta=1.7208."""
    f = _csv(tmp_path / "nist.csv", NIST_T, NIST_S)
    r = runner.invoke(app, ["life", "fit", str(f), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["params"]["eta"] == pytest.approx(606.5280, rel=1e-6)
    assert d["params"]["beta"] == pytest.approx(1.7208, rel=3e-5)
    assert d["n"] == 20 and d["failures"] == 10 and d["method"] == "mle"
    assert d["bounds"]["method"] == "fisher" and len(d["b10_bounds"]) == 2


def test_fit_rry_lr_and_plot(tmp_path: Path) -> None:
    """NIST 8.2.2.1 RRY Bernard: beta = 1.457519; plot written as PNG."""
    f = _csv(tmp_path / "nist.csv", NIST_T, NIST_S)
    png = tmp_path / "p.png"
    r = runner.invoke(app, ["life", "fit", str(f), "--method", "rry", "--json", "--plot", str(png)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["params"]["beta"] == pytest.approx(1.457519, rel=1e-6)
    assert d["ranks"] == "bernard" and d["bounds"]["method"] == "fisher"
    r = runner.invoke(app, ["life", "fit", str(f), "--method", "rry", "--bounds", "lr"])
    assert r.exit_code == 2 and "mle" in r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fit_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    f = _csv(tmp_path / "one.csv", [13467, 13760, 12011, 7798, 7928], ["S", "F", "S", "S", "S"])
    r = runner.invoke(app, ["life", "fit", str(f)])
    assert r.exit_code == 2
    assert "Weibayes" in r.output
    r = runner.invoke(app, ["life", "fit", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2 and "not found" in r.output


def test_fit_from_db_uses_store_load_frames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--db/--part read keyparts.store.load_frames(url)['tests'] and filter by part_id."""
    from keyparts import store
    df = pd.read_csv(_csv(tmp_path / "a.csv", LZ, unit="Mrev", part="BRG-1"))
    other = pd.read_csv(_csv(tmp_path / "b.csv", [1.0, 2.0, 3.0], part="X"))
    monkeypatch.setattr(store, "load_frames", lambda url=None: {"tests": pd.concat([df, other])})
    r = runner.invoke(app, ["life", "fit", "--db", "sqlite:///x.db", "--part", "BRG-1", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["n"] == 23 and d["params"]["eta"] == pytest.approx(81.88, rel=6e-4)  # Lawless 2003
    assert d["time_unit"] == "Mrev"
    r = runner.invoke(app, ["life", "fit", "--db", "sqlite:///x.db", "--part", "NOPE"])
    assert r.exit_code == 2 and "NOPE" in r.output


def test_compare_verdict_and_exit_code(tmp_path: Path) -> None:
    """ReliaWiki LR example groups 1 vs 3: shapes 3.149 vs 3.560 are compatible; the 406 K
    group outlives the 426 K one, so as 'substitute' it passes and the reverse fails (exit 1)."""
    a = _csv(tmp_path / "a.csv", RW_LR_GROUPS[0])
    b = _csv(tmp_path / "b.csv", RW_LR_GROUPS[2])
    r = runner.invoke(app, ["life", "compare", str(a), str(b), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["tests"][0]["hypothesis"] == "equal shape" and not d["tests"][0]["reject"]
    assert d["verdict"]["passed"] is True
    r = runner.invoke(app, ["life", "compare", str(b), str(a)])
    assert r.exit_code == 1
    assert "FAIL" in r.output


def test_alt_arrhenius_json(tmp_path: Path) -> None:
    """ReliaWiki Arrhenius-Weibull: beta=2.965820, B=10679.567542."""
    t = functools.reduce(operator.iadd, RW_LR_GROUPS, [])
    v = functools.reduce(operator.iadd, ([s] * len(g) for s, g in zip(RW_LR_STRESS, RW_LR_GROUPS)), [])
    f = _csv(tmp_path / "alt.csv", t, stress=v)
    r = runner.invoke(app, ["life", "alt", str(f), "--model", "arrhenius", "--use-stress", "323", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["params"]["B"] == pytest.approx(10679.567542, rel=1e-6)
    assert d["b10_use_bounds"][0] < d["b10_use"] < d["b10_use_bounds"][1]


def test_plan_json_wang_example() -> None:
    """Wang 'Two useful (Weibayes) equations' Ex.3: beta=3, R=0.95@1000 h, 90 %, 1500 h -> 14."""
    r = runner.invoke(app, ["life", "plan", "--reliability", "0.95", "--at", "1000",
                            "--confidence", "0.9", "--beta", "3", "--duration", "1500", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["units"] == 14 and d["failures"] == 0 and d["confidence"] == 0.9
    r = runner.invoke(app, ["life", "plan", "--reliability", "0.95", "--at", "1000",
                            "--confidence", "0.9", "--beta", "3"])
    assert r.exit_code == 2


def test_fit_interval_csv_with_empty_left_time_and_reliability_at(tmp_path: Path) -> None:
    """tests.csv allows an empty time for left-censored rows with time_upper. JMP via
    lifelines #1250: alpha = 14.04, beta = 1.44. An independent Nelder-Mead MLE of the grouped
    likelihood Σ n·ln[S(L) − S(U)] (scipy only, this review) gives eta = 14.046715,
    beta = 1.441263 (JMP's 14.04 / 1.44 to its printed digits), so R(14.046715) = e^-1 = 0.367879."""
    f = tmp_path / "iv.csv"
    f.write_text("time,time_upper,status,count,time_unit\n"
                 ",10,L,50,h\n11,20,I,25,h\n21,25,I,15,h\n26,30,I,9,h\n31,,S,1,h\n")
    r = runner.invoke(app, ["life", "fit", str(f), "--json", "--at", "14.046715"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["params"]["eta"] == pytest.approx(14.04, abs=0.01)
    assert d["params"]["beta"] == pytest.approx(1.44, abs=0.01)
    assert d["n"] == 100 and d["failures"] == 99
    rr = d["reliability"]
    assert rr["value"] == pytest.approx(math.exp(-1), abs=1e-6)
    assert rr["bounds"][0] < rr["value"] < rr["bounds"][1]


def test_plan_substantiation_and_exponential() -> None:
    """Minitab substantiation: beta 1.3, eta 1000 h, 3 units, 95 % -> 998.906 h, P(pass | eta
    4000) = 0.61; ReliaWiki exponential demonstration: MTBF 3076.6 h (R=0.85@500 h), 90 %,
    f=2 -> 16,374 h."""
    r = runner.invoke(app, ["life", "plan", "--benchmark-eta", "1000", "--beta", "1.3", "--units", "3",
                            "--confidence", "0.95", "--true-eta", "4000", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["duration"] == pytest.approx(998.906, abs=6e-4)
    assert d["pass_probability"] == pytest.approx(0.61, abs=5e-3)
    m = -500 / math.log(0.85)
    r = runner.invoke(app, ["life", "plan", "--mtbf", str(m), "--confidence", "0.9", "--failures", "2", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["duration"] == pytest.approx(16374, abs=1)


def test_file_with_several_parts_needs_part_and_compare_by_part(tmp_path: Path) -> None:
    f = tmp_path / "two.csv"
    a = pd.read_csv(_csv(tmp_path / "a.csv", RW_LR_GROUPS[0], part="SUB"))
    b = pd.read_csv(_csv(tmp_path / "b.csv", RW_LR_GROUPS[2], part="BEN"))
    pd.concat([a, b]).to_csv(f, index=False)
    r = runner.invoke(app, ["life", "fit", str(f)])
    assert r.exit_code == 2 and "--part" in r.output
    r = runner.invoke(app, ["life", "compare", str(f), str(f), "--substitute-part", "SUB",
                            "--benchmark-part", "BEN", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # ReliaWiki LR example data: separate Weibull MLEs [C] give 406 K eta 622.59, 426 K eta 184.10
    assert [g["params"]["eta"] for g in d["groups"]] == pytest.approx([622.59, 184.10], abs=6e-3)


@pytest.mark.slow
def test_fit_from_a_real_store_with_the_sample_dataset(tmp_path: Path) -> None:
    """Import the bundled sample into SQLite, then `life fit --db --part` reads its tests.
    PT-0214 has 6 interval failures and 4 suspensions at 2000 h (campaign LT-AP112-CN) and 10
    suspensions at 2000 h (the zero-failure bench campaign LT-AP112-BENCH): n 20, failures 6."""
    import keyparts.data
    from keyparts.dataset.io import read_dataset
    from keyparts.dataset.validate import validate_and_type
    from keyparts.store import import_dataset

    folder = Path(keyparts.data.__file__).parent / "sample"
    url = f"sqlite:///{tmp_path / 's.db'}"
    import_dataset(validate_and_type(read_dataset(folder)), url)
    r = runner.invoke(app, ["life", "fit", "--db", url, "--part", "PT-0214", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["n"] == 20 and d["failures"] == 6 and d["time_unit"] == "h"
    assert d["params"]["beta"] > 0 and d["b10_bounds"][0] < d["b10"] < d["b10_bounds"][1]
