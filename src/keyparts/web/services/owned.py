"""Owned rows written from the API and the pages alike: a demand is checked against the
catalogue (its category exists; each clause of ``constraints`` and ``loads`` fits its
parameter, :func:`keyparts.match.demand.check_demand`) before the tenant repository stores it.
Who may write what is the repository's rule (rows of the caller's enterprise only)."""

from __future__ import annotations

from keyparts.errors import InputError
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo


def check_demand(values: dict, cache: DataCache) -> None:
    from keyparts.match.demand import check_demand as check
    if values.get("category_id") not in cache.categories():
        raise InputError(f"category_id: {values.get('category_id')!r} is not a category")
    check(values, cache.index())


def create_demand(values: dict, repo: TenantRepo, cache: DataCache) -> dict:
    """Post a demand of the caller's enterprise (private until shared)."""
    check_demand(values, cache)
    return repo.create("demands", values)


def update_demand(demand_id: str, patch: dict, repo: TenantRepo, cache: DataCache) -> dict:
    check_demand({**repo.get("demands", demand_id), **patch}, cache)
    return repo.update("demands", demand_id, patch)


def sourcing_row(r: dict) -> dict:
    """A sourcing row with its key ``buyer|item|supplier|origin``."""
    return {**r, "key": "|".join(str(r[k]) for k in ("buyer_id", "item_id", "supplier_id", "origin_country"))}


def fit_campaign(test_id: str, repo: TenantRepo, *, dist: str = "weibull2p", method: str = "mle",
                 cl: float = 0.9) -> dict:
    """Fit a life distribution to a stored campaign the caller may see (``keyparts life fit``)."""
    import pandas as pd

    from keyparts.web.lifeio import fit_tests
    df = pd.DataFrame(repo.test_campaign(test_id))
    return fit_tests(df, dist=dist, method=method, cl=cl)[0].to_dict()
