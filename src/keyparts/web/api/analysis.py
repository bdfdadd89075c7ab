"""Engines over the stored data: assessment, exposure, scenarios (analysts and admins: national
aggregates), demand matches, allocation (the life and design routes: api/engineering.py).

Every response is the engine result's ``to_dict()``. Demand matching and allocation see only
the caller's visible rows (its demands, visible life tests and prices). Every engine runs off
the event loop with bounded concurrency (:mod:`keyparts.web.concurrency`); a cached national
result that is current is answered from the loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from keyparts.web.api.results import AllocationOut, AssessmentOut, ExposureOut, MatchOut, ScenarioOut
from keyparts.web.api.schemas import AllocateIn, ScenarioIn
from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.concurrency import cached, heavy
from keyparts.web.services import analysis as svc

router = APIRouter(tags=["analysis"])


@router.get("/assessment", response_model=AssessmentOut, operation_id="get_assessment")
async def get_assessment(p: National, cache: Cache) -> dict:
    """Key-category list: supply risk, economic importance, ranking (keyparts.priority)."""
    return await cached(cache, ["assessment_dict"], svc.assessment, cache)


@router.get("/exposure", response_model=ExposureOut, operation_id="get_exposure")
async def get_exposure(p: National, cache: Cache) -> dict:
    """Import exposure of end products (keyparts.supply.exposure): the caller's own products,
    and aggregates of at least k enterprises (docs/security.md, disclosure)."""
    return await cached(cache, svc.exposure_ready(cache, p), svc.exposure, cache, p)


@router.post("/scenarios", response_model=ScenarioOut, operation_id="run_scenario")
async def run_scenario(body: ScenarioIn, p: National, cache: Cache) -> dict:
    """Simulate an embargo / supplier failure and its losses (keyparts.supply.scenario): the
    caller's own products, and aggregates of at least k enterprises (docs/security.md)."""
    return await heavy(lambda: svc.scenario(cache, p, **body.model_dump()))


@router.get("/demands/{demand_id}/matches", response_model=MatchOut, operation_id="match_demand")
async def match_demand(demand_id: str, p: Caller, cache: Cache, repo: Repo,
                       top: Annotated[int, Query(ge=1, le=200)] = 10) -> dict:
    """Explained matches for a visible demand (keyparts.match.demand)."""
    return await heavy(svc.match_demand, demand_id, cache, repo, top)


@router.post("/allocations", response_model=AllocationOut, operation_id="allocate_demands")
async def allocate_demands(body: AllocateIn, p: Caller, cache: Cache, repo: Repo) -> dict:
    """Share the caller's demands among eligible parts at least cost plus risk (MILP) using the
    makers' offers and the prices the caller may see (keyparts.match.allocate). Every unmet
    quantity says why (``shortfall[].reasons``); the run is saved for audit (``run_id``)."""
    return await heavy(svc.allocate, cache, repo, p, body.demand_ids, max_suppliers=body.max_suppliers,
                       max_share=body.max_share, min_domestic=body.min_domestic_share)
