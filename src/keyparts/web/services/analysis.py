"""Engines over the stored data as the caller may see them: the national assessment, exposure
and scenarios (aggregates under the k rule of :mod:`keyparts.web.disclosure`; who may ask is
the dependency :data:`keyparts.web.deps.National`), and demand matching and allocation over
the caller's tenant view (its demands, visible life tests and prices). Called by the REST API
and the pages alike; every function is synchronous (routes run it through
:func:`keyparts.web.concurrency.heavy` or :func:`~keyparts.web.concurrency.cached`)."""

from __future__ import annotations

import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.web.auth import Principal
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo


def assessment(cache: DataCache) -> dict:
    """``keyparts assess --json``, once per data version."""
    return cache.assessment_dict()


def exposure(cache: DataCache, p: Principal) -> dict:
    """Import exposure: the caller's own products, and aggregates of at least k enterprises."""
    from keyparts.web.data import SUPPLY
    from keyparts.web.disclosure import exposure_view, min_enterprises
    name = f"exposure:{p.enterprise_id}:k={min_enterprises()}"
    return cache._get(name, lambda: exposure_view(cache.exposure_dict(), cache.dataset().frames, p.enterprise_id),
                      SUPPLY)


def exposure_ready(cache: DataCache, p: Principal) -> list[str]:
    """The cache names :func:`exposure` reads (to answer from the event loop when current)."""
    from keyparts.web.disclosure import min_enterprises
    return [f"exposure:{p.enterprise_id}:k={min_enterprises()}"]


def scenario(cache: DataCache, p: Principal, *, embargo: list[str], failed_suppliers: list[str],
             duration_days: float, inventory_days: float, ramp_up_days: float,
             qualify_days: float | None) -> dict:
    """An embargo / supplier failure and its losses (:mod:`keyparts.supply.scenario`): the
    caller's own products, and aggregates of at least k enterprises."""
    from keyparts.priority.assess import run_scenario
    from keyparts.supply.scenario import Scenario
    from keyparts.web.disclosure import scenario_view
    sc = Scenario(embargo=tuple(embargo), failed_suppliers=tuple(failed_suppliers), duration_days=duration_days,
                  inventory_days=inventory_days, ramp_up_days=ramp_up_days, qualify_days=qualify_days)
    return scenario_view(run_scenario(cache.model(), sc).to_dict(), cache.dataset().frames, p.enterprise_id)


def tenant_view(cache: DataCache, repo: TenantRepo, demand_ids: list[str]) -> Dataset:
    """The public catalog plus what the caller may see: the named demands, visible tests and
    prices (the engines never see another enterprise's confidential rows)."""
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


def match_demand(demand_id: str, cache: DataCache, repo: TenantRepo, top: int = 10) -> dict:
    """Explained matches for a visible demand (``keyparts match --json``)."""
    from keyparts.match.demand import match_dataset_demand
    view = tenant_view(cache, repo, [demand_id])
    return match_dataset_demand(view, demand_id, index=cache.index(), top=top,
                                specialised_makers=cache.specialised_makers()).to_dict()


def allocate(cache: DataCache, repo: TenantRepo, p: Principal, demand_ids: list[str], *,
             max_suppliers: int | None = None, max_share: float | None = None,
             min_domestic: float | None = None) -> dict:
    """Share the caller's demands among eligible parts (:func:`keyparts.web.sharing.allocate`:
    offers, visible prices, reasons for every unmet quantity, the run saved for audit)."""
    from keyparts.web.sharing import allocate as run
    return run(cache, repo, p, demand_ids, max_suppliers=max_suppliers, max_share=max_share,
               min_domestic=min_domestic)
