"""Engines over the stored data: assessment, exposure, scenarios (analysts and admins: national
aggregates), demand matches, allocation (life data and calculators: :mod:`keyparts.web.api.engineering`).

Every response is the engine result's ``to_dict()``. Demand matching and allocation see only
the caller's visible rows (its demands, visible life tests and prices). Every engine runs off
the event loop with bounded concurrency (:mod:`keyparts.web.concurrency`); a cached national
result that is current is answered from the loop.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query

from keyparts.dataset.model import Dataset
from keyparts.web.api.schemas import AllocateIn, ScenarioIn
from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.concurrency import cached, heavy

router = APIRouter(tags=["analysis"])
J = dict[str, Any]


@router.get("/assessment", response_model=J, operation_id="get_assessment")
async def get_assessment(p: National, cache: Cache) -> dict:
    """Key-category list: supply risk, economic importance, ranking (keyparts.priority)."""
    return await cached(cache, ["assessment_dict"], cache.assessment_dict)


@router.get("/exposure", response_model=J, operation_id="get_exposure")
async def get_exposure(p: National, cache: Cache) -> dict:
    """Import exposure of end products (keyparts.supply.exposure): the caller's own products,
    and aggregates of at least k enterprises (docs/security.md, disclosure)."""
    from keyparts.web.disclosure import exposure_view, min_enterprises
    from keyparts.web.data import SUPPLY
    name = f"exposure:{p.enterprise_id}:k={min_enterprises()}"
    return await cached(cache, [name], cache._get, name,
                        lambda: exposure_view(cache.exposure_dict(), cache.dataset().frames, p.enterprise_id),
                        SUPPLY)


@router.post("/scenarios", response_model=J, operation_id="run_scenario")
async def run_scenario(body: ScenarioIn, p: National, cache: Cache) -> dict:
    """Simulate an embargo / supplier failure and its losses (keyparts.supply.scenario): the
    caller's own products, and aggregates of at least k enterprises (docs/security.md)."""
    from keyparts.priority.assess import run_scenario as run
    from keyparts.supply.scenario import Scenario
    from keyparts.web.disclosure import scenario_view

    sc = Scenario(embargo=tuple(body.embargo), failed_suppliers=tuple(body.failed_suppliers),
                  duration_days=body.duration_days, inventory_days=body.inventory_days,
                  ramp_up_days=body.ramp_up_days, qualify_days=body.qualify_days)
    return await heavy(lambda: scenario_view(run(cache.model(), sc).to_dict(), cache.dataset().frames,
                                             p.enterprise_id))


def tenant_view(cache: Cache, repo: Repo, demand_ids: list[str]) -> Dataset:
    """The public catalog plus what the caller may see: the named demands, visible tests and
    prices (the engines below never see another enterprise's confidential rows)."""
    from keyparts.dataset.schema import TABLE_BY_NAME
    pub = cache.public_dataset()
    frames = dict(pub.frames)
    dem = [repo.get("demands", d) for d in demand_ids]
    frames["demands"] = pd.DataFrame(dem, columns=TABLE_BY_NAME["demands"].column_names)
    parts = frames["parts"].copy()
    prices = repo.prices(parts["id"].tolist())
    parts["unit_price_usd"] = parts["id"].map(prices).astype(float)
    frames["parts"] = parts
    tests, _ = repo.list("tests", limit=1_000_000)
    frames["tests"] = pd.DataFrame(tests, columns=TABLE_BY_NAME["tests"].column_names)
    return Dataset(meta=dict(pub.meta), frames=frames, source="tenant view")


@router.get("/demands/{demand_id}/matches", response_model=J, operation_id="match_demand")
async def match_demand(demand_id: str, p: Caller, cache: Cache, repo: Repo,
                       top: Annotated[int, Query(ge=1, le=200)] = 10) -> dict:
    """Explained matches for a visible demand (keyparts.match.demand)."""
    return await heavy(match_demand_sync, demand_id, cache, repo, top)


def match_demand_sync(demand_id: str, cache: Cache, repo: Repo, top: int = 10) -> dict:
    from keyparts.match.demand import match_dataset_demand
    view = tenant_view(cache, repo, [demand_id])
    return match_dataset_demand(view, demand_id, index=cache.index(), top=top,
                                specialised_makers=cache.specialised_makers()).to_dict()


@router.post("/allocations", response_model=J, operation_id="allocate_demands")
async def allocate_demands(body: AllocateIn, p: Caller, cache: Cache, repo: Repo) -> dict:
    """Share the caller's demands among eligible parts at least cost plus risk (MILP) using the
    makers' offers and the prices the caller may see (keyparts.match.allocate). Every unmet
    quantity says why (``shortfall[].reasons``); the run is saved for audit (``run_id``)."""
    return await heavy(allocate_sync, body, cache, repo, p)


def allocate_sync(body: AllocateIn, cache: Cache, repo: Repo, p) -> dict:
    from keyparts.web.sharing import allocate
    return allocate(cache, repo, p, body.demand_ids, max_suppliers=body.max_suppliers,
                    max_share=body.max_share, min_domestic=body.min_domestic_share)
