"""How specialised each maker is, and how fragmented each key category's domestic capacity is.

Specialisation index of an enterprise-year (0–1, higher = more specialised), equal weights::

    S = (C + N + R) / 3
    C = Σ_c s_c²                      revenue concentration over its key categories, s_c = revenue in
                                      category c / revenue in all its categories (an HHI: 1 for one
                                      category, 1/n for n equal ones)
    N = min(niche_market_share / 0.10, 1)   national niche share against the little giant's 10 %
    R = min(rd_intensity / 0.06, 1)         R&D spend / revenue against the little giant's 6 %

(the 10 % and 6 % are the thresholds of ``rules/zjtx_2022.toml``; the reference values are
keywords). S is None when a component is missing; the components are reported.

Fragmentation of a category in a year, over the *domestic* makers' capacity (makers whose
``enterprises.country`` is the home country), a grade's rows counting also in its category and
family: number of makers; CR4 = sum of the four largest capacity shares; HHI = Σ_i s_i² of the
makers' capacity shares (as :func:`keyparts.supply.concentration.hhi`); low-end share =
capacity of ``segment == "low"`` / capacity with a segment; utilisation = Σ output / Σ
capacity over rows that give both. ``fragmented`` when HHI < 0.15, the "unconcentrated" bound
of the U.S. DOJ/FTC Horizontal Merger Guidelines (2010) §5.3 (HHI 1 500 on the 0–10 000
scale); the finding "many small makers of low-end parts" when fragmented and the low-end share
is above one half. Categories with fewer than ``k_min`` makers are suppressed (figures None),
so that no enterprise's capacity can be read back from an aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from keyparts.makers.criteria import metrics

UNCONCENTRATED_HHI = 0.15
# A maker is called "specialised" in supply risk, matching and drivers when S >= this (a
# judgement, docs/methods.md "Specialised makers": at least half of the little giant's marks).
SPECIALISED_S = 0.5  # DOJ/FTC Horizontal Merger Guidelines (2010) §5.3, 1 500 / 10 000


def _none(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


@dataclass(frozen=True)
class Specialisation:
    """Specialisation index per enterprise-year with its three components."""

    niche_ref: float
    rd_ref: float
    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"formula": "S = (C + N + R) / 3; C = sum of squared revenue shares over key categories; "
                           f"N = min(niche_market_share / {self.niche_ref:g}, 1); "
                           f"R = min(rd_intensity / {self.rd_ref:g}, 1)",
                "niche_ref": self.niche_ref, "rd_ref": self.rd_ref, "rows": self.rows}


def specialisation_index(enterprise_years: pd.DataFrame, enterprise_categories: pd.DataFrame | None, *,
                         niche_ref: float = 0.10, rd_ref: float = 0.06) -> Specialisation:
    """S, C, N, R per (enterprise_id, year) of ``enterprise_years`` (formula in the module);
    without ``enterprise_categories`` C and S are None."""
    if enterprise_categories is None:
        enterprise_categories = pd.DataFrame(columns=["enterprise_id", "year", "category_id", "revenue_usd"])
    ec = enterprise_categories.assign(year=enterprise_categories["year"].astype(int))
    tot = ec.groupby(["enterprise_id", "year"])["revenue_usd"].transform("sum")
    share = ec["revenue_usd"] / tot.where(tot > 0)
    conc = (share ** 2).groupby([ec["enterprise_id"], ec["year"]]).sum(min_count=1).rename("C")
    ncat = ec.groupby(["enterprise_id", "year"])["category_id"].nunique().rename("categories")
    m = metrics(enterprise_years, None, cny_per_usd=1.0)  # ratios only: no currency needed
    m = m.join(conc, on=["enterprise_id", "year"]).join(ncat, on=["enterprise_id", "year"])
    m["N"] = np.minimum(m["niche_market_share"] / niche_ref, 1.0)
    m["R"] = np.minimum(m["rd_intensity"] / rd_ref, 1.0)
    m["S"] = (m["C"] + m["N"] + m["R"]) / 3
    rows = [{"enterprise_id": r["enterprise_id"], "year": int(r["year"]), "index": _none(r["S"]),
             "concentration": _none(r["C"]), "niche": _none(r["N"]), "rd": _none(r["R"]),
             "categories": None if pd.isna(r["categories"]) else int(r["categories"]),
             "niche_market_share": _none(r["niche_market_share"]), "rd_intensity": _none(r["rd_intensity"])}
            for r in m.sort_values(["enterprise_id", "year"]).to_dict("records")]
    return Specialisation(niche_ref, rd_ref, rows)


def ancestors(categories: pd.DataFrame) -> dict[str, list[str]]:
    """Category id -> itself and its ancestors (grade -> category -> family)."""
    parent = dict(zip(categories["id"], categories["parent_id"]))
    out = {}
    for c in parent:
        chain, x = [], c
        while isinstance(x, str) and x not in chain:
            chain.append(x)
            x = parent.get(x)
        out[c] = chain
    return out


@dataclass(frozen=True)
class Fragmentation:
    """Per category and year: makers, CR4, HHI, low-end share, utilisation, finding."""

    country: str
    k_min: int
    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"country": self.country, "k_min": self.k_min, "unconcentrated_hhi": UNCONCENTRATED_HHI,
                "rows": self.rows}


def fragmentation(enterprise_categories: pd.DataFrame, enterprises: pd.DataFrame, categories: pd.DataFrame, *,
                  country: str = "CN", year: int | None = None, k_min: int = 3) -> Fragmentation:
    """Fragmentation of domestic capacity per category (and its ancestors) and year (see module)."""
    home = set(enterprises.loc[enterprises["country"] == country, "id"])
    ec = enterprise_categories[enterprise_categories["enterprise_id"].isin(home)]
    ec = ec.assign(year=ec["year"].astype(int), capacity=pd.to_numeric(ec["capacity"], errors="coerce"),
                   output=pd.to_numeric(ec["output"], errors="coerce"))
    if year is not None:
        ec = ec[ec["year"] == year]
    ec = ec[ec["capacity"] > 0]
    up = ancestors(categories)
    ec = ec.assign(category=ec["category_id"].map(lambda c: up.get(c, [c]))).explode("category")
    rows = []
    for (cat, yr), g in ec.groupby(["category", "year"], sort=True):
        per = g.groupby("enterprise_id")["capacity"].sum().sort_values(ascending=False)
        n, total = len(per), float(per.sum())
        base = {"category_id": cat, "year": int(yr), "makers": n, "suppressed": n < k_min}
        if n < k_min:
            rows.append({**base, "capacity": None, "cr4": None, "hhi": None, "low_end_share": None,
                         "utilisation": None, "fragmented": None, "finding": None})
            continue
        s = per.to_numpy() / total
        seg = g[g["segment"].notna()]
        low = float(seg.loc[seg["segment"] == "low", "capacity"].sum() / seg["capacity"].sum()) if len(seg) else None
        both = g[g["output"].notna()]
        util = float(both["output"].sum() / both["capacity"].sum()) if len(both) else None
        hhi = float((s ** 2).sum())
        frag = hhi < UNCONCENTRATED_HHI
        finding = (f"{n} domestic makers, HHI {hhi:.3f} (< {UNCONCENTRATED_HHI}) and {low:.0%} of capacity "
                   "low-end: many small makers of low-end parts") if frag and low is not None and low > 0.5 else None
        rows.append({**base, "capacity": total, "cr4": float(s[:4].sum()), "hhi": hhi, "low_end_share": low,
                     "utilisation": util, "fragmented": frag, "finding": finding})
    return Fragmentation(country, k_min, rows)


def specialisation_by_maker(enterprise_years: pd.DataFrame | None, enterprise_categories: pd.DataFrame | None,
                            *, year: int | None = None) -> pd.Series:
    """Enterprise id -> its specialisation index S of the latest year up to ``year`` (all years
    when None) that has one; makers without an index are absent. The one input by which
    specialisation feeds supply risk and matching (``docs/methods.md``, "Specialised makers").

    >>> ey = pd.DataFrame({"enterprise_id": ["A", "A"], "year": [2022, 2023], "revenue_usd": [100.0, 100.0],
    ...                    "rd_spend_usd": [3.0, 6.0], "niche_market_share": [0.05, 0.10]})
    >>> ec = pd.DataFrame({"enterprise_id": ["A", "A"], "year": [2023, 2023], "category_id": ["x", "y"],
    ...                    "revenue_usd": [50.0, 50.0]})
    >>> float(specialisation_by_maker(ey, ec)["A"])   # (0.5 + 1 + 1) / 3
    0.8333333333333334
    """
    if enterprise_years is None or not len(enterprise_years):
        return pd.Series(dtype=float)
    rows = pd.DataFrame(specialisation_index(enterprise_years, enterprise_categories).rows)
    rows = rows[rows["index"].notna()]
    if year is not None:
        rows = rows[rows["year"] <= year]
    latest = rows.sort_values("year").groupby("enterprise_id").tail(1)
    return pd.Series(latest["index"].to_numpy(float), index=latest["enterprise_id"].to_numpy(), name="S")
