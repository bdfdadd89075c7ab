"""R&D intensity per key category, efficiency of special projects, and the standards registry.

R&D intensity of a category in a year, output-weighted over its makers (a grade's rows also
count in its category and family)::

    RDI_k = Σ_m w_mk · ρ_m / Σ_m w_mk,   ρ_m = rd_spend_usd / revenue_usd of maker m (enterprise_years)
                                         w_mk = m's main-business revenue in k (enterprise_categories)

ρ is business R&D intensity, R&D expenditure over revenue (as in the OECD's Main Science and
Technology Indicators); weighting by each maker's revenue in the category makes RDI the
intensity behind the category's output, not the mean of its makers. Figures of a category with
fewer than ``k_min`` makers are suppressed, as for fragmentation.

Efficiency of a special project (``projects.csv``), per million USD of budget::

    trl_gained      = readiness_level − readiness_level_start              (ISO 16290 levels)
    parts_qualified = domestic parts of the project's category subtree made by its lead or
                      participants with a qualification case at small_batch or later
                      (any buyer; ``keyparts.qualify``)

The standards registry lists per category its standards and where each is used: the
qualification decisions that followed it (``qualification_events.standard_id``) and the
projects that are to produce it (``projects.standards``); a category with no current
test-method standard is flagged, since a qualification test then follows no common method.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from keyparts.makers.specialisation import ancestors

QUALIFIED_STAGES = ("small_batch", "batch_supply")


def _f(x: object) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


@dataclass(frozen=True)
class RdIntensity:
    """Output-weighted R&D intensity per category and year (suppressed below ``k_min`` makers)."""

    k_min: int
    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"formula": "RDI = sum(w * rd_spend/revenue) / sum(w), w = maker's revenue in the category",
                "k_min": self.k_min, "rows": self.rows}


def rd_intensity(enterprise_years: pd.DataFrame, enterprise_categories: pd.DataFrame, categories: pd.DataFrame,
                 *, year: int | None = None, k_min: int = 3) -> RdIntensity:
    """RDI per category (and its ancestors) and year; see the module for the formula.

    >>> ey = pd.DataFrame({"enterprise_id": ["A", "B"], "year": [2023, 2023],
    ...                    "revenue_usd": [100.0, 200.0], "rd_spend_usd": [10.0, 4.0]})
    >>> ec = pd.DataFrame({"enterprise_id": ["A", "B"], "year": [2023, 2023], "category_id": ["k", "k"],
    ...                    "revenue_usd": [30.0, 90.0]})
    >>> rd_intensity(ey, ec, pd.DataFrame({"id": ["k"], "parent_id": [None]}), k_min=1).rows[0]["rd_intensity"]
    0.04
    """
    y = enterprise_years.assign(year=enterprise_years["year"].astype(int))
    rev = pd.to_numeric(y["revenue_usd"], errors="coerce")
    rho = (pd.to_numeric(y["rd_spend_usd"], errors="coerce") / rev.where(rev > 0)).rename("rho")
    rho.index = pd.MultiIndex.from_arrays([y["enterprise_id"], y["year"]])
    ec = enterprise_categories.assign(year=enterprise_categories["year"].astype(int),
                                      w=pd.to_numeric(enterprise_categories["revenue_usd"], errors="coerce"))
    if year is not None:
        ec = ec[ec["year"] == year]
    ec = ec.join(rho, on=["enterprise_id", "year"])
    ec = ec[(ec["w"] > 0) & ec["rho"].notna()]
    up = ancestors(categories)
    ec = ec.assign(category=ec["category_id"].map(lambda c: up.get(c, [c]))).explode("category")
    rows = []
    for (cat, yr), g in ec.groupby(["category", "year"], sort=True):
        per = g.groupby("enterprise_id").agg(w=("w", "sum"), rho=("rho", "first"))
        n = len(per)
        value = float((per["w"] * per["rho"]).sum() / per["w"].sum()) if n >= k_min else None
        rows.append({"category_id": cat, "year": int(yr), "makers": n, "suppressed": n < k_min,
                     "rd_intensity": value})
    return RdIntensity(k_min, rows)


@dataclass(frozen=True)
class ProjectEfficiency:
    """Per special project: TRL gained and domestic parts qualified, per million USD of budget."""

    rows: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"unit": "per million USD of budget", "rows": self.rows}


def project_efficiency(projects: pd.DataFrame, parts: pd.DataFrame, categories: pd.DataFrame,
                       qualification_cases: pd.DataFrame | None) -> ProjectEfficiency:
    """TRL gained and parts qualified per project and per million USD (see the module)."""
    up = ancestors(categories)
    cases = qualification_cases if qualification_cases is not None else pd.DataFrame(columns=["part_id", "stage"])
    done = set(cases.loc[cases["stage"].astype(str).isin(QUALIFIED_STAGES), "part_id"])
    q = parts[parts["id"].isin(done)]
    rows = []
    for r in projects.to_dict("records"):
        team = {r["lead_id"], *[x for x in str(r.get("participants") or "").split(";") if x and x != "nan"]}
        mine = q[q["maker_id"].isin(team) & q["category_id"].map(lambda c: r["category_id"] in up.get(c, [c]))]
        start, now = _f(r.get("readiness_level_start")), _f(r.get("readiness_level"))
        gained = now - start if start is not None and now is not None else None
        musd = _f(r.get("budget_usd"))
        musd = musd / 1e6 if musd else None
        rows.append({"project_id": r["id"], "category_id": r["category_id"], "budget_usd": _f(r.get("budget_usd")),
                     "trl_gained": gained, "parts_qualified": int(len(mine)),
                     "parts": sorted(mine["id"].astype(str)),
                     "trl_per_musd": gained / musd if gained is not None and musd else None,
                     "parts_per_musd": len(mine) / musd if musd else None})
    return ProjectEfficiency(rows)


@dataclass(frozen=True)
class StandardsRegistry:
    """Standards per category with their use, and the categories lacking a test method."""

    rows: list[dict] = field(default_factory=list)
    without_test_method: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"rows": self.rows, "categories_without_test_method": self.without_test_method}


def standards_registry(standards: pd.DataFrame, categories: pd.DataFrame, *,
                       projects: pd.DataFrame | None = None, qualification_events: pd.DataFrame | None = None,
                       key_categories: list[str] | None = None) -> StandardsRegistry:
    """Each standard with the cases that followed it and the projects that are to produce it;
    ``key_categories`` (default: every category with a standard) lacking a current test-method
    standard of their own or of an ancestor are listed."""
    ev = qualification_events if qualification_events is not None else pd.DataFrame(columns=["case_id", "standard_id"])
    used = ev.dropna(subset=["standard_id"]).groupby("standard_id")["case_id"].apply(lambda s: sorted(set(s)))
    produce: dict[str, list[str]] = {}
    for r in (projects.to_dict("records") if projects is not None and "standards" in projects else []):
        for sid in str(r.get("standards") or "").split(";"):
            if sid and sid != "nan":
                produce.setdefault(sid, []).append(r["id"])
    rows = [{**{k: (None if pd.isna(v) else v) for k, v in s.items() if k != "extra"},
             "year": None if pd.isna(s.get("year")) else int(s["year"]),
             "used_by_cases": used.get(s["id"], []), "produced_by_projects": produce.get(s["id"], [])}
            for s in standards.sort_values(["category_id", "code"], na_position="first").to_dict("records")]
    up = ancestors(categories)
    tm = set(standards.loc[(standards["kind"] == "test_method") & (standards["status"] == "current"), "category_id"])
    keys = key_categories if key_categories is not None else sorted(set(standards["category_id"].dropna()))
    lacking = [c for c in keys if not tm.intersection(up.get(c, [c]))]
    return StandardsRegistry(rows, lacking)
