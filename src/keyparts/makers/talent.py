"""Talent: staff a capacity plan needs per key category × occupation × region, against the
graduates that training programmes supply, and the gap.

For each enterprise and category with capacity ``C0`` in ``base_year`` and ``C1`` in
``plan_year`` (rows of ``enterprise_categories``; a missing row counts as 0 capacity, a missing
plan as no change), and each staffing ratio ``r`` (persons per 1 000 pieces/year of capacity)
of the category or its nearest ancestor with a ratio::

    demand per year = r · max(C1 − C0, 0) / 1000 / (plan_year − base_year)     growth
                    + r · C0 / 1000 · replacement_rate                         replacement

in persons per year, summed over enterprises of a region (``enterprises.region``). Supply is
``training.graduates_per_year`` of the same occupation and region. Per occupation × region:
``gap = demand − supply`` (positive = shortage) and ``coverage = supply / demand``; each cell
names the enterprises whose plans (or projects they lead) make its demand (``contributors``), so
that a platform can withhold a cell that would show one enterprise's plan. A category
is "at risk from talent" when one of its cells has coverage below ``at_risk_below``.

Special projects (``projects.csv`` with ``project_staff.csv``: persons of an occupation a project
needs while it runs) add demand when they run within the plan (start ≤ plan_year, end ≥
base_year or open, not completed): the staff ``P`` is hired over the plan, like capacity growth,
``P / (plan_year − base_year)`` persons per year, in the lead enterprise's region and the
project's category. A project "lacks key staff" when one of its cells has coverage below
``at_risk_below``. Challenges (揭榜挂帅, ``challenges.csv`` with ``challenge_staff.csv``) count the
same way once awarded or running, led by their winner, until the year of their deadline; a
challenge "lacks key staff" likewise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from keyparts.errors import InputError
from keyparts.makers.specialisation import ancestors


@dataclass(frozen=True)
class TalentGap:
    """Demand per category × occupation × region, the gap per occupation × region, flags."""

    base_year: int
    plan_year: int
    replacement_rate: float
    at_risk_below: float
    demand: list[dict] = field(default_factory=list)
    gap: list[dict] = field(default_factory=list)
    categories_at_risk: list[str] = field(default_factory=list)
    projects_lacking_staff: list[str] = field(default_factory=list)
    challenges_lacking_staff: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"base_year": self.base_year, "plan_year": self.plan_year, "replacement_rate": self.replacement_rate,
                "at_risk_below": self.at_risk_below, "unit": "persons/year", "demand": self.demand,
                "gap": self.gap, "categories_at_risk": self.categories_at_risk,
                "projects_lacking_staff": self.projects_lacking_staff,
                "challenges_lacking_staff": self.challenges_lacking_staff}


def talent_gap(enterprise_categories: pd.DataFrame, enterprises: pd.DataFrame, categories: pd.DataFrame,
               ratios: pd.DataFrame, training: pd.DataFrame | None, *, base_year: int, plan_year: int,
               replacement_rate: float = 0.0, at_risk_below: float = 1.0,
               projects: pd.DataFrame | None = None, project_staff: pd.DataFrame | None = None,
               challenges: pd.DataFrame | None = None, challenge_staff: pd.DataFrame | None = None) -> TalentGap:
    """The talent gap of the capacity plan from ``base_year`` to ``plan_year`` (formula in the module).

    ``ratios``: category_id, occupation_code, persons_per_1000_capacity. ``training``: rows of
    ``training.csv`` (None = no supply known). ``projects`` and ``project_staff``: special
    projects and the staff they need; ``challenges`` and ``challenge_staff`` likewise (optional).
    """
    if plan_year <= base_year:
        raise InputError(f"plan year {plan_year} is not after base year {base_year}: expected a later plan year")
    if not 0 <= replacement_rate <= 1:
        raise InputError(f"replacement rate {replacement_rate} is outside 0-1 (a share of staff per year)")
    ec = enterprise_categories.assign(year=enterprise_categories["year"].astype(int),
                                      capacity=pd.to_numeric(enterprise_categories["capacity"], errors="coerce"))
    cap = (ec[ec["year"].isin([base_year, plan_year])]
           .pivot_table(index=["enterprise_id", "category_id"], columns="year", values="capacity", aggfunc="sum")
           .reindex(columns=[base_year, plan_year]))
    c0 = cap[base_year].fillna(0.0)
    c1 = cap[plan_year].fillna(c0)
    plan = pd.DataFrame({"c0": c0, "c1": c1}).reset_index()
    up = ancestors(categories)
    ratio_cats = set(ratios["category_id"])
    plan["ratio_category"] = plan["category_id"].map(
        lambda c: next((a for a in up.get(c, [c]) if a in ratio_cats), None))
    d = plan.dropna(subset=["ratio_category"]).merge(
        ratios.rename(columns={"category_id": "ratio_category"}), on="ratio_category")
    years = plan_year - base_year
    r = d["persons_per_1000_capacity"] / 1000.0
    d["growth"] = r * np.maximum(d["c1"] - d["c0"], 0.0) / years
    d["replacement"] = r * d["c0"] * replacement_rate
    d["demand"] = d["growth"] + d["replacement"]
    region = dict(zip(enterprises["id"], enterprises["region"]))
    d["region"] = d["enterprise_id"].map(region)
    proj = pd.concat([_project_demand(projects, project_staff, region, base_year, plan_year).assign(kind="project"),
                      _project_demand(_challenges_as_projects(challenges),
                                      None if challenge_staff is None else
                                      challenge_staff.rename(columns={"challenge_id": "project_id"}),
                                      region, base_year, plan_year).assign(kind="challenge")], ignore_index=True)
    dem = (pd.concat([d, proj], ignore_index=True)
           .groupby(["category_id", "occupation_code", "region"], dropna=False)[["growth", "replacement", "demand"]]
           .sum().reset_index())
    sup = (training.groupby(["occupation_code", "region"])["graduates_per_year"].sum()
           if training is not None and len(training) else pd.Series(dtype=float))
    cell = dem.groupby(["occupation_code", "region"], dropna=False)["demand"].sum()
    who = pd.concat([d.loc[d["demand"] > 0, ["occupation_code", "region", "enterprise_id"]],
                     proj.rename(columns={"lead_id": "enterprise_id"})
                     .loc[lambda x: x["demand"] > 0, ["occupation_code", "region", "enterprise_id"]]])
    contributors = who.groupby(["occupation_code", "region"], dropna=False)["enterprise_id"].agg(
        lambda s: sorted(set(s.dropna())))
    keys = cell.index.union(sup.index) if len(sup) else cell.index
    g = pd.DataFrame({"demand": cell.reindex(keys, fill_value=0.0), "supply": sup.reindex(keys, fill_value=0.0)})
    g["gap"] = g["demand"] - g["supply"]
    g["coverage"] = g["supply"] / g["demand"].where(g["demand"] > 0)
    cov = g["coverage"].to_dict()
    dem["coverage"] = [cov.get((o, rg)) for o, rg in zip(dem["occupation_code"], dem["region"])]
    risky = dem[(dem["demand"] > 0) & (dem["coverage"].fillna(np.inf) < at_risk_below)]
    f = lambda x: None if x is None or pd.isna(x) else float(x)  # noqa: E731
    demand = [{"category_id": x["category_id"], "occupation_code": x["occupation_code"], "region": x["region"],
               "growth": f(x["growth"]), "replacement": f(x["replacement"]), "demand": f(x["demand"]),
               "coverage": f(x["coverage"])} for x in dem.to_dict("records")]
    gap = [{"occupation_code": o, "region": rg, "demand": f(v["demand"]), "supply": f(v["supply"]),
            "gap": f(v["gap"]), "coverage": f(v["coverage"]), "contributors": contributors.get((o, rg), [])}
           for (o, rg), v in g.sort_values("gap", ascending=False).iterrows()]
    short = [(cov.get((o, rg)) is not None and cov[(o, rg)] < at_risk_below)
             for o, rg in zip(proj["occupation_code"], proj["region"])]
    lacking = proj[np.array(short, dtype=bool)] if len(proj) else proj
    return TalentGap(base_year, plan_year, replacement_rate, at_risk_below, demand, gap,
                     sorted(set(risky["category_id"])),
                     sorted(set(lacking.loc[lacking["kind"] == "project", "project_id"])),
                     sorted(set(lacking.loc[lacking["kind"] == "challenge", "project_id"])))


def _challenges_as_projects(challenges: pd.DataFrame | None) -> pd.DataFrame | None:
    """Awarded or running challenges in the shape of projects: led by the winner, running until
    the year of the deadline."""
    if challenges is None or not len(challenges):
        return None
    ch = challenges[challenges["status"].astype(str).isin(("awarded", "running"))]
    return pd.DataFrame({"id": ch["id"], "category_id": ch["category_id"], "lead_id": ch["winner_id"],
                         "start_year": 0, "end_year": pd.to_datetime(ch["deadline"]).dt.year,
                         "status": "running"})


def _project_demand(projects: pd.DataFrame | None, staff: pd.DataFrame | None, region: dict,
                    base_year: int, plan_year: int) -> pd.DataFrame:
    """Hiring demand of the special projects running within the plan (see the module)."""
    cols = ["project_id", "lead_id", "category_id", "occupation_code", "region", "growth", "replacement", "demand"]
    if projects is None or staff is None or not len(projects) or not len(staff):
        return pd.DataFrame(columns=cols)
    end = pd.to_numeric(projects["end_year"], errors="coerce") if "end_year" in projects else np.nan
    runs = projects[(projects["start_year"].astype(int) <= plan_year) & ~(end < base_year)
                    & (projects["status"].astype(str) != "completed")]
    p = staff.merge(runs[["id", "category_id", "lead_id"]], left_on="project_id", right_on="id")
    growth = pd.to_numeric(p["persons"], errors="coerce").fillna(0.0) / (plan_year - base_year)
    return pd.DataFrame({"project_id": p["project_id"], "lead_id": p["lead_id"], "category_id": p["category_id"],
                         "occupation_code": p["occupation_code"], "region": p["lead_id"].map(region),
                         "growth": growth, "replacement": 0.0, "demand": growth}, columns=cols)
