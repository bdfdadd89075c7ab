"""Makers and talent (issue 16): capability search and an enterprise's own specialisation for
every member; fragmentation, R&D intensity and the talent gap (national aggregates under the k
rule) for analysts; the standards registry for everyone. Bodies are the engines' ``to_dict()``
through ``keyparts.web.services.makers``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.services import makers as svc

router = APIRouter(prefix="/makers", tags=["makers"])
Year = Annotated[int | None, Query(ge=1900, le=2100, description="Only this year (default: every year)")]
Category = Annotated[str | None, Query(max_length=100, description="Only this category id")]


class Rows(BaseModel):
    """A result with one row per category (or enterprise) and year; the formula it states."""
    model_config = ConfigDict(extra="allow")
    rows: list[dict[str, Any]]


class CapabilityResult(BaseModel):
    requirements: list[str]
    total: int
    items: list[dict[str, Any]]


class OwnSpecialisation(BaseModel):
    enterprise_id: str
    year: int | None
    eligibility: dict[str, Any]
    specialisation: dict[str, Any]


class TalentCell(BaseModel):
    occupation_code: str
    occupation_name: str | None
    region: str | None
    demand: float | None
    supply: float | None
    gap: float | None
    coverage: float | None
    suppressed: bool


class TalentResult(BaseModel):
    base_year: int
    plan_year: int
    replacement_rate: float
    at_risk_below: float
    unit: str
    gap: list[TalentCell]
    categories_at_risk: list[str]
    projects_lacking_staff: list[str]
    challenges_lacking_staff: list[str]


class StandardsResult(BaseModel):
    rows: list[dict[str, Any]]
    categories_without_test_method: list[str]


@router.get("/capabilities", response_model=CapabilityResult, operation_id="search_capabilities")
def search_capabilities(p: Caller, cache: Cache,
                        requirement: Annotated[list[str], Query(min_length=1, max_length=10,
                                                                description="kind:name[@class]")]) -> dict:
    """Enterprises with every capability asked, e.g. ``process:superfinish@P4``, ``test:life test``."""
    return svc.capability_search(cache, requirement)


@router.get("/me/specialisation", response_model=OwnSpecialisation, operation_id="own_specialisation")
def own_specialisation(p: Caller, repo: Repo, year: Year = None) -> dict:
    """The caller's enterprise against the 专精特新 tiers, and its specialisation index."""
    return svc.own_specialisation(repo, year)


@router.get("/fragmentation", response_model=Rows, operation_id="makers_fragmentation")
def fragmentation(p: National, cache: Cache, year: Year = None, category: Category = None) -> dict:
    """Domestic capacity per category: makers, CR4, HHI, low-end share (k rule)."""
    return svc.fragmentation(cache, year, category)


@router.get("/rd", response_model=Rows, operation_id="makers_rd_intensity")
def rd_intensity(p: National, cache: Cache, year: Year = None, category: Category = None) -> dict:
    """R&D intensity per category, weighted by each maker's revenue in it (k rule)."""
    return svc.rd_intensity(cache, year, category)


@router.get("/talent", response_model=TalentResult, operation_id="talent_gap")
def talent(p: National, cache: Cache, base_year: Annotated[int, Query(ge=1900, le=2100)],
           plan_year: Annotated[int, Query(ge=1900, le=2100)],
           replacement_rate: Annotated[float, Query(ge=0, le=1)] = 0.0) -> dict:
    """Staff demand of capacity plans and projects against graduates, per occupation × region."""
    return svc.talent(cache, p.enterprise_id, base_year, plan_year, replacement_rate)


@router.get("/standards", response_model=StandardsResult, operation_id="standards_registry")
def standards(p: Caller, cache: Cache, category: Category = None) -> dict:
    """Standards per category, the qualification decisions that followed them, the projects
    that are to produce them."""
    return svc.standards(cache, category)
