"""Pages of the makers' registry (issue 16): capability search and the caller's own
specialisation (every member); a category's makers — fragmentation, R&D intensity, standards —
and the talent-gap heat map (analysts). They call ``keyparts.web.services.makers`` as the API does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from keyparts.errors import KeypartsError
from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.services import makers as svc

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, p, **ctx) -> HTMLResponse:
    from keyparts.web.pages import render
    return render(request, name, p, **ctx)


@router.get("/makers", response_class=HTMLResponse)
def makers_page(request: Request, p: Caller, cache: Cache, repo: Repo,
                q: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006 (FastAPI query list)
                year: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> HTMLResponse:
    reqs = [r for r in q if r.strip()]
    result, error = None, None
    if reqs:
        try:
            result = svc.capability_search(cache, reqs)
        except KeypartsError as exc:
            error = str(exc)
    own = svc.own_specialisation(repo, year)
    return _render(request, "makers.html", p, q=reqs, result=result, error=error, own=own)


@router.get("/makers/categories/{category_id}", response_class=HTMLResponse)
def makers_category_page(category_id: str, request: Request, p: National, cache: Cache,
                         year: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> HTMLResponse:
    from keyparts.web.services.catalog import category_detail
    c = category_detail(category_id, p, cache, national=True)  # p: National   # 404 for an unknown id
    return _render(request, "makers_category.html", p, c=c, frag=svc.fragmentation(cache, year, category_id),
                   rd=svc.rd_intensity(cache, year, category_id), standards=svc.standards(cache, category_id))


@router.get("/makers/talent", response_class=HTMLResponse)
def talent_page(request: Request, p: National, cache: Cache,
                base_year: Annotated[int, Query(ge=1900, le=2100)] = 2023,
                plan_year: Annotated[int, Query(ge=1900, le=2100)] = 2026,
                replacement_rate: Annotated[float, Query(ge=0, le=1)] = 0.03) -> HTMLResponse:
    error, res = None, None
    try:
        res = svc.talent(cache, p.enterprise_id, base_year, plan_year, replacement_rate)
    except KeypartsError as exc:
        error = str(exc)
    occupations, regions, cells = [], [], {}
    for g in (res or {}).get("gap", []):
        if g["occupation_code"] not in occupations:
            occupations.append(g["occupation_code"])
        if g["region"] not in regions:
            regions.append(g["region"])
        cells[(g["occupation_code"], g["region"])] = g
    names = {g["occupation_code"]: g["occupation_name"] for g in (res or {}).get("gap", [])}
    return _render(request, "makers_talent.html", p, res=res, error=error, base_year=base_year,
                   plan_year=plan_year, replacement_rate=replacement_rate, occupations=sorted(occupations),
                   regions=sorted(r for r in regions if r), cells=cells, names=names)
