"""The public catalog: categories, enterprises, parts (parametric search with facets).

Prices are owned rows: a part's ``unit_price_usd`` appears only when the caller's enterprise
makes the part or the price is shared with it (through the tenant repository). The work is
:mod:`keyparts.web.services.catalog`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from keyparts.web.api.results import AssessmentCategory, InterchangeOut
from keyparts.web.api.schemas import Category, Enterprise, Page, Price, PriceIn, Project, table_model
from keyparts.web.concurrency import off_loop
from keyparts.web.deps import Cache, Caller, NationalOrNone, Repo
from keyparts.web.services import catalog as svc
from keyparts.web.services.catalog import row_dict_plain  # noqa: F401  (kept for callers)

router = APIRouter(tags=["catalog"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]

Parameter = table_model("Parameter", "parameters")
Product = table_model("DependentProduct", "products", only=("id", "name", "industry", "oem_id"))


class Dependents(BaseModel):
    """End products whose BOM reaches the category: the caller's own by name, counts when at
    least k OEMs stand behind them (``suppressed`` otherwise)."""
    own: list[Product]  # type: ignore[valid-type]
    products: int | None
    enterprises: int | None
    industries: int | None
    suppressed: bool
    k: int


class CategoryDetail(Category):  # type: ignore[misc,valid-type]
    model_config = ConfigDict(extra="allow")
    children: list[Category]  # type: ignore[valid-type]
    parameters: list[Parameter]  # type: ignore[valid-type]
    part_count: int
    dependent: Dependents
    assessment: AssessmentCategory | None = Field(default=None, description="analysts and admins only")


class PartDetail(table_model("PartBase", "parts")):  # type: ignore[misc]
    model_config = ConfigDict(extra="allow")  # a column the parts frame carries beyond the contract
    values: dict[str, float | str | None] = Field(description="parameter values (units in ``units``)")
    units: dict[str, str]
    test_campaigns: list[str] = Field(description="life-test campaigns the caller may see")
    category: Category | None  # type: ignore[valid-type]


@router.get("/categories", response_model=Page[Category], operation_id="list_categories")
def list_categories(p: Caller, cache: Cache, limit: Limit = 100, offset: Offset = 0,
                    level: Annotated[str | None, Query(max_length=20)] = None) -> dict:
    """Categories of the taxonomy (names in English and Chinese)."""
    return svc.page(svc.categories(cache, level), limit, offset)


@router.get("/categories/{category_id}", response_model=CategoryDetail, response_model_exclude_unset=True,
            operation_id="get_category")
@off_loop
def get_category(category_id: str, p: Caller, analyst: NationalOrNone, cache: Cache) -> dict:
    """One category: names, parent, children, parameters, part count, and (for analysts) its
    assessment row (origins, dependent products)."""
    return svc.category_detail(category_id, p, cache, national=analyst is not None)


@router.get("/enterprises", response_model=Page[Enterprise], operation_id="list_enterprises")
def list_enterprises(p: Caller, cache: Cache, limit: Limit = 100, offset: Offset = 0) -> dict:
    """Enterprises (parts makers, OEMs, institutes, labs)."""
    return svc.page(svc.enterprises(cache), limit, offset)


@router.get("/enterprises/{enterprise_id}", response_model=Enterprise, operation_id="get_enterprise")
def get_enterprise(enterprise_id: str, p: Caller, cache: Cache) -> dict:
    return svc.enterprise(cache, enterprise_id)


@router.get("/projects", response_model=Page[Project], operation_id="list_projects")
def list_projects(p: Caller, cache: Cache, category: str | None = None, limit: Limit = 100,
                  offset: Offset = 0) -> dict:
    """Special R&D projects per key category (public programme data); ``category`` includes
    its subcategories."""
    return svc.page(svc.projects(cache, category), limit, offset)


@router.get("/parts/{part_id}", response_model=PartDetail, operation_id="get_part")
def get_part(part_id: str, p: Caller, cache: Cache, repo: Repo) -> dict:
    """One part: maker, category, values, price (if visible) and visible life-test campaigns."""
    return svc.part_detail(part_id, cache, repo)


@router.get("/parts/{part_id}/price", response_model=Price, operation_id="get_part_price")
def get_part_price(part_id: str, p: Caller, repo: Repo) -> dict:
    """The unit price (USD) if the caller may see it (404 otherwise)."""
    return svc.part_price(part_id, repo)


@router.put("/parts/{part_id}/price", response_model=Price, operation_id="set_part_price")
def set_part_price(part_id: str, body: PriceIn, p: Caller, repo: Repo) -> dict:
    """Set the unit price (USD) of a part the caller's enterprise makes."""
    return repo.set_price(part_id, body.unit_price_usd)


@router.get("/parts/{part_id}/interchange", response_model=InterchangeOut, operation_id="part_interchange")
def part_interchange(part_id: str, p: Caller, cache: Cache) -> dict:
    """Other parts that can replace this one, graded with its own rating C
    (keyparts.match.interchange); each candidate with its maker's name and country."""
    return svc.part_interchange(part_id, cache)


__all__ = ["Any", "router"]
