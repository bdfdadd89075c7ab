"""The public catalog: categories, enterprises, parts (parametric search with facets).

Prices are owned rows: a part's ``unit_price_usd`` appears only when the caller's enterprise
makes the part or the price is shared with it (through the tenant repository).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query

from keyparts.errors import NotFoundError
from keyparts.store.analysis import INDEX_TABLES
from keyparts.web.api.schemas import Category, Enterprise, Page, Price, PriceIn, Project
from keyparts.web.concurrency import off_loop
from keyparts.web.deps import Cache, Caller, Repo

router = APIRouter(tags=["catalog"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _page(rows: list[dict], limit: int, offset: int) -> dict:
    return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}


@router.get("/categories", response_model=Page[Category], operation_id="list_categories")
def list_categories(p: Caller, cache: Cache, limit: Limit = 100, offset: Offset = 0,
                    level: Annotated[str | None, Query(max_length=20)] = None) -> dict:
    """Categories of the taxonomy (names in English and Chinese)."""
    rows = [c for c in cache.categories().values() if level is None or c["level"] == level]
    return _page(rows, limit, offset)


@router.get("/categories/{category_id}", response_model=dict[str, Any], operation_id="get_category")
@off_loop
def get_category(category_id: str, p: Caller, cache: Cache) -> dict:
    """One category: names, parent, children, parameters, part count, and (for analysts) its
    assessment row (origins, dependent products)."""
    return category_detail(category_id, p, cache)


def category_detail(category_id: str, p: Caller, cache: Cache) -> dict:
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
    if p.national:
        a = next((c for c in cache.assessment_dict()["categories"] if c["id"] == category_id), None)
        if a and out["dependent"]["suppressed"]:  # BOM-derived counts under the k rule
            a = {**a, "dependent_products": None, "dependent_industries": None}
        out["assessment"] = a
    return out


def row_dict_plain(r: dict) -> dict:
    return {k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items() if k != "extra"}


@router.get("/enterprises", response_model=Page[Enterprise], operation_id="list_enterprises")
def list_enterprises(p: Caller, cache: Cache, limit: Limit = 100, offset: Offset = 0) -> dict:
    """Enterprises (parts makers, OEMs, institutes, labs)."""
    rows = [row_dict_plain(r) for r in cache.public_dataset().frames["enterprises"].to_dict("records")]
    return _page(rows, limit, offset)


@router.get("/enterprises/{enterprise_id}", response_model=Enterprise, operation_id="get_enterprise")
def get_enterprise(enterprise_id: str, p: Caller, cache: Cache) -> dict:
    e = cache.public_dataset().frames["enterprises"]
    r = e[e["id"] == enterprise_id]
    if r.empty:
        raise NotFoundError(f"enterprise {enterprise_id!r} not found")
    return row_dict_plain(r.iloc[0].to_dict())


@router.get("/projects", response_model=Page[Project], operation_id="list_projects")
def list_projects(p: Caller, cache: Cache, category: str | None = None, limit: Limit = 100,
                  offset: Offset = 0) -> dict:
    """Special R&D projects per key category (public programme data); ``category`` includes
    its subcategories."""
    df = cache.public_dataset().frames.get("projects")
    if df is None:
        return _page([], limit, offset)
    if category is not None:
        df = df[df["category_id"].isin({category, *cache.categories_under(category)})]
    rows = [row_dict_plain(r) for r in df.astype(object).where(df.notna(), None).to_dict("records")]
    return _page(rows, limit, offset)


@router.get("/parts/{part_id}", response_model=dict[str, Any], operation_id="get_part")
def get_part(part_id: str, p: Caller, cache: Cache, repo: Repo) -> dict:
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


@router.get("/parts/{part_id}/price", response_model=Price, operation_id="get_part_price")
def get_part_price(part_id: str, p: Caller, repo: Repo) -> dict:
    """The unit price (USD) if the caller may see it (404 otherwise)."""
    prices = repo.prices([part_id])
    if part_id not in prices:
        raise NotFoundError(f"price of part {part_id!r} not found")
    return {"part_id": part_id, "unit_price_usd": prices[part_id]}


@router.put("/parts/{part_id}/price", response_model=Price, operation_id="set_part_price")
def set_part_price(part_id: str, body: PriceIn, p: Caller, repo: Repo) -> dict:
    """Set the unit price (USD) of a part the caller's enterprise makes."""
    return repo.set_price(part_id, body.unit_price_usd)


@router.get("/parts/{part_id}/interchange", response_model=dict[str, Any], operation_id="part_interchange")
def part_interchange(part_id: str, p: Caller, cache: Cache) -> dict:
    """Other parts that can replace this one, graded with its own rating C
    (keyparts.match.interchange); each candidate with its maker's name and country."""
    from keyparts.match.interchange import InterchangeIndex

    ii = cache._get("interchange", lambda: InterchangeIndex.build(cache.index()), INDEX_TABLES)
    d = ii.for_part(part_id).to_dict()
    names = cache.public_dataset().frames["enterprises"].set_index("id")["name"]
    for c in d["candidates"]:
        c["maker_name"] = names.get(c["maker_id"], c["maker_id"])
    d["part_id"] = part_id
    return d
