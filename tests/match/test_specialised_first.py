"""Specialised makers rank higher in matching (issue 16; docs/methods.md "Specialised makers").

With a registry the score is 0.9·score + 0.1·[maker specialised, S >= 0.5]. Sample demand D-02
without any registry scores PT-0214 0.638, PT-0215 0.4965, PT-0216 0.4408 (maker M-CN-012) and
PT-0701 0.3916, PT-0702 0.3891, PT-0703 0.3641 (M-KR-002). Registering M-KR-002 with S = 1
(one key category, niche share 12 % ≥ 10 %, R&D 7 % ≥ 6 %) gives by hand:
PT-0214 0.9·0.638 = 0.5742; PT-0701 0.9·0.3916 + 0.1 = 0.45244; PT-0702 0.9·0.3891 + 0.1 =
0.45019; PT-0215 0.9·0.4965 = 0.44685; PT-0703 0.9·0.3641 + 0.1 = 0.42769; PT-0216 0.9·0.4408 =
0.39672 — the Korean maker's three pumps move ahead of PT-0215 and PT-0216.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.dataset import load_sample
from keyparts.dataset.model import Dataset
from keyparts.match import match_dataset_demand


def _passed(frames: dict) -> list[tuple[str, float]]:
    ds = load_sample()
    res = match_dataset_demand(Dataset(meta=ds.meta, frames=frames), "D-02", top=20)
    return [(c["part_id"], c["score"]) for c in res.candidates if c["passed"]]


def _frames(**replace) -> dict:
    f = dict(load_sample().frames)
    f.pop("enterprise_years")
    f.pop("enterprise_categories")
    f.update(replace)
    return f


def test_a_specialised_maker_moves_up_by_the_stated_weight():
    base = dict(_passed(_frames()))
    assert base["PT-0214"] == pytest.approx(0.638, abs=1e-4)
    assert base["PT-0701"] == pytest.approx(0.3916, abs=1e-4)
    ey = pd.DataFrame({"enterprise_id": ["M-KR-002"], "year": [2023], "revenue_usd": [1e8],
                       "rd_spend_usd": [7e6], "niche_market_share": [0.12]})
    ec = pd.DataFrame({"enterprise_id": ["M-KR-002"], "year": [2023], "category_id": ["HYD-PPUMP-HP"],
                       "revenue_usd": [1e8]})
    got = _passed(_frames(enterprise_years=ey, enterprise_categories=ec))
    assert [p for p, _ in got[:6]] == ["PT-0214", "PT-0701", "PT-0702", "PT-0215", "PT-0703", "PT-0216"]
    scores = dict(got)
    assert scores["PT-0701"] == pytest.approx(0.45244, abs=1e-4)
    assert scores["PT-0215"] == pytest.approx(0.44685, abs=1e-4)
    for p, s in scores.items():   # every score follows 0.9·base + 0.1·[specialised]
        assert s == pytest.approx(0.9 * base[p] + (0.1 if p in ("PT-0701", "PT-0702", "PT-0703") else 0.0),
                                  abs=2e-4)


def test_without_a_registry_nothing_changes():
    res = match_dataset_demand(Dataset(meta=load_sample().meta, frames=_frames()), "D-02")
    assert all("specialised" not in c.get("components", {}) for c in res.candidates)
