"""Makers and talent on the platform (issue 16): capability search, an enterprise's own
specialisation, and national aggregates under the k rule (docs/security.md).

* capabilities are published by their enterprise (processes, machines, tests and
  accreditations are what a maker advertises), so every member searches all of them;
* ``enterprise_years``, ``enterprise_categories`` and ``enterprise_occupations`` are read through
  the tenant repository: an enterprise sees its own rows only;
* fragmentation, R&D intensity and the talent gap aggregate those confidential rows: a figure
  is shown only when at least k enterprises contribute (``keyparts.web.disclosure``).
"""

from __future__ import annotations

import pandas as pd

from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.web.data import DataCache
from keyparts.web.disclosure import disclosable, min_enterprises
from keyparts.web.tenancy import TenantRepo

ALL_ROWS = 10_000_000


def _own(repo: TenantRepo, kind: str) -> pd.DataFrame:
    rows, _ = repo.list(kind, limit=ALL_ROWS)
    return pd.DataFrame(rows, columns=TABLE_BY_NAME[kind].column_names)


def capability_search(cache: DataCache, requirements: list[str]) -> dict:
    """Enterprises meeting every requirement (``kind:name[@class]``)."""
    from keyparts.makers import search_capabilities
    return search_capabilities(cache.frame("capabilities"), cache.frame("enterprises"), requirements).to_dict()


def own_specialisation(repo: TenantRepo, year: int | None) -> dict:
    """The caller's enterprise: 专精特新 eligibility and distance per tier, and its
    specialisation index, from its own registry rows."""
    from keyparts.makers import eligibility, load_criteria, specialisation_index
    ey, ec = _own(repo, "enterprise_years"), _own(repo, "enterprise_categories")
    if year is not None:
        ey = ey[ey["year"] <= year]
        ec = ec[ec["year"] <= year]
    ey = ey.astype({"year": int}) if len(ey) else ey
    elig = eligibility(ey, load_criteria(), enterprise_categories=ec).to_dict() if len(ey) else \
        {"criteria": load_criteria().to_dict(), "rows": []}
    spec = specialisation_index(ey, ec).to_dict() if len(ey) else {"rows": []}
    if year is not None:
        elig["rows"] = [r for r in elig["rows"] if r["year"] == year]
        spec["rows"] = [r for r in spec["rows"] if r["year"] == year]
    return {"enterprise_id": repo.p.enterprise_id, "year": year, "eligibility": elig, "specialisation": spec}


def fragmentation(cache: DataCache, year: int | None, category: str | None) -> dict:
    """Fragmentation of domestic capacity per category (suppressed below k makers)."""
    from keyparts.makers import fragmentation as frag
    res = frag(cache.frame("enterprise_categories"), cache.frame("enterprises"), cache.frame("categories"),
               country=cache.frame("meta").get("country", "CN"), year=year, k_min=min_enterprises()).to_dict()
    res["rows"] = [r for r in res["rows"] if category is None or r["category_id"] == category]
    return res


def rd_intensity(cache: DataCache, year: int | None, category: str | None) -> dict:
    """R&D intensity per category, weighted by revenue in it (suppressed below k makers)."""
    from keyparts.makers.rnd import rd_intensity as rdi
    res = rdi(cache.frame("enterprise_years"), cache.frame("enterprise_categories"), cache.frame("categories"),
              year=year, k_min=min_enterprises()).to_dict()
    res["rows"] = [r for r in res["rows"] if category is None or r["category_id"] == category]
    return res


def talent(cache: DataCache, viewer: str | None, base_year: int, plan_year: int,
           replacement_rate: float) -> dict:
    """The talent gap per occupation × region; a cell whose demand comes from fewer than k
    enterprises (other than the viewer's own) shows its supply only."""
    from keyparts.makers import load_occupations, load_staffing_ratios, talent_gap
    res = talent_gap(cache.frame("enterprise_categories"), cache.frame("enterprises"), cache.frame("categories"),
                     load_staffing_ratios(), cache.frame("training"), base_year=base_year, plan_year=plan_year,
                     replacement_rate=replacement_rate, projects=cache.frame("projects"),
                     project_staff=cache.frame("project_staff"), challenges=cache.frame("challenges"),
                     challenge_staff=cache.frame("challenge_staff")).to_dict()
    names = dict(zip(*load_occupations()[["code", "name_zh"]].to_numpy().T))
    gap = []
    for g in res["gap"]:
        who = g.pop("contributors")
        ok = not who or disclosable(who, viewer)
        gap.append({**g, "occupation_name": names.get(g["occupation_code"]), "suppressed": not ok,
                    **({} if ok else {"demand": None, "gap": None, "coverage": None})})
    res["gap"] = gap
    res.pop("demand")  # per category and region it would show single plans
    return res


def standards(cache: DataCache, category: str | None) -> dict:
    """The standards registry (public)."""
    from keyparts.makers.rnd import standards_registry
    res = standards_registry(cache.frame("standards"), cache.frame("categories"), projects=cache.frame("projects"),
                             qualification_events=cache.frame("qualification_events")).to_dict()
    if category is not None:
        up = set([category, *cache_ancestors(cache, category)])
        res["rows"] = [r for r in res["rows"] if r["category_id"] in up]
    return res


def cache_ancestors(cache: DataCache, category: str) -> list[str]:
    cats = cache.categories()
    out, c = [], cats.get(category, {}).get("parent_id")
    while c and c not in out:
        out.append(c)
        c = cats.get(c, {}).get("parent_id")
    return out
