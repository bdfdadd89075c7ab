"""From a dataset to an allocation: eligible pairs by demand matching, then the MILP.

Each demand's eligible (part, supplier) pairs are the candidates that pass
:func:`keyparts.match.demand.match_demand` (specification, status, capacity, application
check). A pair's unit cost is the part's ``unit_price_usd``; its risk penalty is
``risk_weight × unit_price × min(10, risk·t)/10`` with the maker country's risk (0-10) and
export-control factor t from :func:`keyparts.supply.country.country_risk` (an unknown risk
counts as 5), so a part from a country of risk 10 costs ``risk_weight`` more per USD
(default 0.5: +50 %). ``domestic`` is a maker in the dataset's home country. Capacity is
the part's ``annual_capacity``; the MOQ is the optional ``parts.moq`` column, else ``moq``.

An **offer** (a maker's answer to one demand: part, unit price, capacity) makes its part a
pair of that demand at the offered price, capped at the offered capacity, when the part meets
the demand; it takes precedence over the part's list price. Without an offer a part needs a
price its maker shared with the demand's owner.

Every unmet quantity says why (``shortfall[i].reasons``): no candidate meets the demand (and
which filter eliminated the last ones), no maker has shared a price for the parts that meet
it, an offered part that does not meet it, or the binding limits read off the solution
(capacity exhausted, share, domestic rule; :func:`keyparts.match.allocate.allocate`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from keyparts.errors import InputError, NotFoundError
from keyparts.match.allocate import AllocationResult, allocate
from keyparts.match.demand import check_demand, match_demand
from keyparts.match.index import PartIndex, build_index

DEFAULT_RISK_WEIGHT = 0.5


def allocation_inputs(ds, *, index: PartIndex | None = None, demand_ids: Sequence[str] | None = None,
                      risk_weight: float = DEFAULT_RISK_WEIGHT, moq: float = 0.0,
                      allowed_status: Sequence[str] = ("qualified", "production"),
                      offers: pd.DataFrame | None = None, notes: dict[str, list[str]] | None = None,
                      ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float], dict[str, str | None],
                                 dict[str, str]]:
    """(demands, pairs, part_capacity, why_no_pair, skipped) for :func:`allocate` from a typed Dataset.

    ``offers`` (columns demand_id, part_id, unit_price_usd, capacity) price and cap the
    pairs they name (see the module's docstring). ``notes``, when given, receives per demand
    the plain reasons a passing part gave no pair (no shared price, offer not meeting it).

    A stored demand that cannot be matched (a clause of the wrong dimension such as ``d=25kg``,
    an unknown parameter, a load that is not a force, a quantity that is not > 0) is left out
    and reported in ``skipped`` (demand id -> the reason naming the clause), so one bad row
    never stops the allocation of the others.
    """
    from keyparts.supply.country import MAX_RISK, country_risk  # here: keyparts.supply loads SciPy
    if risk_weight < 0:
        raise InputError(f"risk_weight {risk_weight}: expected a number >= 0")
    demands = ds.frames.get("demands")
    if demands is None or not len(demands):
        raise NotFoundError("the dataset has no demands.csv (or it is empty): nothing to allocate")
    if demand_ids:
        unknown = sorted(set(demand_ids) - set(demands["id"]))
        if unknown:
            raise NotFoundError(f"demand(s) {', '.join(unknown)} not found")
        demands = demands[demands["id"].isin(demand_ids)]
    index = index or build_index(ds)
    parts = ds.frames["parts"].set_index("id")
    countries = ds.frames.get("countries")
    home = ds.meta.get("country", "CN")
    country = dict(zip(ds.frames["enterprises"]["id"], ds.frames["enterprises"]["country"]))
    rows, why, skipped = [], {}, {}
    offered: dict[tuple[str, str], tuple[float, float]] = {}
    if offers is not None and len(offers):
        for o in offers.itertuples(index=False):
            cap = float(o.capacity) if pd.notna(o.capacity) else np.inf
            offered[(str(o.demand_id), str(o.part_id))] = (float(o.unit_price_usd), cap)
    notes = notes if notes is not None else {}
    for _, d in demands.iterrows():
        did = str(d["id"])
        try:
            if not pd.to_numeric(d["quantity"], errors="coerce") > 0:
                raise InputError(f"demand {did}: quantity {d['quantity']} is not a number > 0 (pieces)")
            check_demand(d.to_dict(), index)
            res = match_demand(d.to_dict(), index, countries=countries, categories=ds.frames.get("categories"),
                               tests=None, home_country=home, allowed_status=allowed_status, top=10**9,
                               include_failed=False, with_evidence=False)
        except (InputError, NotFoundError) as exc:  # reported, never stops the others
            skipped[did] = str(exc)
            continue
        why[did] = res.eliminated_by
        risk = country_risk(countries, [country.get(c["maker_id"]) for c in res.candidates])
        unpriced = []
        for c, cr in zip(res.candidates, risk):
            p = parts.loc[c["part_id"]]
            price, cap = offered.get((did, c["part_id"]), (np.nan, np.inf))
            if not np.isfinite(price):
                price = float(p["unit_price_usd"]) if pd.notna(p["unit_price_usd"]) else np.nan
            if not np.isfinite(price):
                unpriced.append(c["part_id"])
                continue  # no price, no offer
            rows.append({"demand_id": did, "part_id": c["part_id"], "supplier_id": c["maker_id"],
                         "unit_cost": price,
                         "risk_cost": risk_weight * price * cr / MAX_RISK,
                         "domestic": country.get(c["maker_id"]) == home,
                         "moq": float(p["moq"]) if "moq" in parts.columns and pd.notna(p.get("moq")) else moq,
                         "capacity": cap})
        notes[did] = _notes(did, res, unpriced, offered)
    pairs = pd.DataFrame(rows, columns=["demand_id", "part_id", "supplier_id", "unit_cost", "risk_cost",
                                        "domestic", "moq", "capacity"])
    cap = pd.to_numeric(parts["annual_capacity"], errors="coerce").dropna()
    demands = demands[~demands["id"].astype(str).isin(skipped)]
    if not len(demands):
        raise InputError("no demand can be allocated: " + "; ".join(skipped.values()))
    dem = pd.DataFrame({"demand_id": demands["id"].astype(str).to_numpy(),
                        "quantity": pd.to_numeric(demands["quantity"], errors="coerce").to_numpy(float)})
    return dem, pairs, {str(k): float(v) for k, v in cap.items()}, why, skipped


def _notes(did: str, res, unpriced: list[str], offered: dict[tuple[str, str], tuple[float, float]]) -> list[str]:
    """Why parts of demand ``did`` gave no pair: no candidate at all, no shared price, or an
    offered part that does not meet the demand."""
    out = []
    if not res.candidates:
        out.append(f"no candidate meets {res.eliminated_by}" if res.eliminated_by
                   else "no part of the demand's category meets it")
    if unpriced:
        out.append(f"no maker has shared a price for {len(unpriced)} part(s) that meet it "
                   f"({', '.join(unpriced[:5])}{' ...' if len(unpriced) > 5 else ''}), nor offered one")
    passing = {c["part_id"] for c in res.candidates}
    bad = sorted(p for (d, p) in offered if d == did and p not in passing)
    if bad:
        out.append(f"offered part(s) {', '.join(bad[:5])} do not meet the demand (see its matches)")
    return out


def allocate_dataset(ds, *, index: PartIndex | None = None, demand_ids: Sequence[str] | None = None,
                     risk_weight: float = DEFAULT_RISK_WEIGHT, moq: float = 0.0,
                     offers: pd.DataFrame | None = None, **options: object) -> AllocationResult:
    """Allocate every demand of ``ds`` (or ``demand_ids``) among its eligible parts.

    ``options`` go to :func:`allocate` (max_suppliers, max_share, min_domestic, ...). The
    result's ``inputs`` also record, per demand without any eligible pair, why
    (``no_eligible_pair``), the demands left out because they cannot be matched and why
    (``skipped_demands``, see :func:`allocation_inputs`), and the risk weight used. Each
    shortfall's ``reasons`` start with why parts gave no pair (no candidate, no shared price,
    offers), then the limits binding in the solution. ``offers``: see :func:`allocation_inputs`.
    """
    notes: dict[str, list[str]] = {}
    dem, pairs, cap, why, skipped = allocation_inputs(ds, index=index, demand_ids=demand_ids,
                                                      risk_weight=risk_weight, moq=moq, offers=offers, notes=notes)
    used = {p: cap[p] for p in pairs["part_id"].unique() if p in cap}
    res = allocate(dem, pairs, part_capacity=used, **options)  # type: ignore[arg-type]
    generic = "no eligible supplier"
    short = tuple({**s, "reasons": notes.get(s["demand_id"], [])
                   + [r for r in s["reasons"] if r != generic or not notes.get(s["demand_id"])]}
                  for s in res.shortfall)
    res = dataclasses.replace(res, shortfall=short)
    res.inputs["risk_weight"] = risk_weight
    res.inputs["dataset"] = {k: ds.meta.get(k) for k in ("name", "year", "country")}
    res.inputs["no_eligible_pair"] = {k: v for k, v in why.items() if v}
    res.inputs["skipped_demands"] = skipped
    return res
