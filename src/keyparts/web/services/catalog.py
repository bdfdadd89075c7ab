"""The public catalog: categories (with the parts, projects and end products that depend on
them), enterprises, projects, one part (price and life-test campaigns only where visible) and
its interchangeable parts. Called by the REST API (``/api/v1/categories``, ``/parts/{id}``) and
the category and part pages alike; the category tree and the BOM are walked by the engines
(:meth:`keyparts.supply.taxonomy.Taxonomy.descendants`, :func:`keyparts.supply.bom.where_used`)."""

from __future__ import annotations

import math

from keyparts.errors import NotFoundError
from keyparts.store.analysis import INDEX_TABLES
from keyparts.web.auth import Principal
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo


def row_dict_plain(r: dict) -> dict:
    """A frame record as JSON-ready values (NaN -> None), without the ``extra`` column."""
    return {k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items() if k != "extra"}


def page(rows: list, limit: int, offset: int, total: int | None = None) -> dict:
    """One page of ``rows`` (already cut when ``total`` is given)."""
    if total is None:
        return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def categories(cache: DataCache, level: str | None = None) -> list[dict]:
    return [c for c in cache.categories().values() if level is None or c["level"] == level]


def category_detail(category_id: str, p: Principal, cache: DataCache, *, national: bool = False) -> dict:
    """One category: names, parent, children, parameters, part count, the end products that
    depend on it (k rule), and with ``national`` (the route's dependency
    :data:`keyparts.web.deps.NationalOrNone` found an analyst or admin) its assessment row."""
    cats = cache.categories()
    if category_id not in cats:
        raise NotFoundError(f"category {category_id!r} not found")
    ds = cache.public_dataset()
    par = ds.frames["parameters"]
    out = dict(cats[category_id])
    out["children"] = [c for c in cats.values() if c["parent_id"] == category_id]
    out["parameters"] = [row_dict_plain(r) for r in par[par["category_id"] == category_id].to_dict("records")]
    idx = cache.index()
    out["part_count"] = int(idx.category_mask(category_id).sum())
    from keyparts.web.disclosure import dependent_products, dependents_view
    out["dependent"] = dependents_view(dependent_products(
        cache.dataset().frames["bom"], ds.frames["products"], {category_id, *cache.categories_under(category_id)},
        set(idx.part_id[idx.category_mask(category_id)])), p.enterprise_id)
    if national:
        a = next((c for c in cache.assessment_dict()["categories"] if c["id"] == category_id), None)
        if a and out["dependent"]["suppressed"]:  # BOM-derived counts under the k rule
            a = {**a, "dependent_products": None, "dependent_industries": None}
        out["assessment"] = a
    return out


def category_page(category_id: str, p: Principal, cache: DataCache, *, national: bool = False) -> dict:
    """What the category page shows: :func:`category_detail`, its qualified parts (first 50)
    with maker and country, and the special projects in it and below."""
    c = category_detail(category_id, p, cache, national=national)
    ds = cache.public_dataset()
    idx = cache.index()
    mask = idx.category_mask(category_id)
    dependent = c.pop("dependent")
    parts = ds.frames["parts"]
    qualified = parts[parts["id"].isin(idx.part_id[mask]) & parts["status"].isin(["qualified", "production"])]
    ent = ds.frames["enterprises"].set_index("id")
    qualified = [{"id": r["id"], "designation": r["designation"], "maker": ent["name"].get(r["maker_id"], r["maker_id"]),
                  "country": ent["country"].get(r["maker_id"], ""), "status": r["status"]}
                 for r in qualified.head(50).to_dict("records")]
    projects = cache.dataset().frames.get("projects")
    if projects is not None:
        projects = projects[projects["category_id"].isin({category_id, *cache.categories_under(category_id)})]
        projects = [{**r, "lead": ent["name"].get(r["lead_id"], r["lead_id"])}
                    for r in projects.astype(object).where(projects.notna(), None).to_dict("records")]
    return {"c": c, "qualified": qualified, "dependent": dependent, "projects": projects}


def enterprises(cache: DataCache) -> list[dict]:
    return [row_dict_plain(r) for r in cache.frame("enterprises").to_dict("records")]


