"""The programme over time (issue 14 §5): category trends, editions of the key-category list and
their differences, localisation rates (national for analysts, an OEM's own products for its
members), the challenge board. Bodies are the engines' ``to_dict()`` through
``keyparts.web.services.programme``; the response models are derived from the engines' frozen
result classes (:func:`result_model`), so the three interfaces cannot drift apart."""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, create_model

from keyparts.programme.challenges import ChallengeReport
from keyparts.programme.editions import Edition, EditionDiff
from keyparts.programme.localisation import Localisation
from keyparts.programme.trend import Trend
from keyparts.web.concurrency import off_loop
from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.exports import XLSX_TYPE
from keyparts.web.services import programme as svc

router = APIRouter(prefix="/programme", tags=["programme"])

Scalar = str | int | float | bool | None
# how a result's to_dict() differs from its fields: renamed fields, fields folded into another
RENAMED: dict[type, dict[str, str]] = {Localisation: {"categories": "series"}, Edition: {"rows": "categories"}}
FOLDED: dict[type, tuple[str, ...]] = {Localisation: ("products", "industries")}  # into "series"


def _field_type(t: Any) -> Any:
    if t is pd.DataFrame:
        return list[dict[str, Scalar]]
    if dataclasses.is_dataclass(t):
        return result_model(t)
    if t is dict:
        return dict[str, Any]
    if typing.get_origin(t) is list and typing.get_args(t) in ((dict,),):
        return list[dict[str, Any]]
    return t


def result_model(cls: type, *, name: str | None = None, **extra: Any) -> type[BaseModel]:
    """The pydantic model of ``cls.to_dict()`` for a frozen result dataclass: its fields with their
    annotated types (a DataFrame as a list of rows of scalars, a nested result as its model),
    renamed or folded as :data:`RENAMED` and :data:`FOLDED` say; ``extra``: more (type, default)."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in FOLDED.get(cls, ()):
            continue
        fields[RENAMED.get(cls, {}).get(f.name, f.name)] = (_field_type(hints[f.name]), ...)
    fields.update(extra)
    return create_model(name or f"{cls.__name__}Out", __doc__=cls.__doc__, **fields)


TrendOut = result_model(Trend)
LocalisationOut = result_model(Localisation, name="LocalisationView",
                               scope=(Literal["national", "enterprise"], ...), enterprise_id=(str | None, None))
EditionOut = result_model(Edition)
EditionDiffOut = result_model(EditionDiff)
ChallengeBoardOut = result_model(ChallengeReport, name="ChallengeBoard")


class EditionInfo(BaseModel):
    """A published edition without its rows, with the links of its exports."""
    name: str
    year: int
    method_version: str
    fingerprint: str
    published_at: str
    source: str
    exports: dict[str, str]


class EditionList(BaseModel):
    editions: list[EditionInfo]


def export_links(name: str) -> dict[str, str]:
    from urllib.parse import quote
    return {f: f"/api/v1/programme/editions/{quote(name, safe='')}/export?format={f}" for f in svc.EXPORTS}


def localisation_source(p: Caller, cache: Cache, repo: Repo) -> svc.Source:
    """Analysts and admins see the national figures; any other member its own enterprise's."""
    if p.national:
        return svc.Source("national", None, cache)
    return svc.Source("enterprise", p.enterprise_id, cache, repo)


LocalisationSource = Annotated[svc.Source, Depends(localisation_source)]
Year = Annotated[int | None, Query(ge=1900, le=2100, description="Only this year (default: every year)")]
Id = Annotated[str | None, Query(max_length=100)]


@router.get("/categories/{category_id}/trend", response_model=TrendOut, operation_id="category_trend")
@off_loop
def category_trend(category_id: str, p: National, cache: Cache) -> dict:
    """IR, HHI, import-origin shares and the three localisation rates per year, with the targets."""
    return svc.category_trend(cache, category_id).to_dict()


@router.get("/localisation", response_model=LocalisationOut, operation_id="localisation")
@off_loop
def localisation(src: LocalisationSource, category: Id = None, product: Id = None, industry: Id = None,
                 year: Year = None) -> dict:
    """consumption_share, bom_value_share and qualified_capacity_share per category, product and
    industry and year, the gaps to targets and the LMDI split: national for analysts, the
    caller's own products for an OEM (``scope`` says which)."""
    res = svc.localisation(src, category=category, product=product, industry=industry, year=year)
    return {**res.to_dict(), "scope": src.scope, "enterprise_id": src.enterprise_id}


@router.get("/editions", response_model=EditionList, operation_id="list_editions")
def list_editions(request: Request, p: National) -> dict:
    """The published editions of the key-category list, oldest year first."""
    eds = svc.editions(request.app.state.engine)
    return {"editions": [{**e, "exports": export_links(e["name"])} for e in eds]}


@router.get("/editions/diff", response_model=EditionDiffOut, operation_id="diff_editions")
@off_loop
def diff_editions(request: Request, p: National, cache: Cache, a: Annotated[str, Query(max_length=100)],
                  b: Annotated[str, Query(max_length=100)]) -> dict:
    """Categories that entered, left or moved from edition ``a`` to ``b``, each with the
    indicators that moved its score (Shapley split) and the roadmap gaps, in words."""
    return svc.edition_diff(request.app.state.engine, cache, a, b).to_dict()


@router.get("/editions/{name}", response_model=EditionOut, operation_id="get_edition")
def get_edition(name: str, request: Request, p: National) -> dict:
    """One edition: the ranked list with its indicators, fingerprint and method version."""
    return svc.edition(request.app.state.engine, name).to_dict()


@router.get("/editions/{name}/export", response_class=Response, operation_id="export_edition",
            responses={200: {"content": {"text/csv": {}, "text/html": {}, XLSX_TYPE: {}},
                             "description": "the ranked list as a file"}})
def export_edition(name: str, request: Request, p: National,
                   format: Annotated[Literal["csv", "xlsx", "html"], Query()] = "csv") -> Response:
    """An edition's ranked list as CSV (UTF-8 with BOM), XLSX or HTML."""
    body, media, filename = svc.edition_file(request.app.state.engine, name, format)
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/challenges", response_model=ChallengeBoardOut, operation_id="challenge_board")
@off_loop
def challenge_board(p: National, cache: Cache) -> dict:
    """Challenges with status, target clauses and the remaining gap per parameter against the best
    qualified domestic part, the counterfactual effect and the portfolio rank (Monte Carlo)."""
    return svc.challenge_board(cache).to_dict()
