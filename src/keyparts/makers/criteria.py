"""Eligibility of enterprise-years for the tiers of the 专精特新 criteria, and the distance to each.

The criteria are data (:class:`keyparts.makers.rules.Criteria`, from a versioned TOML file).
Facts of year *t* are judged against the thresholds (the criteria speak of 上年度, the year
before the application). Money is converted to CNY with the year's average rate.

Per criterion the status is ``met``, ``unmet``, ``unknown`` (the fact is missing) or
``outside_bands`` (revenue falls in no band of a banded threshold). The shortfall of an unmet
criterion is ``threshold - value`` for ``>=`` and ``value - threshold`` for ``<=``, in the
metric's unit, and ``shortfall_rel = shortfall / threshold``. A tier is ``eligible`` when every
criterion is met and the tier it requires (``requires``) is eligible too; its ``distance`` is
the sum of the relative shortfalls of its unmet criteria (0 when eligible; ``None`` when a
criterion is unknown or outside its bands): a plain, stated yardstick, not an official score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from keyparts.errors import InputError
from keyparts.makers.rules import Criteria, Criterion

# Average exchange rate CNY per USD, National Bureau of Statistics, statistical communiqués on the
# national economic and social development of 2021, 2022 and 2023.
NBS_CNY_PER_USD: dict[int, float] = {2021: 6.4515, 2022: 6.7261, 2023: 7.0467}


def _rate(years: pd.Series, cny_per_usd: float | dict[int, float] | None) -> np.ndarray:
    if isinstance(cny_per_usd, (int, float)):
        return np.full(len(years), float(cny_per_usd))
    table = {**NBS_CNY_PER_USD, **(cny_per_usd or {})}
    missing = sorted(set(int(y) for y in years) - set(table))
    if missing:
        raise InputError(f"no CNY per USD rate for year(s) {', '.join(map(str, missing))}: expected one of "
                         f"{', '.join(map(str, sorted(table)))} or an explicit rate (--cny-per-usd)")
    return years.astype(int).map(table).to_numpy(float)


def metrics(enterprise_years: pd.DataFrame, enterprise_categories: pd.DataFrame | None = None, *,
            cny_per_usd: float | dict[int, float] | None = None) -> pd.DataFrame:
    """The criteria's metrics per (enterprise_id, year); see ``rules/zjtx_2022.toml`` for each.

    ``main_business_revenue_usd`` falls back to the sum of ``enterprise_categories.revenue_usd``
    of the enterprise-year. ``main_growth_2y`` = (g(t-1→t) + g(t-2→t-1)) / 2 with
    g(a→b) = MB_b / MB_a − 1, NaN without both earlier years.
    """
    y = enterprise_years.copy()
    y["year"] = y["year"].astype(int)

    def f(c: str) -> pd.Series:
        return pd.to_numeric(y[c], errors="coerce").astype(float) if c in y else pd.Series(np.nan, index=y.index)
    mb = f("main_business_revenue_usd")
    if enterprise_categories is not None and len(enterprise_categories):
        ec = enterprise_categories.assign(year=enterprise_categories["year"].astype(int))
        by = ec.groupby(["enterprise_id", "year"])["revenue_usd"].sum()
        fill = pd.Series([by.get((e, t), np.nan) for e, t in zip(y["enterprise_id"], y["year"])], index=y.index)
        mb = mb.fillna(fill)
    rate = _rate(y["year"], cny_per_usd)
    rev = f("revenue_usd")
    out = pd.DataFrame({"enterprise_id": y["enterprise_id"], "year": y["year"],
                        "revenue_cny": rev * rate, "rd_spend_cny": f("rd_spend_usd") * rate,
                        "rd_intensity": f("rd_spend_usd") / rev.where(rev > 0),
                        "main_business_share": mb / rev.where(rev > 0),
                        "years_in_niche": y["year"] - f("niche_since"),
                        "debt_ratio": f("debt_ratio"), "niche_market_share": f("niche_market_share"),
                        "invention_patents": f("invention_patents"), "_mb": mb})
    prev = out[["enterprise_id", "year", "_mb"]]
    for k in (1, 2):
        out = out.merge(prev.assign(year=prev["year"] + k).rename(columns={"_mb": f"_mb{k}"}),
                        on=["enterprise_id", "year"], how="left")
    g1 = out["_mb"] / out["_mb1"].where(out["_mb1"] > 0) - 1
    g2 = out["_mb1"] / out["_mb2"].where(out["_mb2"] > 0) - 1
    out["main_growth_2y"] = (g1 + g2) / 2
    return out.drop(columns=["_mb", "_mb1", "_mb2"])


def _judge(c: Criterion, value: float, revenue_cny: float) -> dict:
    thr = c.threshold
    if c.bands:
        inside = [v for lo, hi, v in c.bands if lo <= revenue_cny < hi]  # NaN revenue: in no band
        thr = inside[0] if inside else None
    d = {"criterion": c.id, "metric": c.metric, "op": c.op, "threshold": thr, "text": c.text,
         "verified": c.verified, "value": None if math.isnan(value) else float(value)}
    if math.isnan(value):
        return {**d, "status": "unknown", "shortfall": None, "shortfall_rel": None}
    if thr is None:
        return {**d, "status": "outside_bands", "shortfall": None, "shortfall_rel": None}
    short = (thr - value) if c.op == ">=" else (value - thr)
    if short <= 0:
        return {**d, "status": "met", "shortfall": 0.0, "shortfall_rel": 0.0}
    return {**d, "status": "unmet", "shortfall": float(short), "shortfall_rel": float(short / thr) if thr else None}


@dataclass(frozen=True)
class Eligibility:
    """Per enterprise, year and tier: eligible or not, each criterion judged, the distance."""

    criteria: dict
    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"criteria": self.criteria, "rows": self.rows}


def eligibility(enterprise_years: pd.DataFrame, criteria: Criteria, *,
                enterprise_categories: pd.DataFrame | None = None,
                cny_per_usd: float | dict[int, float] | None = None) -> Eligibility:
    """Judge every enterprise-year of ``enterprise_years`` against every tier of ``criteria``.

    ``cny_per_usd``: one rate for all years, or {year: rate}; default the NBS annual averages
    (:data:`NBS_CNY_PER_USD`). Rows are sorted by enterprise, year and tier order.
    """
    m = metrics(enterprise_years, enterprise_categories, cny_per_usd=cny_per_usd)
    rows = []
    for rec in m.sort_values(["enterprise_id", "year"]).to_dict("records"):
        done: dict[str, bool] = {}
        for tier in criteria.tiers:
            judged = [_judge(c, float(rec.get(c.metric, np.nan)), float(rec["revenue_cny"])) for c in tier.criteria]
            own = all(j["status"] == "met" for j in judged)
            req_ok = done.get(tier.requires, False) if tier.requires else True
            done[tier.id] = own and req_ok
            open_ = any(j["status"] in ("unknown", "outside_bands") for j in judged)
            distance = None if open_ else float(sum(j["shortfall_rel"] or 0.0 for j in judged))
            rows.append({"enterprise_id": rec["enterprise_id"], "year": int(rec["year"]), "tier": tier.id,
                         "tier_name": tier.name, "eligible": done[tier.id], "requires": tier.requires,
                         "requires_met": req_ok, "unmet": sum(j["status"] != "met" for j in judged),
                         "distance": distance, "criteria": judged})
    return Eligibility({**criteria.to_dict(), "cny_per_usd": cny_per_usd if cny_per_usd is not None
                        else dict(NBS_CNY_PER_USD)}, rows)