def enterprise(cache: DataCache, enterprise_id: str) -> dict:
    e = cache.frame("enterprises")
    r = e[e["id"] == enterprise_id]
    if r.empty:
        raise NotFoundError(f"enterprise {enterprise_id!r} not found")
    return row_dict_plain(r.iloc[0].to_dict())


def maker_name(cache: DataCache, enterprise_id: str) -> str:
    ent = cache.frame("enterprises").set_index("id")
    return ent["name"].get(enterprise_id, enterprise_id)


def projects(cache: DataCache, category: str | None = None) -> list[dict]:
    """Special R&D projects; ``category`` includes its subcategories."""
    df = cache.frame("projects")
    if df is None:
        return []
    if category is not None:
        df = df[df["category_id"].isin({category, *cache.categories_under(category)})]
    return [row_dict_plain(r) for r in df.astype(object).where(df.notna(), None).to_dict("records")]


def part_detail(part_id: str, cache: DataCache, repo: TenantRepo) -> dict:
    """One part: maker, category, values, price (if visible) and visible life-test campaigns."""
    parts = cache.public_dataset().frames["parts"]
    r = parts[parts["id"] == part_id]
    if r.empty:
        raise NotFoundError(f"part {part_id!r} not found")
    out = row_dict_plain(r.iloc[0].to_dict())
    out["unit_price_usd"] = repo.prices([part_id]).get(part_id)
    idx = cache.index()
    vals = idx.values_of(idx.row(part_id))
    vals.pop("unit_price_usd", None)
    vals.pop("category_names", None)
    out["values"] = vals
    out["units"] = {k: idx.units.get(k, "") for k in vals if k in idx.units}
    tests = repo.tests_of_part(part_id)
    out["test_campaigns"] = sorted({t["test_id"] for t in tests})
    out["category"] = cache.categories().get(out["category_id"])
    return out


def part_price(part_id: str, repo: TenantRepo) -> dict:
    """The unit price (USD) if the caller may see it (NotFoundError otherwise)."""
    prices = repo.prices([part_id])
    if part_id not in prices:
        raise NotFoundError(f"price of part {part_id!r} not found")
    return {"part_id": part_id, "unit_price_usd": prices[part_id]}


def part_interchange(part_id: str, cache: DataCache) -> dict:
    """Parts that can replace this one (:mod:`keyparts.match.interchange`), each with its
    maker's name."""
    from keyparts.match.interchange import InterchangeIndex

    ii = cache._get("interchange", lambda: InterchangeIndex.build(cache.index()), INDEX_TABLES)
    d = ii.for_part(part_id).to_dict()
    names = cache.frame("enterprises").set_index("id")["name"]
    for c in d["candidates"]:
        c["maker_name"] = names.get(c["maker_id"], c["maker_id"])
    d["part_id"] = part_id
    return d


def part_page(part_id: str, cache: DataCache, repo: TenantRepo) -> dict:
    """What the part page shows: :func:`part_detail`, interchangeable parts (None when the index
    cannot say), each visible campaign's fit with its probability plot (an ECharts option of
    :mod:`keyparts.charts`), the maker's name."""
    import pandas as pd

    from keyparts.charts import probability_plot_of_fit
    from keyparts.errors import KeypartsError
    from keyparts.web import i18n
    from keyparts.web.lifeio import fit_tests
    part = part_detail(part_id, cache, repo)
    try:
        inter = part_interchange(part_id, cache)
    except (KeypartsError, ImportError, AttributeError):
        inter = None
    evidence = []
    for tid in part["test_campaigns"]:
        df = pd.DataFrame(repo.test_campaign(tid))
        try:
            res, data = fit_tests(df)
            evidence.append({"test_id": tid, "fit": res.to_dict(),
                             "plot": probability_plot_of_fit(res, data, gettext=i18n.gettext)})
        except KeypartsError as exc:
            evidence.append({"test_id": tid, "error": str(exc)})
    return {"part": part, "inter": inter, "evidence": evidence, "maker": maker_name(cache, part["maker_id"])}
