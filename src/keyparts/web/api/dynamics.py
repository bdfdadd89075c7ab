"""A disruption scenario day by day (issue 15): daily output of the caller's products and, under
the k rule, the national production, final consumption and value added curves, beside the
static estimate. Bounded for the web (``keyparts.web.services.scenario_dynamic.MAX_DAYS``) and
run off the event loop."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from keyparts.web.api.schemas import ScenarioIn
from keyparts.web.concurrency import heavy
from keyparts.web.deps import Cache, National
from keyparts.web.services import scenario_dynamic as svc

router = APIRouter(tags=["analysis"])


class DynamicScenarioIn(ScenarioIn):
    horizon_days: int | None = Field(default=None, ge=1, le=svc.MAX_DAYS,
                                     description="days simulated (default: duration + 30, at most "
                                                 f"{svc.MAX_DAYS})")


class DynamicProduct(BaseModel):
    id: str
    industry: str | None
    output_fraction: list[float] = Field(description="output per day / pre-shock daily output")
    lost_value_usd: float
    time_to_survive_days: int | None = Field(description="first day short (None: never)")
    time_to_recover_days: int | None = Field(description="first day full again to the end "
                                             "(0: never short; None: short on the last day)")
    static_output_fraction: float | None = Field(description="static estimate, over the duration")
    static_lost_value_usd: float | None


class DynamicNational(BaseModel):
    production: list[float] = Field(description="per day, share of pre-shock production")
    final_consumption: list[float]
    value_added: list[float] = Field(description="output less the inputs it uses (SNA 2008 "
                                     "6.8), per day, share of its pre-shock level")
    lost_value_usd: float = Field(description="end products' output lost over the run")
    static_lost_value_usd: float
    lost_value_added_usd: float
    baseline_value_added_usd_per_day: float


class Disclosure(BaseModel):
    k: int
    rule: str


class DynamicScenarioOut(BaseModel):
    scenario: dict
    days: list[int]
    horizon_days: int
    max_days: int
    rationing: str
    products: list[DynamicProduct]
    national: DynamicNational | None
    national_suppressed: bool
    disclosure: Disclosure


def run(body: DynamicScenarioIn, viewer: str | None, cache) -> dict:
    return svc.run_dynamic(cache, embargo=body.embargo, failed_suppliers=body.failed_suppliers,
                           duration_days=body.duration_days, inventory_days=body.inventory_days,
                           ramp_up_days=body.ramp_up_days, qualify_days=body.qualify_days,
                           horizon=body.horizon_days, viewer=viewer)


@router.post("/scenarios/dynamic", response_model=DynamicScenarioOut,
             operation_id="run_dynamic_scenario")
async def run_dynamic_scenario(body: DynamicScenarioIn, p: National, cache: Cache) -> dict:
    """Simulate an embargo / supplier failure day by day on the plant network (Inoue & Todo
    2019 model, proportional rationing) beside the static estimate (keyparts.supply.scenario)."""
    return await heavy(run, body, p.enterprise_id, cache)
