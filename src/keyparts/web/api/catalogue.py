"""The parametric catalogue over REST: search with words, clauses, facets, sort and pages;
export of the whole result (CSV with a UTF-8 BOM, XLSX); the category tree with counts.

Included before :mod:`keyparts.web.api.catalog` so that ``/parts/export.csv`` and
``/categories/tree`` are not taken for a part or a category id. Prices stay per caller: the
tenant repository adds the ones the caller's enterprise may see.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from keyparts.web.concurrency import heavy
from keyparts.web.deps import Cache, Caller, Repo
from keyparts.web.services import catalogue as svc

router = APIRouter(tags=["catalog"])


class PartRow(BaseModel):
    part_id: str
    category_id: str
    category_name: str | None = None
    category_name_zh: str | None = None
    designation: str | None = None
    maker_id: str | None = None
    maker_name: str | None = None
    country: str | None = None
    status: str | None = None
    unit_price_usd: float | None = None
    values: dict[str, float | str]


class Bucket(BaseModel):
    model_config = {"populate_by_name": True}
    from_: float = Field(alias="from")
    to: float
    count: int


class EnumFacet(BaseModel):
    kind: Literal["enum"]
    values: dict[str, int]


class NumberFacet(BaseModel):
    kind: Literal["number"]
    unit: str
    min: float | None
    max: float | None
    buckets: list[Bucket]


Facet = Annotated[EnumFacet | NumberFacet, Field(discriminator="kind")]


class FunnelStep(BaseModel):
    after: str
    remaining: int


class Without(BaseModel):
    clause: str
    remaining: int


class Hints(BaseModel):
    blocking: str
    remaining_before: int
    parameter: str | None = None
    unit: str = ""
    nearest: list[float | str]
    without: list[Without]


class PartsPage(BaseModel):
    query: list[str]
    query_text: str | None = None
    category: str | None = None
    total: int
    offset: int
    limit: int
    sort: str | None = None
    order: Literal["asc", "desc"]
    columns: list[str]
    parameters: list[str]
    items: list[PartRow]
    facets: dict[str, Facet]
    units: dict[str, str]
    funnel: list[FunnelStep]
    hints: Hints | None = None


class CategoryNode(BaseModel):
    id: str
    name: str
    name_zh: str | None = None
    level: str | None = None
    count: int
    children: list[CategoryNode]


Q = Annotated[str | None, Query(max_length=2000, description="words and clauses, e.g. 6205; d=25mm; C>=14kN")]
Cat = Annotated[str | None, Query(max_length=200)]
Sort = Annotated[str | None, Query(max_length=100, description="a parameter or field (designation, maker_name, status)")]
Order = Annotated[Literal["asc", "desc"], Query()]
Select = Annotated[list[str], Query(max_length=1000, description="multi-select facet, parameter:value,value (repeat)")]
Range = Annotated[list[str], Query(max_length=200, description="range facet in the parameter's unit, parameter:low..high")]
Columns = Annotated[str | None, Query(max_length=1000, description="comma-separated parameters to show")]


def _args(q, category, select, range_, sort, order, columns) -> dict:
    sel, rng = svc.parse_facet_args(select, range_)
    cols = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    return {"q": q, "category": category, "select": sel, "ranges": rng, "sort": sort, "order": order,
            "columns": cols}


@router.get("/parts", response_model=PartsPage, operation_id="search_parts")
async def search_parts(p: Caller, cache: Cache, repo: Repo, q: Q = None, category: Cat = None,
                       select: Select = [], range: Range = [],  # noqa: A002, B006 (query names)
                       sort: Sort = None, order: Order = "asc", descending: bool = False,
                       offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                       limit: Annotated[int, Query(ge=0, le=200)] = 20, columns: Columns = None,
                       facets: Annotated[str | None, Query(max_length=1000, description="comma-separated parameters")] = None
                       ) -> dict:
    """Parametric search: free words (designation, maker, category names in English or
    Chinese) and clauses, multi-select and range facets, sort by any parameter (stable, ties by
    part id), pages; prices only where visible; ``hints`` say why nothing was found."""
    fac = [f.strip() for f in facets.split(",") if f.strip()] if facets else None
    kw = {**_args(q, category, select, range, sort, "desc" if descending else order, columns),
          "offset": offset, "limit": limit, "facets": fac}
    if cache.searched(svc.search_key(**kw)):  # memoised: a look-up and the caller's prices
        return svc.find_parts(cache, repo, **kw)
    return await heavy(svc.find_parts, cache, repo, **kw)  # a search over the catalogue: off the loop


def _export(kind: str, p, cache, repo, q, category, select, range_, sort, order, columns) -> Response:
    header, rows = svc.export_rows(cache, repo, **_args(q, category, select, range_, sort, order, columns))
    if kind == "csv":
        return Response(svc.to_csv(header, rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="parts.csv"'})
    return Response(svc.to_xlsx(header, rows),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="parts.xlsx"'})


@router.get("/parts/export.csv", response_class=Response, operation_id="export_parts_csv",
            responses={200: {"content": {"text/csv": {}}, "description": "CSV, UTF-8 with BOM"}})
def export_csv(p: Caller, cache: Cache, repo: Repo, q: Q = None, category: Cat = None,
               select: Select = [], range: Range = [], sort: Sort = None,  # noqa: A002, B006
               order: Order = "asc", columns: Columns = None) -> Response:
    """The whole result (up to 20 000 rows) as CSV in UTF-8 with a byte-order mark."""
    return _export("csv", p, cache, repo, q, category, select, range, sort, order, columns)


@router.get("/parts/export.xlsx", response_class=Response, operation_id="export_parts_xlsx",
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
                             "description": "one worksheet 'parts'"}})
def export_xlsx(p: Caller, cache: Cache, repo: Repo, q: Q = None, category: Cat = None,
                select: Select = [], range: Range = [], sort: Sort = None,  # noqa: A002, B006
                order: Order = "asc", columns: Columns = None) -> Response:
    """The whole result (up to 20 000 rows) as an Excel workbook."""
    return _export("xlsx", p, cache, repo, q, category, select, range, sort, order, columns)


@router.get("/categories/tree", response_model=list[CategoryNode], operation_id="category_tree")
def categories_tree(p: Caller, cache: Cache, q: Q = None) -> list[dict]:
    """The category tree; each node counts the parts in it and below that meet ``q``."""
    return svc.category_tree(cache, q)
